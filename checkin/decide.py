"""The decision engine: what a scan means, from the desk's own data alone.

``decide`` reads the store and returns a ``Verdict``; it writes nothing and
takes the time as an argument, so every rule can be tested with a fixed
clock.  It must answer every input (10 KB of garbage, NUL bytes, a URL)
with a verdict and never raise: a desk that throws on a shipping label has
stopped working for the whole queue behind it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from checkin import badge_codes
from checkin.model import (
    Attendee,
    AttendeeState,
    Category,
    Direction,
    Event,
    Gate,
    OpeningHours,
    Presence,
    RecentScan,
    SeenAt,
    Status,
    Verdict,
)
from checkin.timeutil import iso, to_millis

REPEAT_WINDOW_MS = 3000
NEARLY_FULL_RATIO = 0.95
MAX_SCAN_TEXT = 512
STORED_CODE_CHARS = 200

# An external ticket code: letters and digits (both), with a few separators.
# A phone number (digits only) or a URL does not match.
_TICKET_SHAPE = re.compile(r"(?=.*[A-Za-z])(?=.*[0-9])[A-Za-z0-9._\-]{4,64}")


class DecisionState(Protocol):
    """What ``decide`` needs to know; ``Store`` provides it."""

    def event(self) -> Event: ...
    def event_key(self) -> bytes: ...
    def attendee(self, number: int) -> Attendee | None: ...
    def attendee_by_ticket(self, ticket_code: str) -> Attendee | None: ...
    def has_ticket_codes(self) -> bool: ...
    def category(self, name: str) -> Category | None: ...
    def gate(self, name: str) -> Gate | None: ...
    def gates(self) -> list[Gate]: ...
    def presence(self, number: int) -> Presence | None: ...
    def inside_count(self) -> int: ...
    def recent_scan(self, desk: str, code: str, since_ms: int) -> RecentScan | None: ...


def clean_scan_text(text: str) -> str | None:
    """The scanned text as it will be looked up, or None if it cannot be a code.

    Scanners add a trailing newline or tab; anything with control
    characters inside, or longer than any code, is not a badge.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_SCAN_TEXT:
        return None
    if any(unicodedata.category(char)[0] == "C" for char in stripped):
        return None
    return stripped


def stored_code(text: str) -> str:
    """The scanned text as it is kept in the scan fact: short and printable."""
    cleaned = clean_scan_text(text)
    if cleaned is not None:
        return badge_codes.normalize(cleaned)[:STORED_CODE_CHARS]
    printable = "".join(
        c if unicodedata.category(c)[0] != "C" else "?" for c in text[:STORED_CODE_CHARS]
    )
    return printable.strip()


def gate_is_open(gate: Gate, now: datetime, timezone: str) -> bool:
    """True when ``now`` falls in one of the gate's opening windows (or it has none).

    A window is either two local times (``08:00`` to ``18:00``, every day)
    or two local date-times.
    """
    if not gate.hours:
        return True
    local = now.astimezone(ZoneInfo(timezone))
    return any(_in_window(window, local) for window in gate.hours)


def _in_window(window: OpeningHours, local: datetime) -> bool:
    if "T" in window.start or "-" in window.start:
        zone = local.tzinfo
        start = datetime.fromisoformat(window.start)
        end = datetime.fromisoformat(window.end)
        start = start if start.tzinfo else start.replace(tzinfo=zone)
        end = end if end.tzinfo else end.replace(tzinfo=zone)
        return start <= local < end
    start_time, end_time = time.fromisoformat(window.start), time.fromisoformat(window.end)
    return start_time <= local.time().replace(tzinfo=None) < end_time


def base_verdict(state: DecisionState, gate: str, direction: Direction, now: datetime) -> Verdict:
    """A ``not_a_badge`` verdict stamped with the place and time, to refine."""
    return Verdict(Status.NOT_A_BADGE, gate, direction, iso(to_millis(now), state.event().timezone))


def decide(
    text: str,
    state: DecisionState,
    *,
    gate: str,
    direction: Direction,
    now: datetime,
    desk: str,
) -> Verdict:
    """The verdict for ``text`` scanned at ``gate`` of ``desk`` at ``now``."""
    event = state.event()
    at_ms = to_millis(now)
    base = base_verdict(state, gate, direction, now)

    cleaned = clean_scan_text(text)
    if cleaned is None:
        return base
    code = badge_codes.normalize(cleaned)[:STORED_CODE_CHARS]

    recent = state.recent_scan(desk, code, at_ms - REPEAT_WINDOW_MS)
    if recent is not None:
        attendee = state.attendee(recent.attendee) if recent.attendee is not None else None
        return _with(
            base,
            Status.REPEAT,
            attendee=attendee.summary() if attendee else None,
            previous=Status(recent.status),
        )

    parsed = badge_codes.parse(cleaned)
    if parsed is not None:
        if parsed.prefix != event.prefix:
            return _with(base, Status.WRONG_EVENT, detail=parsed.prefix)
        if not badge_codes.is_authentic(state.event_key(), parsed):
            return _with(base, Status.FORGED)
        found = state.attendee(parsed.number)
        if found is None:
            return _with(base, Status.UNKNOWN)
        if parsed.version < found.badge_version:
            return _with(
                base,
                Status.REVOKED,
                attendee=found.summary(),
                current_version=found.badge_version,
                scanned_version=parsed.version,
            )
        return judge(found, state, base, now)

    found = state.attendee_by_ticket(cleaned) or state.attendee_by_ticket(code)
    if found is not None:
        return judge(found, state, base, now)
    if _TICKET_SHAPE.fullmatch(cleaned) and state.has_ticket_codes():
        return _with(base, Status.UNKNOWN)
    return base


def judge(attendee: Attendee, state: DecisionState, base: Verdict, now: datetime) -> Verdict:
    """The verdict for a known attendee, whatever way they were identified.

    Used for badge codes, ticket codes and a manual check-in from search.
    """
    who = attendee.summary()
    if attendee.state is not AttendeeState.ACTIVE:
        return _with(base, Status.BLOCKED, attendee=who, detail=attendee.state.value)
    presence = state.presence(attendee.number)
    inside_now = presence is not None and presence.inside

    if base.direction is Direction.EXIT:
        if not inside_now:
            return _with(base, Status.NOT_INSIDE, attendee=who)
        return _with(base, Status.EXITED, attendee=who)

    gate = state.gate(base.gate)
    if gate is None or (gate.categories is not None and attendee.category not in gate.categories):
        allowed = tuple(
            g.name
            for g in state.gates()
            if g.categories is None or attendee.category in g.categories
        )
        return _with(base, Status.NOT_ALLOWED, attendee=who, allowed_gates=allowed)
    event = state.event()
    if not gate_is_open(gate, now, event.timezone):
        hours = ", ".join(f"{h.start}-{h.end}" for h in gate.hours)
        return _with(base, Status.CLOSED, attendee=who, detail=hours)
    if presence is not None and inside_now:
        return _with(
            base,
            Status.ALREADY_INSIDE,
            attendee=who,
            first_seen=SeenAt(
                iso(presence.last_at, event.timezone), presence.last_gate, presence.last_desk
            ),
        )
    inside = state.inside_count()
    counts = {"inside": inside, "capacity": event.capacity}
    if inside >= event.capacity:
        return _with(base, Status.FULL, attendee=who, **counts)
    category = state.category(attendee.category)
    if (category is not None and category.attention) or attendee.note:
        return _with(base, Status.ATTENTION, attendee=who, **counts)
    if inside + 1 >= NEARLY_FULL_RATIO * event.capacity:
        return _with(base, Status.NEARLY_FULL, attendee=who, **counts)
    return _with(base, Status.ENTERED, attendee=who, **counts)


def _with(base: Verdict, status: Status, **changes: object) -> Verdict:
    return replace(base, status=status, **changes)  # type: ignore[arg-type]
