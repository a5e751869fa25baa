"""The one base of every error a person can meet.

A ``UserError`` carries a message that says what happened and what to do,
in one sentence; the CLI prints it as ``checkin: MESSAGE`` and exits 1, and
the windows show it in a dialog or the status line.  Anything else that
escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the person at the keyboard can understand and act on."""


class OutputError(UserError):
    """A file the user asked for cannot be written where they asked."""
