"""Reading a whole roster file: good rows in, bad rows reported by line, nothing in between."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from checkin.model import AttendeeRecord, Category
from checkin.roster.result import Roster, RowError
from checkin.roster.rows import BadRow, CategoryLookup, RowParser
from checkin.roster.tables import open_table

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Unknown totals (a workbook without its dimension) report every this many rows.
_UNKNOWN_TOTAL_STEP = 1000


class Ticker:
    """Calls ``progress(done, total)`` about a hundred times however long the file is."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total = total
        self.progress = progress
        self.step = max(1, total // 100) if total else _UNKNOWN_TOTAL_STEP
        self.next = self.step
        self.done = 0

    def at(self, done: int) -> None:
        self.done = done
        if self.progress is not None and done >= self.next:
            self.progress(done, max(done, self.total))
            self.next = done + self.step

    def finish(self) -> None:
        if self.progress is not None:
            end = max(self.done, self.total)
            self.progress(end, end)


class _Seen:
    """Emails, ticket codes and numbers of the good rows so far, with their lines."""

    def __init__(self) -> None:
        self.emails: dict[str, int] = {}
        self.tickets: dict[str, int] = {}
        self.numbers: dict[int, int] = {}

    def claim(self, line: int, record: AttendeeRecord) -> None:
        email, ticket = record.email.casefold(), record.ticket_code.casefold()
        if record.number is not None and record.number in self.numbers:
            raise BadRow(
                f"The number {record.number} is already used on line {self.numbers[record.number]}."
            )
        if email and email in self.emails:
            raise BadRow(f"The email {record.email} is already used on line {self.emails[email]}.")
        # Case-insensitively: a keyboard-wedge scanner may type a code in either case.
        if ticket and ticket in self.tickets:
            raise BadRow(
                f"The ticket code {record.ticket_code} is already used on line "
                f"{self.tickets[ticket]}."
            )
        if record.number is not None:
            self.numbers[record.number] = line
        if email:
            self.emails[email] = line
        if ticket:
            self.tickets[ticket] = line


def read_roster(
    path: Path, *, categories: Sequence[Category], progress: Progress | None = None
) -> Roster:
    """Read a CSV or XLSX roster; raises RosterError when the file as a whole is unusable."""
    table = open_table(path)
    try:
        parser = RowParser(table.columns, CategoryLookup.of(categories))
        ticker = Ticker(table.total, progress)
        seen = _Seen()
        rows: list[tuple[int, AttendeeRecord]] = []
        errors: list[RowError] = []
        for line, cells in table.rows:
            ticker.at(line)
            try:
                record = parser.parse(cells)
                seen.claim(line, record)
            except BadRow as bad:
                errors.append(RowError(line, str(bad)))
                continue
            rows.append((line, record))
        ticker.finish()
    finally:
        table.close()
    log.info(
        "read %s (%s): %d rows, %d bad, columns %s",
        path.name,
        table.encoding,
        len(rows),
        len(errors),
        table.columns.fields,
    )
    return Roster(rows, errors, table.encoding, table.delimiter, dict(table.columns.fields))
