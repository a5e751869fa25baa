"""Soak: four desks scanning steadily while their network drops at random, for minutes.

Each desk scans five badges a second through its own cuttable relay to the
hub; a chaos thread cuts and heals the relays at random moments.  At the end
every desk must hold exactly the same facts, each once, the stream must hold
each fact once, headcounts must match to the person, and neither memory nor
open files may have grown between the first and last quarter of the run.

Runs 30 s by default, 2 minutes when CI is set; ``CHECKIN_SOAK_SECONDS``
overrides (``CHECKIN_SOAK_SECONDS=1800`` is the half-hour run).  The steady
pace is the point of the test, so it waits on the clock between scans.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin.counts.headcounts import headcounts
from checkin.model import Direction, Status
from checkin.store import Store
from checkin.sync.address import Credentials
from tests.checkin.sync.conftest import (
    Hub,
    LiveDesk,
    Proxy,
    create_event,
    fact_ids,
    stream_count,
    sync,
)

DESKS = 4
SCANS_PER_SECOND = 5
ATTENDEES = 2000
# Bounds for "no growth": SQLite page caches and the interpreter's arenas
# settle within the first quarter; a leak of one object per scan would not.
RSS_SLACK_BYTES = 24 * 1024 * 1024
FD_SLACK = 8


def soak_seconds() -> float:
    override = os.environ.get("CHECKIN_SOAK_SECONDS")
    if override:
        return float(override)
    return 120.0 if os.environ.get("CI") else 30.0


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


class Chaos(threading.Thread):
    """Cuts one relay at a random moment for a random while, again and again."""

    def __init__(self, proxies: list[Proxy], seed: int) -> None:
        super().__init__(daemon=True)
        self.proxies = proxies
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.drops = 0

    def run(self) -> None:
        while not self.stop.wait(self.random.uniform(0.5, 3.0)):
            proxy = self.random.choice(self.proxies)
            proxy.cut()
            self.drops += 1
            self.stop.wait(self.random.uniform(0.2, 2.5))
            proxy.heal()
        for proxy in self.proxies:
            proxy.heal()


@pytest.mark.slow
@pytest.mark.timeout(0)
def test_four_desks_through_random_drops_end_exact_and_equal(
    hub: Hub,
    tmp_path: Path,
    now: datetime,
    live_desks: Callable[[Path, list[str], Credentials], LiveDesk],
    proxy_to: Callable[[Hub], Proxy],
) -> None:
    seconds = soak_seconds()
    source = create_event(tmp_path / "source.db", now, attendees=ATTENDEES)
    sync(source, hub)
    proxies = [proxy_to(hub) for _ in range(DESKS)]
    desks: list[LiveDesk] = []
    for index, proxy in enumerate(proxies):
        path = tmp_path / f"soak-{index}.db"
        sync(path, hub, desk=f"soak-{index}")
        desks.append(live_desks(path, [f"nats://127.0.0.1:{proxy.port}"], hub.credentials))
    for desk in desks:
        desk.wait_in_step()

    rng = random.Random(20260520)
    recorded: list[set[str]] = [set() for _ in desks]
    samples: list[tuple[float, int, int]] = []
    chaos = Chaos(proxies, seed=7)
    start = time.monotonic()
    chaos.start()
    interval = 1.0 / SCANS_PER_SECOND
    tick = 0
    try:
        while (elapsed := time.monotonic() - start) < seconds:
            at = now + timedelta(seconds=tick)
            for index, desk in enumerate(desks):
                desk.desk.direction = Direction.EXIT if rng.random() < 0.3 else Direction.ENTRY
                verdict = desk.scan(rng.randint(1, ATTENDEES), at + timedelta(milliseconds=index))
                if verdict.status is Status.REPEAT:  # the same badge again within seconds
                    continue
                assert verdict.fact_id is not None, verdict
                recorded[index].add(verdict.fact_id)
            if tick % SCANS_PER_SECOND == 0:
                samples.append((elapsed, rss_bytes(), open_files()))
            tick += 1
            time.sleep(max(0.0, start + tick * interval - time.monotonic()))
    finally:
        chaos.stop.set()
        chaos.join()

    for _ in range(2):  # a second round: each desk also has what the others sent last
        for desk in desks:
            desk.wait_in_step()

    every_scan = set().union(*recorded)
    stores = [fact_ids(desk.path) for desk in desks]
    lost = max(len(every_scan - held) for held in stores)
    messages, distinct = stream_count(hub)
    counts = []
    for desk in desks:
        with Store.open(desk.path) as store:
            counts.append(headcounts(store).to_json())
            rows = store.conn.execute("SELECT count(*), count(DISTINCT id) FROM facts").fetchone()
            assert rows[0] == rows[1]
    quarter = max(1, len(samples) // 4)
    first, last = samples[:quarter], samples[-quarter:]
    rss_first = statistics.median(s[1] for s in first)
    rss_last = statistics.median(s[1] for s in last)
    fds_first = max(s[2] for s in first)
    fds_last = max(s[2] for s in last)
    print(
        f"\nsoak {seconds:.0f} s, {DESKS} desks: {len(every_scan)} scans "
        f"({len(every_scan) / seconds:.1f}/s), {chaos.drops} drops injected, "
        f"facts lost {lost}, facts doubled on the stream {messages - distinct}, "
        f"stream {messages} messages; RSS {rss_first / 2**20:.1f} -> {rss_last / 2**20:.1f} MiB, "
        f"open files {fds_first} -> {fds_last}"
    )

    assert chaos.drops >= seconds / 6  # the relays really were cut, many times
    assert len(every_scan) == sum(len(r) for r in recorded)
    assert lost == 0
    assert all(held == stores[0] for held in stores)
    assert messages == distinct == len(stores[0])
    assert all(count == counts[0] for count in counts)
    assert rss_last - rss_first < RSS_SLACK_BYTES
    assert fds_last <= fds_first + FD_SLACK
