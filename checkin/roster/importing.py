"""Importing a roster into a store: new people added, known people updated, conflicts reported.

The store matches each record to an attendee by ``checkin.matching.match``.
Before handing it the rows, this module runs the same rule over the store's attendees and the rows already
accepted, so that a row which would take another attendee's email or ticket
code, or overwrite what an earlier row of the same file wrote, is reported by
line instead of silently merging two people.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Protocol

from checkin import matching
from checkin.model import Attendee, AttendeeRecord, Category
from checkin.roster.reading import Progress, read_roster
from checkin.roster.result import ImportResult, RowError
from checkin.roster.rows import BadRow
from checkin.timeutil import utc_now

log = logging.getLogger(__name__)


class AttendeeStore(Protocol):
    """What importing needs of ``checkin.store.Store``."""

    def categories(self) -> list[Category]: ...

    def attendees(self) -> list[Attendee]: ...

    def upsert_attendees(
        self, records: Sequence[AttendeeRecord], now: datetime
    ) -> tuple[int, int, int]: ...


@dataclass(frozen=True)
class _Target:
    """Who a row would write to: an attendee already in the store, or an earlier row."""

    number: int | None = None
    name: str = ""
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"line {self.line}"
        return f"attendee {self.number} ({self.name})"


class _Known(NamedTuple):
    """A target as the matching rule sees it: who, and the email and ticket code it holds."""

    target: _Target
    email: str
    ticket_code: str


class _Matcher:
    """The store's matching rule over its attendees plus the rows accepted so far.

    The four ``attendee*`` methods are the lookups ``checkin.matching.match`` steps through.
    """

    def __init__(self, attendees: Sequence[Attendee]) -> None:
        self.by_number: dict[int, _Known] = {}
        self.by_email: dict[str, _Known] = {}
        self.by_ticket: dict[str, _Known] = {}
        # Case-folded, for conflicts: a scanner may type a code in either case.
        self.ticket_holders: dict[str, _Target] = {}
        self.by_person: dict[tuple[str, str], _Known] = {}
        self.claimed: dict[_Target, int] = {}
        for attendee in attendees:
            self._index(_Target(attendee.number, attendee.name), attendee.as_record())

    def _index(self, target: _Target, record: AttendeeRecord) -> None:
        known = _Known(target, record.email, record.ticket_code)
        if record.number is not None:
            self.by_number[record.number] = known
        if record.email:
            self.by_email.setdefault(record.email.casefold(), known)
        if record.ticket_code:
            self.by_ticket.setdefault(record.ticket_code, known)
            self.ticket_holders.setdefault(record.ticket_code.casefold(), target)
        self.by_person.setdefault((record.name, record.company), known)

    def attendee(self, number: int) -> _Known | None:
        return self.by_number.get(number)

    def attendee_by_email(self, email: str) -> _Known | None:
        return self.by_email.get(email.casefold())

    def attendee_by_ticket(self, ticket_code: str) -> _Known | None:
        return self.by_ticket.get(ticket_code)

    def attendee_by_name(self, name: str, company: str) -> _Known | None:
        return self.by_person.get((name, company))

    def match(self, record: AttendeeRecord) -> _Target | None:
        known = matching.match(record, self)
        return None if known is None else known.target

    def accept(self, line: int, record: AttendeeRecord) -> None:
        """Check a row against everyone before it, then make it one of them."""
        target = self.match(record)
        if target is not None and target.line is not None:
            raise BadRow(
                f"It has the same name and company as line {target.line} and would overwrite "
                "it; give each row its own number in an id column."
            )
        if target is not None and target in self.claimed:
            raise BadRow(f"Line {self.claimed[target]} already updates {target}.")
        holder = self.attendee_by_email(record.email) if record.email else None
        if holder is not None and holder.target != target:
            raise BadRow(f"The email {record.email} already belongs to {holder.target}.")
        ticket = record.ticket_code.casefold()
        ticket_holder = self.ticket_holders.get(ticket) if ticket else None
        if ticket_holder is not None and ticket_holder != target:
            raise BadRow(
                f"The ticket code {record.ticket_code} already belongs to {ticket_holder}."
            )
        if target is None:
            target = _Target(record.number, record.name, line)
        self.claimed[target] = line
        self._index(target, record)


def import_roster(
    store: AttendeeStore,
    path: Path,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Read a roster with the store's categories and add or update its attendees.

    The good rows go in as one transaction; bad rows (in the file, or
    clashing with attendees already in the store) are left out and listed.
    """
    roster = read_roster(path, categories=store.categories(), progress=progress)
    matcher = _Matcher(store.attendees())
    records: list[AttendeeRecord] = []
    errors = list(roster.errors)
    for line, record in roster.rows:
        try:
            matcher.accept(line, record)
        except BadRow as bad:
            errors.append(RowError(line, str(bad)))
            continue
        records.append(record)
    errors.sort(key=lambda error: error.line)
    added, updated, unchanged = store.upsert_attendees(records, now or utc_now())
    log.info(
        "imported %s: %d added, %d updated, %d unchanged, %d rows skipped",
        path.name,
        added,
        updated,
        unchanged,
        len(errors),
    )
    return ImportResult(added, updated, unchanged, errors, roster.encoding)
