"""A desk killed with SIGKILL at 200 random moments while it records scans.

Each round forks a child that opens the store and scans badges, writing the
fact id of every verdict it "shows" to a pipe only after ``Desk.scan``
returned (as the kiosk paints only then).  The parent kills it at a random
moment.  Afterwards the store must open, pass integrity_check, and hold
every shown scan exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import timedelta

import pytest

from checkin import badge_codes
from checkin.demo import morning_start
from checkin.desk import Desk
from checkin.store import Store

KILLS = 200


def _desk_child(path: str, start: int, write_fd: int) -> None:
    try:
        store = Store.open(path)
        desk = Desk(store, gate="North Hall", desk_id="desk-crash")
        key, prefix = store.event_key(), store.event().prefix
        for number in range(start, start + 100_000):
            attendee = 1 + number % 3000
            when = morning_start() + timedelta(seconds=10 * number)
            verdict = desk.scan(badge_codes.mint(key, prefix, attendee, 1), when)
            os.write(write_fd, f"{verdict.fact_id}\n".encode())
    finally:
        os._exit(0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_two_hundred_kills_lose_no_shown_scan_and_never_corrupt_the_store(
    demo_store: Store,
) -> None:
    path = str(demo_store.path)
    demo_store.close()
    rng = random.Random(11)
    shown: list[str] = []
    next_number = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _desk_child(path, next_number, write_fd)
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, 0.03))  # a random moment to pull the plug
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd) as pipe:
            round_shown = [line.strip() for line in pipe if line.strip()]
        shown += [fact_id for fact_id in round_shown if fact_id != "None"]
        next_number += len(round_shown) + 1

    store = Store.open(path)
    assert store.integrity_ok()
    recorded = [
        row[0] for row in store.conn.execute("SELECT fact_id FROM scans WHERE desk = 'desk-crash'")
    ]
    assert set(shown) <= set(recorded)
    assert len(recorded) == len(set(recorded))
    assert len(shown) > KILLS  # the rounds did record scans between kills
    before = store.inside_count()
    store.rebuild()
    assert store.inside_count() == before
    store.close()
