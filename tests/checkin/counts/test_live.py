"""Live headcounts: after any change to the store, the same numbers as ``headcounts``."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin.counts.headcounts import headcounts, inside_series
from checkin.counts.live import LiveHeadcounts
from checkin.desk import Desk
from checkin.model import AttendeeRecord, AttendeeState, Direction
from checkin.store import Store
from checkin.timeutil import iso
from tests.checkin.conftest import code_for

MINUTE = timedelta(minutes=1)


@pytest.fixture
def watcher(small_store: Store) -> Iterator[Store]:
    """A second connection to the same file, as a dashboard in another process has."""
    other = Store.open(small_store.path)
    yield other
    other.close()


def assert_same(live: LiveHeadcounts, store: Store) -> None:
    live.refresh()
    assert live.to_json() == headcounts(store).to_json()
    timezone = store.event().timezone
    assert [(iso(b, timezone), n) for b, n in live.inside_series()] == inside_series(store)


def test_a_fresh_counter_matches_the_headcounts(small_store: Store, now: datetime) -> None:
    desk = Desk(small_store, gate="Main")
    desk.scan(code_for(small_store, 1), now)
    assert LiveHeadcounts(small_store).to_json() == headcounts(small_store).to_json()


def test_a_scan_written_by_another_connection_shows_up_on_refresh(
    small_store: Store, watcher: Store, now: datetime
) -> None:
    live = LiveHeadcounts(watcher)
    assert live.headcounts().inside == 0
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    batch = live.refresh()
    assert (batch.touched, len(batch.scans)) == ({1}, 1)
    assert live.headcounts().inside == 1


def test_a_refresh_with_nothing_new_reads_nothing(small_store: Store) -> None:
    live = LiveHeadcounts(small_store)
    assert live.refresh().empty


@pytest.mark.parametrize("seed", range(6))
def test_random_mornings_with_merges_undos_and_roster_changes_stay_exact(
    small_store: Store, watcher: Store, tmp_path: Path, now: datetime, seed: int
) -> None:
    """Two desks on two stores, merged now and then, with every kind of change between."""
    rng = random.Random(seed)
    other = Store.new(tmp_path / "other.db", desk="desk-b")
    other.merge(small_store.facts())
    stores = [small_store, other]
    live = LiveHeadcounts(watcher)
    numbers = [1, 2, 4, 5, 6]
    for step in range(60):
        at = now + step * MINUTE
        store = rng.choice(stores)
        known = [n for n in numbers if store.attendee(n) is not None]
        action = rng.random()
        if action < 0.6:
            desk = Desk(store, gate=rng.choice(["Main", "Main", "VIP Door"]))
            desk.direction = rng.choice([Direction.ENTRY, Direction.ENTRY, Direction.EXIT])
            desk.scan(code_for(store, rng.choice(known)), at)
        elif action < 0.7:
            Desk(store, gate="Main").undo_last(at)
        elif action < 0.8:
            target, source = rng.sample(stores, 2)
            target.merge(source.facts())
        elif action < 0.85:
            number = rng.choice(known)
            found = store.attendee(number)
            assert found is not None
            state = rng.choice([AttendeeState.ACTIVE, AttendeeState.CANCELLED])
            category = rng.choice(["Attendee", "VIP"])
            record = AttendeeRecord(**{**found.as_record().__dict__, "state": state})
            store.update_attendee(
                number, AttendeeRecord(**{**record.__dict__, "category": category}), at
            )
        elif action < 0.9:
            walk_in = store.register_attendee(AttendeeRecord(f"Walk In {step}"), at)
            numbers.append(walk_in.number)
        else:
            store.reissue_badge(rng.choice(known), at)
        if rng.random() < 0.5:
            assert_same(live, watcher)
    small_store.merge(other.facts())
    assert_same(live, watcher)
    other.close()


def test_facts_arriving_late_and_out_of_order_keep_the_counts_exact(
    small_store: Store, tmp_path: Path, now: datetime
) -> None:
    """A desk back from a partition delivers old scans after newer ones."""
    rng = random.Random(7)
    base = small_store.fact_count()
    desks = [Desk(small_store, gate="Main", desk_id=name) for name in ("desk-a", "desk-b")]
    for step in range(40):
        desk = rng.choice(desks)
        desk.direction = rng.choice([Direction.ENTRY, Direction.EXIT])
        desk.scan(code_for(small_store, rng.choice([1, 2, 5, 6])), now + step * MINUTE)
        if step % 9 == 8:
            desk.undo_last(now + step * MINUTE)
    facts = list(small_store.facts())
    late = facts[base:]
    rng.shuffle(late)
    replica = Store.new(tmp_path / "replica.db")
    replica.merge(facts[:base])
    live = LiveHeadcounts(replica)
    for fact in late:
        replica.merge([fact])
        assert_same(live, replica)
    assert live.to_json() == headcounts(small_store).to_json()
    replica.close()


def test_a_rebuilt_store_needs_no_reload(small_store: Store, now: datetime) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    live = LiveHeadcounts(small_store)
    small_store.rebuild()
    Desk(small_store, gate="Main").scan(code_for(small_store, 5), now + MINUTE)
    assert not live.refresh().reloaded
    assert live.to_json() == headcounts(small_store).to_json()
