"""Which attendee a roster record is: the one matching rule, for the store and the importer.

A record names its attendee by number when it has one; otherwise by email
(in any case), else by ticket code, else by name and company.  Two people
may share a name and a company, so a namesake whose email or ticket code
differs from the record's is someone else.

The store applies the rule with one indexed query per step, the importer
over in-memory indexes of the store's attendees and the rows it accepted
so far; both hand their lookups to ``match`` so they cannot drift apart.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from checkin.model import AttendeeRecord


class Candidate(Protocol):
    """What the rule reads of a found attendee to tell a namesake from the same person."""

    @property
    def email(self) -> str: ...

    @property
    def ticket_code(self) -> str: ...


C = TypeVar("C", bound=Candidate)
C_co = TypeVar("C_co", bound=Candidate, covariant=True)


class AttendeeLookup(Protocol[C_co]):
    """The four lookups the rule steps through; each answers the first attendee found."""

    def attendee(self, number: int) -> C_co | None: ...

    def attendee_by_email(self, email: str) -> C_co | None:
        """Case-insensitively; an empty email finds nobody."""
        ...

    def attendee_by_ticket(self, ticket_code: str) -> C_co | None: ...

    def attendee_by_name(self, name: str, company: str) -> C_co | None: ...


def same_email(first: str, second: str) -> bool:
    return first.casefold() == second.casefold()


def match(record: AttendeeRecord, lookup: AttendeeLookup[C]) -> C | None:
    """The attendee ``record`` describes, or None when it is someone new."""
    if record.number is not None:
        return lookup.attendee(record.number)
    if record.email and (found := lookup.attendee_by_email(record.email)) is not None:
        return found
    if record.ticket_code and (found := lookup.attendee_by_ticket(record.ticket_code)) is not None:
        return found
    namesake = lookup.attendee_by_name(record.name, record.company)
    if namesake is None:
        return None
    if record.email and namesake.email and not same_email(record.email, namesake.email):
        return None
    if record.ticket_code and namesake.ticket_code and record.ticket_code != namesake.ticket_code:
        return None
    return namesake
