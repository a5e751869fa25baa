"""The dashboard's snapshot: gauge levels, desk health, red verdicts, conflicts, freshness."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin import hlc
from checkin.counts.dashboard import DashboardFeed, FillLevel, fill_level, report_snapshot
from checkin.counts.headcounts import conflicts, headcounts
from checkin.desk import Desk
from checkin.facts import Fact, Kind, new_fact_id
from checkin.model import Direction
from checkin.store import Store
from checkin.timeutil import to_millis
from tests.checkin.conftest import code_for

MINUTE = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("inside", "capacity", "level"),
    [
        (0, 3000, FillLevel.NORMAL),
        (2699, 3000, FillLevel.NORMAL),
        (2700, 3000, FillLevel.AMBER),  # exactly 90%
        (2999, 3000, FillLevel.AMBER),
        (3000, 3000, FillLevel.RED),  # exactly full
        (3100, 3000, FillLevel.RED),
        (8, 9, FillLevel.NORMAL),  # 88.9%: no rounding up
        (9, 10, FillLevel.AMBER),
        (0, 0, FillLevel.NORMAL),
        (1, 0, FillLevel.RED),
    ],
)
def test_the_gauge_turns_amber_at_90_percent_and_red_at_capacity(
    inside: int, capacity: int, level: FillLevel
) -> None:
    assert fill_level(inside, capacity) is level


def status_fact(desk: str, at: datetime, body: dict[str, object]) -> Fact:
    """A desk's report stamped by its own clock, as it arrives from that desk."""
    return Fact(new_fact_id(), Kind.DESK_STATUS, desk, hlc.pack(to_millis(at)), body)


def clock_at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


@pytest.mark.parametrize(("quiet_seconds", "silent"), [(60, False), (120, False), (121, True)])
def test_a_desk_quiet_for_more_than_2_minutes_is_silent(
    small_store: Store, now: datetime, quiet_seconds: int, silent: bool
) -> None:
    Desk(small_store, gate="Main", desk_id="desk-a").scan(code_for(small_store, 1), now)
    snapshot = report_snapshot(small_store, now + timedelta(seconds=quiet_seconds))
    (desk,) = snapshot.desks
    assert (desk.desk, desk.gate, desk.silent) == ("desk-a", "Main", silent)
    assert snapshot.silent_desks == (["desk-a"] if silent else [])


def test_desk_health_takes_camera_and_outbox_from_the_desks_reports(
    small_store: Store, now: datetime
) -> None:
    Desk(small_store, gate="Main", desk_id="desk-a").scan(code_for(small_store, 1), now)
    small_store.merge(
        [
            status_fact("desk-a", now + MINUTE, {"camera": "running", "outbox": 3}),
            status_fact("desk-b", now - 10 * MINUTE, {"camera": "lost", "outbox": 12}),
            status_fact("desk-c", now, {"camera": ["not", "text"], "outbox": "many"}),
        ]
    )
    snapshot = report_snapshot(small_store, now + 2 * MINUTE)
    health = {desk.desk: desk for desk in snapshot.desks}
    assert (health["desk-a"].camera, health["desk-a"].outbox) == ("running", 3)
    assert health["desk-a"].last_fact_ms == to_millis(now + MINUTE)
    assert not health["desk-a"].silent
    assert (health["desk-b"].camera, health["desk-b"].outbox, health["desk-b"].silent) == (
        "lost",
        12,
        True,
    )
    assert (health["desk-c"].camera, health["desk-c"].outbox) == (None, None)


def test_scans_in_the_last_15_minutes_are_counted_per_desk(
    small_store: Store, now: datetime
) -> None:
    desk = Desk(small_store, gate="Main", desk_id="desk-a")
    for step, number in enumerate([1, 2, 5, 6]):
        desk.scan(code_for(small_store, number), now + step * 5 * MINUTE)  # 0, 5, 10, 15 min
    snapshot = report_snapshot(small_store, now + 17 * MINUTE)
    assert snapshot.desks[0].scans_recent == 3  # the one at 0 min is 17 minutes old


def test_red_verdicts_of_the_last_hour_carry_their_reason_and_leave_after_an_hour(
    small_store: Store, now: datetime
) -> None:
    desk = Desk(small_store, gate="Main", desk_id="desk-a")
    desk.scan(code_for(small_store, 3), now)  # cancelled attendee: blocked
    desk.scan("not a badge at all", now + 10 * MINUTE)
    desk.scan(code_for(small_store, 1), now + 20 * MINUTE)  # green: not listed
    snapshot = report_snapshot(small_store, now + 30 * MINUTE)
    assert [(scan.status, scan.attendee) for scan in snapshot.red] == [
        ("not_a_badge", None),
        ("blocked", 3),
    ]
    assert snapshot.red[1].name == "Carl Cancel"
    assert snapshot.red_by_status == {"blocked": 1, "not_a_badge": 1}
    later = report_snapshot(small_store, now + 65 * MINUTE)
    assert [scan.status for scan in later.red] == ["not_a_badge"]


def test_a_badge_code_in_the_red_list_is_redacted(small_store: Store, now: datetime) -> None:
    Desk(small_store, gate="VIP Door").scan(code_for(small_store, 1), now)  # not allowed
    (scan,) = report_snapshot(small_store, now).red
    assert scan.status == "not_allowed"
    assert scan.code.endswith("-****") and code_for(small_store, 1) not in scan.code


def test_an_undone_red_verdict_leaves_the_list(
    small_store: Store, tmp_path: Path, now: datetime
) -> None:
    desk = Desk(small_store, gate="Main", desk_id="desk-a")
    watcher = Store.open(small_store.path)
    feed = DashboardFeed(watcher, clock=clock_at(now + MINUTE))
    desk.scan(code_for(small_store, 3), now)
    assert feed.snapshot().red_total == 1
    desk.undo_last(now)
    assert feed.snapshot().red_total == 0
    watcher.close()


def test_the_feed_follows_writes_from_another_connection(small_store: Store, now: datetime) -> None:
    watcher = Store.open(small_store.path)
    feed = DashboardFeed(watcher, clock=clock_at(now))
    first = feed.snapshot()
    assert not feed.changed()
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    assert feed.changed()
    second = feed.snapshot()
    assert (first.counts.checked_in, second.counts.checked_in) == (0, 1)
    assert second.seq > first.seq
    assert second.newest_fact_ms == to_millis(now)
    watcher.close()


def test_double_entries_merged_from_two_desks_apart_are_listed_like_stats_conflicts(
    small_store: Store, tmp_path: Path, now: datetime
) -> None:
    apart = Store.new(tmp_path / "apart.db", desk="desk-b")
    apart.merge(small_store.facts())
    Desk(small_store, gate="Main", desk_id="desk-a").scan(code_for(small_store, 1), now)
    Desk(apart, gate="Main", desk_id="desk-b").scan(code_for(apart, 1), now + MINUTE)
    feed = DashboardFeed(small_store, clock=clock_at(now + 2 * MINUTE))
    assert feed.snapshot().conflicts == []
    small_store.merge(apart.facts())
    snapshot = feed.snapshot()
    assert snapshot.conflicts == conflicts(small_store)
    assert [row["attendee"] for row in snapshot.conflicts] == [1]
    assert snapshot.counts == headcounts(small_store)
    assert (snapshot.counts.checked_in, snapshot.counts.inside) == (1, 1)
    apart.close()


def test_the_snapshot_as_json_holds_the_stats_json(small_store: Store, now: datetime) -> None:
    desk = Desk(small_store, gate="Main", desk_id="desk-a")
    desk.scan(code_for(small_store, 1), now)
    desk.direction = Direction.EXIT
    desk.scan(code_for(small_store, 1), now + MINUTE)
    data = report_snapshot(small_store, now + 2 * MINUTE).to_json()
    assert data["counts"] == headcounts(small_store).to_json()
    assert data["level"] == "normal"
    assert data["inside_series"][-1]["inside"] == 0
    assert data["desks"][0]["scans_15min"] == 2
