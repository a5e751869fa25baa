"""The desk's counter strip numbers."""

from __future__ import annotations

from datetime import datetime, timedelta

from checkin import badge_codes
from checkin.counts.desk import desk_counts
from checkin.desk import Desk
from checkin.model import Direction
from checkin.store import Store


def code(store: Store, number: int) -> str:
    return badge_codes.mint(store.event_key(), store.event().prefix, number, 1)


def test_counts_follow_entries_exits_and_the_recent_window(
    demo_store: Store, now: datetime
) -> None:
    desk = Desk(demo_store, gate="North Hall", desk_id="desk-a")
    other = Desk(demo_store, gate="South Hall", desk_id="desk-b")
    desk.scan(code(demo_store, 1), now - timedelta(minutes=30))
    desk.scan(code(demo_store, 2), now - timedelta(minutes=5))
    desk.scan(code(demo_store, 3), now)
    other.scan(code(demo_store, 4), now)
    other.direction = Direction.EXIT
    other.scan(code(demo_store, 4), now + timedelta(seconds=10))

    counts = desk_counts(demo_store, "desk-a", now)

    assert (counts.checked_in, counts.inside, counts.capacity) == (4, 3, 3000)
    assert counts.desk_scans == 2  # the scan 30 minutes ago is outside the window
    assert counts.outbox > 0


def test_an_undone_scan_no_longer_counts(demo_store: Store, now: datetime) -> None:
    desk = Desk(demo_store, gate="North Hall", desk_id="desk-a")
    desk.scan(code(demo_store, 1), now)
    desk.undo_last(now)
    counts = desk_counts(demo_store, "desk-a", now)
    assert (counts.checked_in, counts.inside, counts.desk_scans) == (0, 0, 0)
