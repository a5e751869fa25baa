"""Headcounts as the design defines them, whatever order the facts arrived in."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.counts.headcounts import arrivals, conflicts, headcounts, inside_series
from checkin.desk import Desk
from checkin.model import Direction
from checkin.store import Store
from tests.checkin.conftest import code_for

MINUTE = timedelta(minutes=1)


def walk(store: Store, number: int, moves: str, start: datetime, gate: str = "Main") -> None:
    """Scan attendee ``number`` through ``moves`` ('i' entry, 'o' exit), a minute apart."""
    desk = Desk(store, gate=gate)
    for step, move in enumerate(moves):
        desk.direction = Direction.ENTRY if move == "i" else Direction.EXIT
        desk.scan(code_for(store, number), start + step * MINUTE)


def test_checked_in_counts_people_and_inside_follows_their_latest_scan(
    small_store: Store, now: datetime
) -> None:
    walk(small_store, 1, "ioi", now)  # in, out, back in
    walk(small_store, 2, "io", now)  # VIP: in (attention), then out
    walk(small_store, 5, "i", now, gate="Expo")
    counts = headcounts(small_store)
    assert (counts.checked_in, counts.inside, counts.exits) == (3, 2, 2)
    assert counts.registered == 5  # the cancelled attendee is not expected
    assert counts.not_arrived == 2
    assert counts.by_gate["Main"].checked_in == 2 and counts.by_gate["Expo"].checked_in == 1
    assert counts.by_gate["Main"].entries == 3 and counts.by_gate["Main"].exits == 2
    assert counts.by_category["VIP"].checked_in == 1 and counts.by_category["VIP"].inside == 0
    assert counts.by_category["Attendee"].inside == 2


def test_refused_scans_change_no_count(small_store: Store, now: datetime) -> None:
    walk(small_store, 3, "i", now)  # cancelled
    walk(small_store, 1, "o", now)  # exit without entry
    Desk(small_store, gate="VIP Door").scan(code_for(small_store, 1), now + MINUTE)
    counts = headcounts(small_store)
    assert (counts.checked_in, counts.inside, counts.exits) == (0, 0, 0)
    assert counts.scans == 3


def test_arrivals_are_first_entries_per_5_minutes(small_store: Store, now: datetime) -> None:
    walk(small_store, 1, "ioi", now)
    walk(small_store, 5, "i", now + 7 * MINUTE)
    assert arrivals(small_store) == [
        ("2026-11-28T09:00:00+08:00", 1),
        ("2026-11-28T09:05:00+08:00", 1),
    ]
    assert inside_series(small_store)[-1][1] == headcounts(small_store).inside


def _desk_copy(source: Store, path: Path, desk: str) -> Store:
    copy = Store.new(path, desk=desk)
    copy.merge(source.facts())
    return copy


def test_two_offline_desks_admitting_the_same_person_count_once_and_show_a_conflict(
    small_store: Store, tmp_path: Path, now: datetime
) -> None:
    north = _desk_copy(small_store, tmp_path / "north.db", "desk-north")
    south = _desk_copy(small_store, tmp_path / "south.db", "desk-south")
    walk(north, 1, "i", now)
    walk(south, 1, "i", now + MINUTE)
    walk(south, 5, "i", now + MINUTE)
    north.merge(south.facts())
    south.merge(north.facts())
    for store in (north, south):
        counts = headcounts(store)
        assert (counts.checked_in, counts.inside, counts.conflicts) == (2, 2, 1)
        assert [c["attendee"] for c in conflicts(store)] == [1]
    assert headcounts(north) == headcounts(south)


PLAN = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 5, 6]), st.sampled_from("ioi"), st.sampled_from(["desk-a", "desk-b"])
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=PLAN, order=st.randoms(use_true_random=False))
def test_projections_from_the_same_facts_in_any_order_give_the_same_counts(
    small_store: Store,
    tmp_path_factory: object,
    now: datetime,
    plan: list[tuple[int, str, str]],
    order: object,
) -> None:
    """Scans made at two desks, delivered shuffled, undo included: same headcounts."""
    import random

    assert isinstance(order, random.Random)
    base = small_store.fact_count()
    start = small_store.fact_count()
    desks = {name: Desk(small_store, gate="Main", desk_id=name) for name in ("desk-a", "desk-b")}
    for step, (number, move, desk_name) in enumerate(plan):
        desk = desks[desk_name]
        desk.direction = Direction.ENTRY if move == "i" else Direction.EXIT
        desk.scan(code_for(small_store, number), now + step * 5 * MINUTE)
        if step % 7 == 6:
            desk.undo_last(now + step * 5 * MINUTE)
    facts = list(small_store.facts())
    scans = facts[start:]
    order.shuffle(scans)
    directory = Path(str(tmp_path_factory.mktemp("shuffled")))  # type: ignore[attr-defined]
    shuffled = Store.new(directory / "s.db")
    shuffled.merge(facts[:base])
    for fact in scans:
        shuffled.merge([fact])
    assert headcounts(shuffled) == headcounts(small_store)
    rebuilt_inside = small_store.inside_count()
    small_store.rebuild()
    assert small_store.inside_count() == rebuilt_inside
    shuffled.close()
