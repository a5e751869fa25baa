"""Durable check-ins per second and decide() latency, beside baselines from the same run.

    python bench/checkins.py [--scans 5000] [--attendees 20000]

Check-ins: scan -> verdict -> committed fact, through ``Desk.scan`` on the demo
event, with SQLite's synchronous=NORMAL (survives a killed process) and FULL
(also survives power loss), against the floor of a bare one-row INSERT and
COMMIT per scan in the same mode.  decide(): p50/p95 on a store of 20,000
attendees with a morning of scans, against one primary-key SELECT.
The machine is shared and noisy: read the ratios; absolute figures are a note.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from checkin import badge_codes
from checkin.decide import decide
from checkin.demo import create_demo_event, morning_start
from checkin.desk import Desk
from checkin.model import Direction
from checkin.store import Store


def checkins_per_second(path: Path, scans: int, synchronous: str) -> float:
    store = Store.open(path, synchronous=synchronous)
    key, prefix = store.event_key(), store.event().prefix
    desk = Desk(store, gate="North Hall", desk_id=f"bench-{synchronous}")
    codes = [badge_codes.mint(key, prefix, 1 + n % 3000, 1) for n in range(scans)]
    start_time = morning_start()
    began = time.perf_counter()
    for n, code in enumerate(codes):
        desk.scan(code, start_time + timedelta(seconds=n))
    elapsed = time.perf_counter() - began
    store.close()
    return scans / elapsed


def bare_commits_per_second(path: Path, scans: int, synchronous: str) -> float:
    store = Store.open(path, synchronous=synchronous)
    store.conn.execute("CREATE TABLE IF NOT EXISTS floor (n INTEGER, body TEXT)")
    began = time.perf_counter()
    for n in range(scans):
        with store.transaction():
            store.conn.execute("INSERT INTO floor VALUES (?, ?)", (n, "x" * 150))
    elapsed = time.perf_counter() - began
    store.close()
    return scans / elapsed


def decide_latency(path: Path, samples: int) -> tuple[float, float, float, float]:
    store = Store.open(path)
    key, prefix = store.event_key(), store.event().prefix
    count = store.attendee_count()
    codes = [badge_codes.mint(key, prefix, 1 + (n * 7919) % count, 1) for n in range(samples)]
    now = morning_start() + timedelta(hours=2)
    timings = []
    for code in codes:
        began = time.perf_counter()
        decide(code, store, gate="North Hall", direction=Direction.ENTRY, now=now, desk="bench")
        timings.append(time.perf_counter() - began)
    lookups = []
    for n in range(samples):
        began = time.perf_counter()
        store.conn.execute("SELECT * FROM attendees WHERE number = ?", (1 + n % count,)).fetchone()
        lookups.append(time.perf_counter() - began)
    store.close()
    q = statistics.quantiles(timings, n=20)
    lq = statistics.quantiles(lookups, n=20)
    return (
        statistics.median(timings) * 1e3,
        q[18] * 1e3,
        statistics.median(lookups) * 1e3,
        lq[18] * 1e3,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scans", type=int, default=5000)
    parser.add_argument("--attendees", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        demo = Path(directory) / "demo.db"
        create_demo_event(demo).close()
        print(f"durable check-ins, {args.scans} scans on the demo event (3,000 attendees)")
        print(f"  {'mode':<8} {'checkin/s':>10} {'bare commit/s':>14} {'ratio':>6}")
        for mode in ("NORMAL", "FULL"):
            ours = checkins_per_second(demo, args.scans, mode)
            floor = bare_commits_per_second(demo, args.scans, mode)
            print(f"  {mode:<8} {ours:>10,.0f} {floor:>14,.0f} {ours / floor:>6.2f}")

        big = Path(directory) / "big.db"
        from checkin.demo import simulate_morning

        with create_demo_event(big, attendees=args.attendees) as store:
            simulate_morning(store)
        median, p95, lookup_median, lookup_p95 = decide_latency(big, 5000)
        print(f"\ndecide() on {args.attendees:,} attendees, 5,000 scans")
        print(f"  decide      p50 {median:.3f} ms  p95 {p95:.3f} ms   (goal p95 < 2 ms)")
        print(
            f"  pk SELECT   p50 {lookup_median:.3f} ms  p95 {lookup_p95:.3f} ms   (p95 ratio {p95 / lookup_p95:.1f}x)"
        )


if __name__ == "__main__":
    main()
