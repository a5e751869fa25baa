"""What a badge printer is doing, in the words every kind of printer is reported in."""

from __future__ import annotations

from enum import StrEnum


class PrinterState(StrEnum):
    READY = "ready"
    PRINTING = "printing"
    OUT_OF_PAPER = "out_of_paper"
    OFFLINE = "offline"
    ERROR = "error"
    NONE = "none"

    @property
    def takes_jobs(self) -> bool:
        """A job sent now would print (a busy printer queues it)."""
        return self in (PrinterState.READY, PrinterState.PRINTING)
