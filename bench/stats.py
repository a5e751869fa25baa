"""Time to refresh every number on the organizer dashboard, beside the naive way.

    python bench/stats.py [--small-only] [--rebuild] [--repeat 15]

Two stores: 3,000 attendees with 20,000 scans, and 100,000 attendees with
1,000,000 scans.  For each, after a desk on another connection records one
new scan (and then a batch of 100, a desk back from a partition), it times
what the dashboard's feed thread does to redraw: ``DashboardFeed.snapshot()``
(headcounts, both series, desk health, conflicts, red verdicts of the last
hour).  Beside it, in the same run: recomputing the headcounts in SQL
(``checkin.counts.headcounts``) and the naive way, loading every scan into Python and
counting.  Goals: under 50 ms and under 200 ms per refresh.

The big store is built fast and cached in the temp folder between runs: the
attendees go through ``Store.merge`` (the real projection), the scans are
inserted as facts and projected rows in bulk, mirroring ``projection._scan``,
and each attendee's presence is then computed by the projection's own
``refresh_presence``.  The small store is checked against ``store.rebuild()``
(every fact replayed through the projection), and on both stores the
dashboard's numbers are checked against the SQL and the naive counts.
The machine is shared and noisy: read the ratios; absolute figures are a note.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkin import badge_codes, hlc, projection  # noqa: E402
from checkin.counts.dashboard import DashboardFeed  # noqa: E402
from checkin.counts.headcounts import BUCKET_MS, conflicts, headcounts, inside_series  # noqa: E402
from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT, DEMO_GATES, morning_start  # noqa: E402
from checkin.desk import Desk  # noqa: E402
from checkin.facts import Fact, Kind, new_fact_id, order_key  # noqa: E402
from checkin.model import Direction, Status  # noqa: E402
from checkin.store import Store  # noqa: E402
from checkin.timeutil import to_millis  # noqa: E402

VERSION = 3  # bump when the generated data changes
KEY = bytes(range(32))
DAY = morning_start()
GATE_DESKS = {
    "North Hall": "desk-north",
    "South Hall": "desk-south",
    "Exhibition": "desk-expo",
    "VIP": "desk-vip",
}
DAY_S = 12 * 3600  # the scans of the day fall between 08:00 and 20:00
REFUSED = (Status.ALREADY_INSIDE, Status.REVOKED, Status.NOT_A_BADGE, Status.NOT_INSIDE)


# -- building a store ---------------------------------------------------------


def attendee_facts(count: int, at_ms: int) -> Iterator[Fact]:
    rng = random.Random(1)
    names = [category.name for category in DEMO_CATEGORIES]
    for number in range(1, count + 1):
        yield Fact(
            new_fact_id(),
            Kind.ATTENDEE_REGISTERED,
            "badge-station",
            hlc.pack(at_ms, number % 60000),
            {
                "number": number,
                "name": f"Attendee {number}",
                "name_alt": "",
                "company": "",
                "title": "",
                "email": f"a{number}@example.com",
                "phone": "",
                "category": rng.choices(names, [50, 20, 10, 5, 4, 6, 5])[0],
                "note": "",
                "ticket_code": "",
                "state": "cancelled" if number % 300 == 17 else "active",
            },
        )


def plan_scans(attendees: int, scans: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """A day of scans: arrivals, outings, refused badges, double entries, undos."""
    rng = random.Random(seed)
    start = to_millis(DAY)
    per_person = scans / (attendees * 0.9)
    made = 0
    gates = list(GATE_DESKS)
    for number in range(1, attendees + 1):
        if made >= scans:
            return
        if rng.random() > 0.9:
            continue  # never came
        count = max(1, round(rng.expovariate(1 / per_person)))
        count = min(count, scans - made)
        first = rng.triangular(0, 10 * 3600, 1.5 * 3600)
        # Everyone's scans fall between their arrival and the end of the day.
        times = [first] + sorted(rng.uniform(first, DAY_S) for _ in range(count - 1))
        gate = rng.choices(gates, [45, 40, 10, 5])[0]
        inside = False
        for moment in times:
            at = start + int(moment * 1000)
            roll = rng.random()
            direction = Direction.EXIT if inside else Direction.ENTRY
            status = Status.EXITED if inside else Status.ENTERED
            attendee: int | None = number
            if roll < 0.03:
                status = rng.choice(REFUSED)
                if status is Status.NOT_A_BADGE:
                    attendee = None
            elif roll < 0.033 and inside:
                direction, status = Direction.ENTRY, Status.ENTERED  # a desk that was apart
                gate = rng.choice(gates)
            if status.accepted:
                inside = direction is Direction.ENTRY
            yield {
                "code": f"B{number}",
                "attendee": attendee,
                "gate": gate,
                "direction": direction.value,
                "status": status.value,
                "at": at,
                "undo": rng.random() < 0.002,
            }
            made += 1
    while made < scans:  # top up with things that are not badges
        made += 1
        yield {
            "code": "https://example.com",
            "attendee": None,
            "gate": rng.choice(gates),
            "direction": Direction.ENTRY.value,
            "status": Status.NOT_A_BADGE.value,
            "at": start + rng.randrange(DAY_S * 1000),
            "undo": False,
        }


def build_store(path: Path, attendees: int, scans: int) -> None:
    began = time.perf_counter()
    event = DEMO_EVENT.__class__(**{**DEMO_EVENT.__dict__, "capacity": max(3000, attendees)})
    store = Store.create(
        path,
        event=event,
        categories=DEMO_CATEGORIES,
        gates=DEMO_GATES,
        key=KEY,
        now=DAY - timedelta(days=7),
        desk="badge-station",
    )
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute("PRAGMA cache_size = -400000")
    facts = list(attendee_facts(attendees, to_millis(DAY - timedelta(days=6))))
    for index in range(0, len(facts), 20000):
        store.merge(facts[index : index + 20000])
    conn = store.conn
    fact_rows: list[tuple[Any, ...]] = []
    scan_rows: list[tuple[Any, ...]] = []
    undone: list[tuple[str, str]] = []

    def flush() -> None:
        with store.transaction():
            conn.executemany(
                "INSERT INTO facts (id, kind, desk, hlc, body, acked) VALUES (?,?,?,?,?,1)",
                fact_rows,
            )
            conn.executemany("INSERT INTO scans VALUES (?,?,?,?,?,?,?,?,?,?,?)", scan_rows)
            conn.executemany("INSERT INTO undone VALUES (?, ?)", undone)
        fact_rows.clear()
        scan_rows.clear()
        undone.clear()

    for counter, scan in enumerate(plan_scans(attendees, scans), start=1):
        desk = GATE_DESKS[scan["gate"]]
        fact_id = new_fact_id()
        clock = hlc.pack(scan["at"], counter & 0xFFFF)
        body = {key: value for key, value in scan.items() if key != "undo"}
        fact_rows.append((fact_id, Kind.SCAN_RECORDED, desk, clock, json.dumps(body)))
        status = Status(scan["status"])
        # Mirrors projection._scan: one row per scan fact.
        scan_rows.append(
            (
                fact_id,
                clock,
                desk,
                scan["attendee"],
                scan["code"],
                scan["gate"],
                scan["direction"],
                status.value,
                int(status.accepted),
                scan["at"],
                int(scan["undo"]),
            )
        )
        if scan["undo"]:
            undo_id = new_fact_id()
            fact_rows.append(
                (undo_id, Kind.SCAN_UNDONE, desk, clock + 1, json.dumps({"scan": fact_id}))
            )
            undone.append((fact_id, undo_id))
        if len(scan_rows) >= 50000:
            flush()
    flush()
    with store.transaction():
        people = [row[0] for row in conn.execute("SELECT DISTINCT attendee FROM scans")]
        for number in people:
            if number is not None:
                projection.refresh_presence(conn, number)
    last = to_millis(DAY) + DAY_S * 1000
    store.merge(
        Fact(
            new_fact_id(),
            Kind.DESK_STATUS,
            desk,
            hlc.pack(last - 30_000 * index),
            {"camera": "running", "outbox": index},
        )
        for index, desk in enumerate(GATE_DESKS.values())
    )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"  built in {time.perf_counter() - began:.1f} s")


def cached_store(attendees: int, scans: int, rebuild: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "checkin-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"stats-v{VERSION}-{attendees}-{scans}.db"
    if rebuild or not path.exists():
        for stale in folder.glob(path.name + "*"):
            stale.unlink()
        print(f"building {path.name} ({attendees:,} attendees, {scans:,} scans)")
        build_store(path, attendees, scans)
    return path


# -- the naive way ------------------------------------------------------------


def naive_counts(store: Store) -> dict[str, Any]:
    """Load every scan into Python and count, as the design defines the numbers."""
    conn = store.conn
    attendees = {
        number: (category, state)
        for number, category, state in conn.execute("SELECT number, category, state FROM attendees")
    }
    scans: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    by_status: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    exits_at: Counter[str] = Counter()
    total = 0
    for row in conn.execute(
        "SELECT attendee, desk, hlc, fact_id, direction, gate, at_ms, status, accepted, undone "
        "FROM scans"
    ):
        if row[9]:
            continue
        total += 1
        by_status[row[7]] += 1
        if row[8]:
            (entries if row[4] == "entry" else exits_at)[row[5]] += 1
            if row[0] is not None:
                scans[row[0]].append(row)
    checked_in = inside = exits = conflicted = 0
    arrivals: Counter[int] = Counter()
    first_gate: Counter[str] = Counter()
    for person in scans.values():
        person.sort(key=lambda row: order_key(row[2], row[1], row[3]))
        now_inside = doubled = False
        first = None
        for row in person:
            if row[4] == "entry":
                doubled = doubled or now_inside
                first = first or row
                now_inside = True
            else:
                exits += 1
                now_inside = False
        if first is not None:
            checked_in += 1
            arrivals[first[6] // BUCKET_MS * BUCKET_MS] += 1
            first_gate[first[5]] += 1
        inside += now_inside
        conflicted += doubled
    registered = sum(1 for _, state in attendees.values() if state != "cancelled")
    return {
        "registered": registered,
        "checked_in": checked_in,
        "inside": inside,
        "exits": exits,
        "conflicts": conflicted,
        "scans": total,
        "by_status": dict(by_status),
        "entries": dict(entries),
        "first_gate": dict(first_gate),
        "arrival_buckets": len(arrivals),
    }


# -- timing -------------------------------------------------------------------


def timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, max) in milliseconds."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), max(samples)


def measure(path: Path, repeat: int, goal_ms: float) -> None:
    store = Store.open(path)
    writer = Store.open(path)
    event = writer.event()
    attendees = writer.attendee_count()
    scans_before = writer.scan_count()
    desk = Desk(writer, gate="South Hall", desk_id="bench-desk")
    late = to_millis(DAY) + DAY_S * 1000  # the end of the day, with its last hour
    moment = [late]

    def clock() -> datetime:
        return datetime.fromtimestamp(moment[0] / 1000, tz=DAY.tzinfo)

    rng = random.Random(3)

    def scan_one() -> None:
        moment[0] += 5000
        number = rng.randint(1, attendees)
        desk.direction = rng.choice([Direction.ENTRY, Direction.EXIT])
        desk.scan(badge_codes.mint(KEY, event.prefix, number, 1), clock())

    began = time.perf_counter()
    feed = DashboardFeed(store, clock=clock)
    feed.snapshot()
    cold = (time.perf_counter() - began) * 1000

    def refresh_after(new_scans: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(new_scans):
                scan_one()
            began = time.perf_counter()
            assert feed.changed()
            feed.snapshot()
            samples.append((time.perf_counter() - began) * 1000)

        return run

    results: dict[str, tuple[float, float]] = {}
    for label, count in (("1 new scan", 1), ("100 new scans", 100)):
        samples: list[float] = []
        for _ in range(repeat if count == 1 else max(3, repeat // 3)):
            refresh_after(count)()
        results[label] = (statistics.median(samples), max(samples))
    results["nothing new (tick)"] = timed(feed.snapshot, repeat)
    results["poll: data_version"] = timed(feed.changed, repeat)

    sql_repeat = max(2, repeat // 5)
    results["SQL: headcounts()"] = timed(lambda: headcounts(store), sql_repeat)
    results["SQL: + inside_series, conflicts"] = timed(
        lambda: (headcounts(store), inside_series(store), conflicts(store)), sql_repeat
    )
    results["naive: all scans into Python"] = timed(lambda: naive_counts(store), sql_repeat)

    snapshot = feed.snapshot()
    truth = headcounts(store)
    naive = naive_counts(store)
    assert snapshot.counts == truth, "dashboard numbers differ from checkin.counts.headcounts"
    assert [naive[name] for name in ("checked_in", "inside", "exits", "conflicts", "scans")] == [
        truth.checked_in,
        truth.inside,
        truth.exits,
        truth.conflicts,
        truth.scans,
    ], "naive counts differ from checkin.counts.headcounts"
    assert naive["by_status"] == truth.by_status
    timezone = event.timezone
    from checkin.timeutil import iso

    assert [(iso(b, timezone), n) for b, n in snapshot.inside_series] == inside_series(store)

    refresh = results["1 new scan"][0]
    print(
        f"  {attendees:,} attendees, {scans_before:,} scans (+{store.scan_count() - scans_before}"
        f" made by the bench); inside {truth.inside:,}, checked in {truth.checked_in:,}, "
        f"double entries {truth.conflicts:,}; all equal in SQL, naive and dashboard"
    )
    print(f"  dashboard cold start (load + first snapshot): {cold:,.0f} ms, once per window")
    print(
        f"  {'refresh of every number, after':34} {'median ms':>10} {'max ms':>9} {'x refresh':>10}"
    )
    for label, (median, worst) in results.items():
        ratio = median / refresh if refresh else 0.0
        print(f"  {label:34} {median:10.2f} {worst:9.2f} {ratio:9.1f}x")
    verdict = "meets" if refresh < goal_ms else "MISSES"
    print(f"  goal: under {goal_ms:.0f} ms after a new fact -> {verdict} ({refresh:.1f} ms)")
    naive_ms = results["naive: all scans into Python"][0]
    print(f"  naive / dashboard refresh: {naive_ms / refresh:,.0f}x")
    writer.close()
    store.close()


def check_projection(path: Path) -> None:
    """The bulk-built store counts exactly what replaying its facts through the projection does."""
    store = Store.open(path)
    before = headcounts(store)
    copy = Path(tempfile.mkdtemp()) / "replayed.db"
    replayed = Store.new(copy)
    replayed.merge(store.facts())
    assert headcounts(replayed) == before, "bulk-built store differs from its replayed facts"
    replayed.close()
    store.close()
    print("  bulk build == facts replayed through the projection: yes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small-only", action="store_true", help="skip the 1,000,000-scan store")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached stores")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sizes = [(3000, 20000, 50.0)]
    if not args.small_only:
        sizes.append((100000, 1000000, 200.0))
    for attendees, scans, goal in sizes:
        cached = cached_store(attendees, scans, args.rebuild)
        print(f"\n{attendees:,} attendees / {scans:,} scans ({cached})")
        if scans <= 20000:
            check_projection(cached)
        with tempfile.TemporaryDirectory() as folder:
            # The bench scans into a copy: the cached store stays as built.
            path = Path(folder) / cached.name
            shutil.copyfile(cached, path)
            measure(path, args.repeat, goal)


if __name__ == "__main__":
    main()
