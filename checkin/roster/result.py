"""What reading and importing a roster give back, and the one error a user can meet."""

from __future__ import annotations

from dataclasses import dataclass

from checkin.errors import UserError
from checkin.model import AttendeeRecord


class RosterError(UserError):
    """The file as a whole cannot be read as a roster; the message says why and what to do."""


@dataclass(frozen=True)
class RowError:
    """A row left out of the import.

    ``line`` is what the user sees in their editor: the physical line of a CSV
    file (the header is line 1) or the row number of an Excel sheet.
    """

    line: int
    reason: str


@dataclass(frozen=True)
class Roster:
    """The good rows of a roster file, each with its line, and the bad ones."""

    rows: list[tuple[int, AttendeeRecord]]
    errors: list[RowError]
    # A Python codec name for text files, "xlsx" for workbooks.
    encoding: str
    # None for workbooks.
    delimiter: str | None
    # Header as written in the file -> the AttendeeRecord field it fills.
    columns: dict[str, str]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    errors: list[RowError]
    encoding: str
