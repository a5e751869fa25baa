"""A small event where each rule of the decision engine can be reached."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from checkin import badge_codes
from checkin.model import AttendeeRecord, AttendeeState, Category, Event, Gate, OpeningHours
from checkin.store import Store

KEY = bytes(range(32))
EVENT = Event("ev-small", "Small Test Event", "TS26", capacity=20, timezone="Asia/Shanghai")
CATEGORIES = (Category("Attendee", "参会者"), Category("VIP", "贵宾", attention=True))
GATES = (
    Gate("Main"),
    Gate("VIP Door", ("VIP",)),
    Gate("Expo", None, (OpeningHours("09:00", "17:00"),)),
)
ROSTER = (
    AttendeeRecord("Li Wei", "李伟", company="Baowu", email="li@example.com"),
    AttendeeRecord("Bob Stone", category="VIP"),
    AttendeeRecord("Carl Cancel", state=AttendeeState.CANCELLED),
    AttendeeRecord("Bea Blocked", state=AttendeeState.BLOCKED),
    AttendeeRecord("Nora Note", note="wheelchair: open the side gate"),
    AttendeeRecord("Tia Ticket", ticket_code="EXT-2026-ABC1"),
)


def code_for(store: Store, number: int, version: int | None = None) -> str:
    attendee = store.attendee(number)
    assert attendee is not None
    return badge_codes.mint(KEY, EVENT.prefix, number, version or attendee.badge_version)


@pytest.fixture
def small_store(tmp_path: Path, now: datetime) -> Iterator[Store]:
    store = Store.create(
        tmp_path / "small.db",
        event=EVENT,
        categories=CATEGORIES,
        gates=GATES,
        key=KEY,
        now=now,
        desk="desk-a",
    )
    store.upsert_attendees(ROSTER, now)
    yield store
    store.close()
