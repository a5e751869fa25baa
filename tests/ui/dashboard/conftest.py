"""A simulated morning at the demo venue, with the mess the dashboard must count right.

The demo's own simulation brings exits, re-entries, revoked badges (old
versions of reprinted ones) and refused scans; on top of it, two desks that
were cut off from each other admit the same three people (merged double
entries), desks report their camera and outbox, and the last hour gets a few
more red verdicts.  Built once per session and copied for each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin import badge_codes, hlc
from checkin.demo import create_demo_event, morning_start, simulate_morning
from checkin.desk import Desk
from checkin.facts import Fact, Kind, new_fact_id
from checkin.model import AttendeeState, Direction
from checkin.store import Store
from checkin.timeutil import to_millis

# The moment the dashboard is read at: just after the demo morning's last scan.
END = morning_start().replace(hour=12, minute=11)
PARTITIONED = 3

_TEMPLATE: dict[str, bytes] = {}


def code_of(store: Store, number: int, version: int | None = None) -> str:
    attendee = store.attendee(number)
    assert attendee is not None
    event = store.event()
    return badge_codes.mint(
        store.event_key(), event.prefix, number, version or attendee.badge_version
    )


def absent_attendees(store: Store, count: int) -> list[int]:
    return [
        a.number
        for a in store.attendees()
        if a.state is AttendeeState.ACTIVE and store.presence(a.number) is None
    ][:count]


def build_morning(path: Path) -> None:
    """The demo morning plus a partition, desk reports and late red verdicts, in ``path``."""
    with create_demo_event(path) as store:
        simulate_morning(store)
        other = Store.new(path.with_name(path.stem + "-apart.db"), desk="desk-south")
        other.merge(store.facts())
        north = Desk(store, gate="North Hall", desk_id="desk-north")
        south = Desk(other, gate="South Hall", desk_id="desk-south")
        at = END - timedelta(minutes=11)
        for step, number in enumerate(absent_attendees(store, PARTITIONED)):
            north.scan(code_of(store, number), at + timedelta(minutes=step))
            south.scan(code_of(other, number), at + timedelta(minutes=step, seconds=20))
        store.merge(other.facts())
        other.close()

        late = END - timedelta(minutes=40)
        reprinted = [a.number for a in store.attendees() if a.badge_version > 1][:2]
        for step, number in enumerate(reprinted):
            north.scan(code_of(store, number, 1), late + timedelta(minutes=step))
        north.scan("https://example.com/ticket?id=1", late + timedelta(minutes=5))
        vip = Desk(store, gate="VIP", desk_id="desk-vip")
        plain = next(a.number for a in store.attendees() if a.category == "Attendee")
        vip.scan(code_of(store, plain), late + timedelta(minutes=8))

        reports = [
            ("desk-north", {"camera": "running", "outbox": 0, "gate": "North Hall"}, 30),
            ("desk-south", {"camera": "running", "outbox": 3, "gate": "South Hall"}, 20),
            ("desk-vip", {"camera": "running", "outbox": 0, "gate": "VIP"}, 50),
            ("desk-expo", {"camera": "lost", "outbox": 12, "gate": "Exhibition"}, 9 * 60),
        ]
        # Each desk stamps its report with its own clock, as it would on its own machine.
        store.merge(
            Fact(new_fact_id(), Kind.DESK_STATUS, desk, hlc.pack(to_millis(END) - ago * 1000), body)
            for desk, body, ago in reports
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture
def morning_path(tmp_path: Path) -> Path:
    path = tmp_path / "morning.db"
    if "morning" not in _TEMPLATE:
        template = tmp_path / "template" / "morning.db"
        template.parent.mkdir()
        build_morning(template)
        _TEMPLATE["morning"] = template.read_bytes()
    path.write_bytes(_TEMPLATE["morning"])
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def morning(morning_path: Path) -> Iterator[Store]:
    store = Store.open(morning_path)
    yield store
    store.close()


@pytest.fixture
def end() -> datetime:
    return END


def walk_in(store: Store, number: int, at: datetime, gate: str = "North Hall") -> None:
    """Admit one more person, as a desk in another process would."""
    Desk(store, gate=gate, direction=Direction.ENTRY, desk_id="desk-north").scan(
        code_of(store, number), at
    )
