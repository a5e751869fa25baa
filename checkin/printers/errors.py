"""How sending a badge to a printer can fail, split by what the sender may do next.

The split is the whole point: a job that certainly did not print can go to
the next printer of the pool, one that may have printed must not be sent
again without a person looking at the printer.
"""

from __future__ import annotations

from checkin.errors import UserError
from checkin.printers.state import PrinterState


class PrinterError(UserError):
    """A printer cannot take a badge; the message names the printer and what to do."""


class PrinterUrlError(PrinterError, ValueError):
    """A printer URL is malformed or names an unknown model, label or option."""


class LabelError(PrinterError, ValueError):
    """The badge cannot be laid on this printer's labels (a sheet template, too wide)."""


class NotDelivered(PrinterError):
    """The printer did not get the whole job, so it cannot have printed it: send it elsewhere."""

    def __init__(self, message: str, state: PrinterState = PrinterState.OFFLINE) -> None:
        super().__init__(message)
        self.state = state


class InDoubt(PrinterError):
    """The whole job left but the printer never confirmed it: it may or may not have printed."""
