"""Desks that worked apart agree, fact for fact and count for count, once they sync."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from checkin.counts.headcounts import conflicts, headcounts
from checkin.model import AttendeeState, Status
from checkin.store import Store
from tests.checkin.sync.conftest import (
    ATTENDEES,
    Clock,
    Hub,
    HubFactory,
    fact_ids,
    outbox_size,
    scan,
    stats_json,
    stream_count,
    sync,
)


def two_desks(event_db: Path, hub: Hub, tmp_path: Path) -> tuple[Path, Path]:
    sync(event_db, hub)
    desk_b = tmp_path / "desk-b.db"
    sync(desk_b, hub, desk="desk-b")
    return event_db, desk_b


def test_a_new_desk_joins_with_the_whole_roster(event_db: Path, hub: Hub, tmp_path: Path) -> None:
    first = sync(event_db, hub)
    joined = tmp_path / "joiner.db"

    report = sync(joined, hub, desk="joiner")

    assert first.pushed == report.pulled == len(fact_ids(event_db))
    assert report.pushed == report.pending == 0
    with Store.open(joined) as store:
        assert store.desk_id == "joiner"
        assert store.event().id == "ev-sync-test"
        assert store.attendee_count() == ATTENDEES
        assert [g.name for g in store.gates()] == ["Main", "Side"]


def test_disjoint_offline_scans_give_identical_stats(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    for number in range(1, 21):
        assert scan(desk_a, number, clock()).status is Status.ENTERED
    for number in range(21, 36):
        assert scan(desk_b, number, clock()).status is Status.ENTERED

    sync(desk_a, hub)
    sync(desk_b, hub)
    sync(desk_a, hub)

    assert stats_json(desk_a) == stats_json(desk_b)
    counts = json.loads(stats_json(desk_a))
    assert counts["checked_in"] == counts["inside"] == 35
    assert fact_ids(desk_a) == fact_ids(desk_b)


def test_one_person_admitted_at_two_offline_desks_counts_once_and_shows_a_conflict(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    assert scan(desk_a, 7, clock()).status is Status.ENTERED
    assert scan(desk_b, 7, clock()).status is Status.ENTERED
    assert scan(desk_b, 8, clock()).status is Status.ENTERED

    for desk in (desk_a, desk_b, desk_a):
        sync(desk, hub)

    assert stats_json(desk_a) == stats_json(desk_b)
    for desk in (desk_a, desk_b):
        with Store.open(desk) as store:
            counts = headcounts(store)
            assert (counts.checked_in, counts.inside, counts.conflicts) == (2, 2, 1)
            assert [c["attendee"] for c in conflicts(store)] == [7]


def test_a_second_sync_moves_nothing(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    scan(desk_a, 1, clock())
    sync(desk_a, hub)
    sync(desk_b, hub)

    again = sync(desk_b, hub)

    assert (again.pushed, again.pulled, again.pending) == (0, 0, 0)


def test_a_fact_sent_twice_is_stored_once(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    scan(desk_a, 1, clock())
    # A copy of the desk from before its sync: it will send the same facts again.
    before = tmp_path / "desk-a-copy.db"
    shutil.copy(desk_a, before)
    sync(desk_a, hub)

    report = sync(before, hub)

    assert report.pending == 0
    messages, distinct = stream_count(hub)
    assert messages == distinct == len(fact_ids(desk_a))


def test_cancelling_an_attendee_reaches_every_desk(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    with Store.open(desk_a) as store:
        attendee = store.attendee(3)
        assert attendee is not None
        cancelled = replace(attendee.as_record(), state=AttendeeState.CANCELLED)
        store.update_attendee(3, cancelled, clock())
    sync(desk_a, hub)
    sync(desk_b, hub)

    assert scan(desk_b, 3, clock()).status is Status.BLOCKED
    assert json.loads(stats_json(desk_b))["registered"] == ATTENDEES - 1


def test_a_hub_that_lost_its_storage_gets_every_fact_back(
    event_db: Path, hubs: HubFactory, tmp_path: Path, clock: Clock
) -> None:
    hub = hubs.start("venue")
    desk_a, desk_b = two_desks(event_db, hub, tmp_path)
    scan(desk_a, 1, clock())
    scan(desk_b, 2, clock())
    sync(desk_a, hub)
    sync(desk_b, hub)
    hub.server.kill()
    shutil.rmtree(hub.settings.directory / "data")
    hub = hubs.restart(hub)

    sync(desk_b, hub)  # binds the empty hub again, under a new epoch, and re-sends all
    sync(desk_a, hub)
    fresh = tmp_path / "after-wipe.db"
    sync(fresh, hub, desk="after-wipe")

    assert fact_ids(fresh) == fact_ids(desk_a) == fact_ids(desk_b)
    assert stats_json(fresh) == stats_json(desk_a)
    assert outbox_size(desk_a) == outbox_size(desk_b) == 0
