"""The values the core passes around: events, attendees, scans and verdicts.

Plain frozen dataclasses, so that the UI, the CLI and the tests can build and
compare them without a store.  Status codes are strings (``StrEnum``) because
they are the CLI's JSON contract and the UI's translation keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Direction(StrEnum):
    ENTRY = "entry"
    EXIT = "exit"


class Color(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Status(StrEnum):
    """What a scan means.  The UI turns each into words; the core never does."""

    ENTERED = "entered"
    EXITED = "exited"
    ALREADY_INSIDE = "already_inside"
    ATTENTION = "attention"
    NEARLY_FULL = "nearly_full"
    UNKNOWN = "unknown"
    FORGED = "forged"
    WRONG_EVENT = "wrong_event"
    REVOKED = "revoked"
    BLOCKED = "blocked"
    NOT_ALLOWED = "not_allowed"
    CLOSED = "closed"
    FULL = "full"
    NOT_INSIDE = "not_inside"
    NOT_A_BADGE = "not_a_badge"
    REPEAT = "repeat"
    # Not a judgement on the badge: the desk could not write the scan down
    # (disk full, read-only store), so it must never show green.
    NOT_RECORDED = "not_recorded"

    @property
    def color(self) -> Color:
        return STATUS_COLORS[self]

    @property
    def accepted(self) -> bool:
        """True when the person passes and the scan changes who is inside."""
        return self in ACCEPTED_STATUSES


STATUS_COLORS: dict[Status, Color] = {
    Status.ENTERED: Color.GREEN,
    Status.EXITED: Color.GREEN,
    Status.ALREADY_INSIDE: Color.AMBER,
    Status.ATTENTION: Color.AMBER,
    Status.NEARLY_FULL: Color.AMBER,
    Status.REPEAT: Color.AMBER,
    Status.UNKNOWN: Color.RED,
    Status.FORGED: Color.RED,
    Status.WRONG_EVENT: Color.RED,
    Status.REVOKED: Color.RED,
    Status.BLOCKED: Color.RED,
    Status.NOT_ALLOWED: Color.RED,
    Status.CLOSED: Color.RED,
    Status.FULL: Color.RED,
    Status.NOT_INSIDE: Color.RED,
    Status.NOT_A_BADGE: Color.RED,
    Status.NOT_RECORDED: Color.RED,
}

ACCEPTED_STATUSES = frozenset({Status.ENTERED, Status.EXITED, Status.ATTENTION, Status.NEARLY_FULL})


class AttendeeState(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class OpeningHours:
    """A window in which a gate is open, as ISO 8601 local datetimes or times."""

    start: str
    end: str


@dataclass(frozen=True)
class Gate:
    name: str
    # None admits every category.
    categories: tuple[str, ...] | None = None
    hours: tuple[OpeningHours, ...] = ()


@dataclass(frozen=True)
class Category:
    name: str
    label_zh: str = ""
    color: str = "#2f6fdf"
    # Attendees of this category are accepted with an amber "attention" verdict.
    attention: bool = False


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    prefix: str
    capacity: int
    timezone: str = "Asia/Shanghai"
    name_zh: str = ""
    venue: str = ""


@dataclass(frozen=True)
class AttendeeRecord:
    """One attendee as it comes from a roster row or a walk-in form.

    ``number`` is assigned by the store when the roster does not give one.
    """

    name: str
    name_alt: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    category: str = "Attendee"
    note: str = ""
    ticket_code: str = ""
    state: AttendeeState = AttendeeState.ACTIVE
    number: int | None = None


@dataclass(frozen=True)
class Attendee:
    number: int
    name: str
    name_alt: str
    company: str
    title: str
    email: str
    phone: str
    category: str
    note: str
    ticket_code: str
    state: AttendeeState
    badge_version: int

    def as_record(self) -> AttendeeRecord:
        # Every field of a record is a field of the attendee: one added to the
        # record is carried over without being listed here as well.
        return AttendeeRecord(**{f.name: getattr(self, f.name) for f in fields(AttendeeRecord)})

    def summary(self) -> AttendeeSummary:
        """What a verdict may show of this person (no phone, no email)."""
        shown = {f.name: getattr(self, f.name) for f in fields(AttendeeSummary) if f.name != "id"}
        return AttendeeSummary(id=self.number, **shown)


@dataclass(frozen=True)
class AttendeeSummary:
    """What a verdict screen may show of a person: no phone, no email."""

    id: int
    name: str
    name_alt: str
    company: str
    category: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "name_alt": self.name_alt,
            "company": self.company,
            "category": self.category,
            "note": self.note,
        }


@dataclass(frozen=True)
class SeenAt:
    """Where and when a person was accepted before (for already_inside)."""

    at: str
    gate: str
    desk: str


@dataclass(frozen=True)
class Verdict:
    """The answer to one scan: a status code and the facts behind it."""

    status: Status
    gate: str
    direction: Direction
    at: str
    attendee: AttendeeSummary | None = None
    first_seen: SeenAt | None = None
    current_version: int | None = None
    scanned_version: int | None = None
    allowed_gates: tuple[str, ...] = ()
    inside: int | None = None
    capacity: int | None = None
    # For REPEAT: the status of the scan being repeated.
    previous: Status | None = None
    detail: str = ""
    fact_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def color(self) -> Color:
        if self.status is Status.REPEAT and self.previous is not None:
            return self.previous.color
        return self.status.color

    @property
    def accepted(self) -> bool:
        return self.status.accepted

    def to_json(self) -> dict[str, Any]:
        from checkin.verdict_text import verdict_message

        return {
            "status": self.status.value,
            "color": self.color.value,
            "accepted": self.accepted,
            "attendee": self.attendee.to_json() if self.attendee else None,
            "message": verdict_message(self),
            "gate": self.gate,
            "direction": self.direction.value,
            "time": self.at,
            "first_seen": (
                {
                    "at": self.first_seen.at,
                    "gate": self.first_seen.gate,
                    "desk": self.first_seen.desk,
                }
                if self.first_seen
                else None
            ),
            "current_version": self.current_version,
            "scanned_version": self.scanned_version,
            "allowed_gates": list(self.allowed_gates),
            "inside": self.inside,
            "capacity": self.capacity,
            "previous": self.previous.value if self.previous else None,
            "fact_id": self.fact_id,
        }


@dataclass(frozen=True)
class Presence:
    """Where one attendee is, as the presence projection holds it: what ``decide`` reads."""

    attendee: int
    first_at: int | None
    first_gate: str | None
    first_desk: str | None
    last_at: int
    last_gate: str
    last_desk: str
    last_direction: str
    inside: bool
    entries: int
    exits: int
    conflicts: int


@dataclass(frozen=True)
class RecentScan:
    """A desk's recent scan, for the repeat rule and undo."""

    fact_id: str
    status: str
    at_ms: int
    attendee: int | None


class PrintJobState(StrEnum):
    """Where a badge sent to a printer stands in the desk's print journal."""

    QUEUED = "queued"  # waiting for a printer; safe to send
    SENT = "sent"  # handed to a printer, not yet confirmed: never resent blindly
    DONE = "done"  # the printer confirmed it; the print is recorded
    FAILED = "failed"  # given up on; ``error`` says why


@dataclass(frozen=True)
class PrintJob:
    """One badge in the print journal (local to the desk: printers are the desk's own)."""

    id: int
    number: int
    version: int
    state: PrintJobState
    printer: str
    error: str
    attempts: int
    queued_ms: int
    changed_ms: int
