"""The badge failures a user can meet, importable without loading the renderer's needs."""

from __future__ import annotations

from checkin.errors import UserError


class BadgeError(UserError):
    """A badge cannot be printed as asked (unknown category or attendee); says what to do."""


class BadgeQrError(UserError, ValueError):
    """A badge code cannot be drawn as a small alphanumeric QR symbol."""
