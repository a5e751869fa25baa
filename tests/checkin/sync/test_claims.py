"""Connected desks admit a person once, even when they scan the same badge at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from checkin.counts.headcounts import headcounts
from checkin.model import Direction, Status, Verdict
from checkin.store import Store
from checkin.sync.address import Credentials
from tests.checkin.sync.conftest import Clock, Hub, LiveDesk, sync, wait_for

MakeDesk = Callable[[Path, list[str], Credentials], LiveDesk]


@pytest.fixture
def pair(
    event_db: Path, hub: Hub, tmp_path: Path, live_desks: MakeDesk
) -> tuple[LiveDesk, LiveDesk]:
    sync(event_db, hub)
    sync(tmp_path / "desk-b.db", hub, desk="desk-b")
    desk_a = live_desks(event_db, [hub.url], hub.credentials)
    desk_b = live_desks(tmp_path / "desk-b.db", [hub.url], hub.credentials)
    for desk in (desk_a, desk_b):
        desk.wait_in_step()
    return desk_a, desk_b


def at_once(desks: tuple[LiveDesk, LiveDesk], number: int, when: datetime) -> list[Verdict]:
    """Both desks scan the same badge, released together by a barrier."""
    barrier = threading.Barrier(2)
    verdicts: list[Verdict] = []

    def run(desk: LiveDesk) -> None:
        barrier.wait()
        verdicts.append(desk.scan(number, when))

    threads = [threading.Thread(target=run, args=(desk,)) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return verdicts


def test_the_same_badge_at_two_desks_at_once_enters_once(
    pair: tuple[LiveDesk, LiveDesk], clock: Clock
) -> None:
    people = range(1, 11)
    for number in people:
        verdicts = at_once(pair, number, clock())
        assert sorted(v.status for v in verdicts) == [Status.ALREADY_INSIDE, Status.ENTERED]

    for desk in pair:
        desk.wait(lambda s: s.caught_up and s.pending == 0 and s.pulled >= 10, "both scans arrived")
    for desk in pair:
        with Store.open(desk.path) as store:
            counts = headcounts(store)
        assert (counts.checked_in, counts.conflicts) == (10, 0)
        assert counts.by_status == {"entered": 10, "already_inside": 10}


def test_a_person_who_left_by_another_desk_can_enter_again(
    pair: tuple[LiveDesk, LiveDesk], clock: Clock
) -> None:
    desk_a, desk_b = pair
    assert desk_a.scan(5, clock()).status is Status.ENTERED
    desk_b.desk.direction = Direction.EXIT
    wait_for(lambda: (p := desk_b.store.presence(5)) is not None and p.inside, what="entry at B")
    assert desk_b.scan(5, clock()).status is Status.EXITED
    wait_for(lambda: (p := desk_a.store.presence(5)) is not None and not p.inside, what="exit at A")

    assert desk_a.scan(5, clock()).status is Status.ENTERED


def test_an_undone_entry_does_not_block_the_next(
    pair: tuple[LiveDesk, LiveDesk], clock: Clock
) -> None:
    desk_a, desk_b = pair
    assert desk_a.scan(9, clock()).status is Status.ENTERED
    assert desk_a.desk.undo_last(clock()) is not None
    desk_a.background.notify()
    wait_for(
        lambda: desk_b.store.scan_count() == 1 and desk_b.store.presence(9) is None,
        what="undo at B",
    )

    assert desk_b.scan(9, clock()).status is Status.ENTERED


def test_a_desk_whose_entry_was_never_recorded_can_claim_again(
    pair: tuple[LiveDesk, LiveDesk], clock: Clock
) -> None:
    desk_a, _ = pair
    claim = desk_a.background.claimer(desk_a.store)
    assert claim(12)  # claimed, then the desk failed to write the scan down

    assert desk_a.scan(12, clock()).status is Status.ENTERED


def test_without_a_hub_the_desk_decides_alone(
    event_db: Path, hub: Hub, live_desks: MakeDesk, clock: Clock
) -> None:
    sync(event_db, hub)
    hub.server.kill()
    desk = live_desks(event_db, [hub.url], hub.credentials)
    desk.wait(lambda s: s.error is not None, "the hub is found missing")

    verdicts = [desk.scan(number, clock()) for number in (1, 2, 1)]

    assert [v.status for v in verdicts] == [Status.ENTERED, Status.ENTERED, Status.ALREADY_INSIDE]
    assert desk.background.state.connected is False
    desk.wait(lambda s: s.pending == 3, "the three scans wait in the outbox")


def test_a_fresh_claim_by_another_desk_refuses_the_entry(
    pair: tuple[LiveDesk, LiveDesk], clock: Clock
) -> None:
    desk_a, desk_b = pair
    # A has claimed attendee 20; its scan has not reached B yet.
    assert desk_a.background.claimer(desk_a.store)(20)

    assert desk_b.scan(20, clock()).status is Status.ALREADY_INSIDE
