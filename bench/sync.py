"""Sync through a real hub on loopback: propagation latency, catch-up and throughput.

Measured on the demo event (3,000 attendees), with a nats-server started
from the hub code, and desks syncing in the background as a kiosk does:

- latency: a scan recorded at desk A until desk B has applied it, one at a
  time (goal: p95 under 200 ms).  Baseline in the same run: a bare NATS
  message between two connections; the ratio is what the store, the outbox
  and the stream add.  Also the scan decision itself with the entry claim,
  against the same desk deciding alone.
- catch-up: a desk that was offline while another made 3,000 scans, until
  it has applied them all; and a desk that made 3,000 scans offline, until
  the hub has acknowledged them (goal: under 5 s each).  Baseline: the same
  3,000 facts published bare to a JetStream stream.
- throughput: 10 desk processes that each made 3,000 scans offline come
  back at once; facts per second acknowledged by the hub while every desk
  also applies everyone else's (goal: at least 2,000/s).  Baseline: the
  same 30,000 payloads published bare over 10 connections.

    python bench/sync.py [--latency-samples 300] [--desks 10] [--scans 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nats  # noqa: E402

from checkin import badge_codes  # noqa: E402
from checkin.demo import create_demo_event, morning_start  # noqa: E402
from checkin.desk import Desk  # noqa: E402
from checkin.facts import Kind  # noqa: E402
from checkin.store import Store  # noqa: E402
from checkin.sync.address import Credentials  # noqa: E402
from checkin.sync.background import BackgroundSync  # noqa: E402
from checkin.sync.engine import sync_once  # noqa: E402
from checkin.sync.hub.info import default_credentials  # noqa: E402
from checkin.sync.hub.process import HubServer  # noqa: E402
from checkin.sync.hub.settings import HubSettings  # noqa: E402
from checkin.sync.link import HubLink  # noqa: E402
from checkin.timeutil import to_millis  # noqa: E402

LATENCY_GOAL_MS = 200.0
CATCH_UP_GOAL_S = 5.0
THROUGHPUT_GOAL = 2000.0
WAIT_S = 120.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 0.5):7.2f} ms  p95 {percentile(values, 0.95):7.2f} ms"


class Clock:
    def __init__(self) -> None:
        self.now = morning_start().replace(hour=9)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=5)
        return self.now


def wait(background: BackgroundSync, condition: Any, what: str) -> None:
    if not background.wait_until(condition, WAIT_S):
        raise SystemExit(f"bench: timed out waiting for {what}: {background.state}")


def stream_end(url: str, credentials: Credentials) -> int:
    async def ask() -> int:
        link = await HubLink.open([url], credentials, None)
        try:
            return int((await link.stream_info()).state.last_seq)
        finally:
            await link.close()

    return asyncio.run(ask())


def join(path: Path, url: str, credentials: Credentials, desk: str) -> None:
    sync_once(path, [url], credentials, desk=desk)


def clone_desk(joined: Path, path: Path, desk: str) -> None:
    """A copy of a joined desk under another desk id: quicker than joining ten times."""
    shutil.copy(joined, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'desk'", (desk,))


def offline_scans(path: Path, count: int, first: int, desk: str) -> None:
    """Accepted entries written straight to the log, as a desk's morning would leave them."""
    with Store.open(path) as store:
        gate = store.gates()[0].name
        start = morning_start().replace(hour=9)
        with store.transaction():
            for index in range(count):
                at = start + timedelta(milliseconds=index * 100)
                number = (first + index) % 3000 + 1
                store.append(
                    Kind.SCAN_RECORDED,
                    {
                        "code": f"#{number}",
                        "attendee": number,
                        "gate": gate,
                        "direction": "entry",
                        "status": "entered",
                        "at": to_millis(at),
                    },
                    at,
                    desk=desk,
                )


# -- baselines ------------------------------------------------------------


async def bare_round_trips(url: str, credentials: Credentials, samples: int) -> list[float]:
    sender = await nats.connect(url, user=credentials.user, password=credentials.password)
    receiver = await nats.connect(url, user=credentials.user, password=credentials.password)
    got = asyncio.Queue[float]()

    async def on_msg(msg: Any) -> None:
        await got.put(time.perf_counter())

    await receiver.subscribe("bench.latency", cb=on_msg)
    await receiver.flush()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        await sender.publish("bench.latency", b"x" * 300)
        times.append((await got.get() - start) * 1000)
    await sender.close()
    await receiver.close()
    return times


async def bare_publish(url: str, credentials: Credentials, connections: int, each: int) -> float:
    """Seconds to publish connections x each 300-byte messages with acks, over separate connections."""
    admin = await nats.connect(url, user=credentials.user, password=credentials.password)
    js = admin.jetstream()
    name = f"BENCH_{connections}_{each}"
    await js.add_stream(name=name, subjects=[f"bench.{name}.>"], duplicate_window=3600)
    clients = [
        await nats.connect(url, user=credentials.user, password=credentials.password)
        for _ in range(connections)
    ]

    async def publish(client: Any, index: int) -> None:
        stream = client.jetstream()
        futures = []
        for n in range(each):
            futures.append(
                await stream.publish_async(
                    f"bench.{name}.scan", b"x" * 300, headers={"Nats-Msg-Id": f"{index}-{n}"}
                )
            )
            if len(futures) >= 1000:
                await asyncio.gather(*futures)
                futures = []
        await asyncio.gather(*futures)

    start = time.perf_counter()
    await asyncio.gather(*(publish(c, i) for i, c in enumerate(clients)))
    elapsed = time.perf_counter() - start
    for client in clients:
        await client.close()
    await js.delete_stream(name)
    await admin.close()
    return elapsed


# -- measurements ---------------------------------------------------------


def bench_latency(
    a_path: Path, b_path: Path, url: str, credentials: Credentials, samples: int
) -> dict[str, list[float]]:
    store_a = Store.open(a_path)
    sync_a = BackgroundSync(a_path, [url], credentials)
    sync_b = BackgroundSync(b_path, [url], credentials)
    sync_a.start()
    sync_b.start()
    for background in (sync_a, sync_b):
        wait(background, lambda s: s.connected and s.caught_up, "desks in step")
    event, key = store_a.event(), store_a.event_key()
    clock = Clock()
    local = Desk(store_a, gate=store_a.gates()[0].name)
    claiming = Desk(store_a, gate=store_a.gates()[0].name, claim=sync_a.claimer(store_a))
    propagation: list[float] = []
    decide_local: list[float] = []
    decide_claim: list[float] = []
    for index in range(samples):
        desk = claiming if index % 2 else local
        pulled = sync_b.state.pulled
        code = badge_codes.mint(key, event.prefix, index + 1, 1)
        start = time.perf_counter()
        desk.scan(code, clock())
        decided = time.perf_counter()
        sync_a.notify()
        wait(sync_b, lambda s, p=pulled: s.pulled > p, "the scan at desk B")
        arrived = time.perf_counter()
        (decide_claim if desk is claiming else decide_local).append((decided - start) * 1000)
        propagation.append((arrived - start) * 1000)
        time.sleep(0.01)
    sync_a.stop()
    sync_b.stop()
    store_a.close()
    return {"propagation": propagation, "local": decide_local, "claim": decide_claim}


def bench_catch_up(
    a_path: Path, b_path: Path, url: str, credentials: Credentials, scans: int
) -> tuple[float, float]:
    """(seconds to pull ``scans`` made elsewhere, seconds to push ``scans`` made offline)."""
    with Store.open(a_path) as store:
        event, key = store.event(), store.event_key()
        desk = Desk(store, gate=store.gates()[1].name)
        clock = Clock()
        for number in range(1, scans + 1):
            desk.scan(badge_codes.mint(key, event.prefix, (number - 1) % 3000 + 1, 1), clock())
    join_a = BackgroundSync(a_path, [url], credentials)
    join_a.start()
    wait(join_a, lambda s: s.caught_up and s.pending == 0, "desk A to send its scans")
    join_a.stop()
    end = stream_end(url, credentials)

    background = BackgroundSync(b_path, [url], credentials)
    start = time.perf_counter()
    background.start()
    wait(background, lambda s: s.cursor >= end, "desk B to catch up")
    pull_s = time.perf_counter() - start
    background.stop()

    offline_scans(b_path, scans, 0, "desk-b")
    background = BackgroundSync(b_path, [url], credentials)
    start = time.perf_counter()
    background.start()
    wait(background, lambda s: s.connected and s.pending == 0, "desk B to send its scans")
    push_s = time.perf_counter() - start
    background.stop()
    return pull_s, push_s


def desk_process(
    path: str, url: str, creds: dict[str, str], go: Any, results: Any, total: int
) -> None:
    credentials = Credentials(creds["user"], creds["password"])
    background = BackgroundSync(Path(path), [url], credentials)
    go.wait()
    start = time.monotonic()
    background.start()
    background.wait_until(lambda s: s.connected and s.pending == 0, WAIT_S)
    pushed = time.monotonic()
    background.wait_until(lambda s: s.cursor >= total and s.caught_up, WAIT_S)
    converged = time.monotonic()
    background.stop()
    results.put({"start": start, "pushed": pushed, "converged": converged})


def bench_throughput(
    joined: Path, root: Path, url: str, credentials: Credentials, desks: int, scans: int
) -> tuple[float, float, float]:
    """(facts/s acknowledged by the hub, facts/s until every desk has all, end-to-end seconds)."""
    base = stream_end(url, credentials)
    paths = []
    for index in range(desks):
        path = root / f"busy-{index}.db"
        clone_desk(joined, path, f"busy-{index}")
        offline_scans(path, scans, index * 300, f"busy-{index}")
        paths.append(path)
    total = base + desks * scans
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    results = context.Queue()
    creds = {"user": credentials.user, "password": credentials.password}
    processes = [
        context.Process(target=desk_process, args=(str(p), url, creds, go, results, total))
        for p in paths
    ]
    for process in processes:
        process.start()
    time.sleep(2.0)  # let the processes import before the clock starts
    hub_done = threading.Event()
    hub_time: list[float] = []

    def watch_hub() -> None:
        async def poll() -> None:
            link = await HubLink.open([url], credentials, None)
            while (await link.stream_info()).state.last_seq < total:
                await asyncio.sleep(0.02)
            hub_time.append(time.monotonic())
            await link.close()

        asyncio.run(poll())
        hub_done.set()

    watcher = threading.Thread(target=watch_hub)
    watcher.start()
    start = time.monotonic()
    go.set()
    reports = [results.get(timeout=WAIT_S) for _ in processes]
    for process in processes:
        process.join()
    watcher.join()
    published = desks * scans
    hub_rate = published / (hub_time[0] - start)
    converged = max(r["converged"] for r in reports) - start
    return hub_rate, published / converged, converged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-samples", type=int, default=300)
    parser.add_argument("--desks", type=int, default=10)
    parser.add_argument("--scans", type=int, default=3000)
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="checkin-bench-sync-"))
    server = HubServer(HubSettings(root / "hub", port=0))
    url = server.start()
    credentials = Credentials.load(default_credentials(server.settings, url))
    try:
        create_demo_event(root / "a.db").close()
        join(root / "a.db", url, credentials, "desk-a")
        join(root / "b.db", url, credentials, "desk-b")
        shutil.copy(root / "b.db", root / "joined.db")

        bare = asyncio.run(bare_round_trips(url, credentials, args.latency_samples))
        lat = bench_latency(root / "a.db", root / "b.db", url, credentials, args.latency_samples)
        print(f"desk A -> hub -> desk B ({len(lat['propagation'])} scans, one at a time)")
        print(f"  through the sync     {summary(lat['propagation'])}")
        print(f"  bare NATS message    {summary(bare)}")
        ratio = percentile(lat["propagation"], 0.95) / percentile(bare, 0.95)
        goal = "ok" if percentile(lat["propagation"], 0.95) < LATENCY_GOAL_MS else "MISSED"
        print(f"  p95 ratio {ratio:.1f}x bare; goal p95 < {LATENCY_GOAL_MS:.0f} ms: {goal}")
        print("scan decision at desk A")
        print(f"  with the entry claim {summary(lat['claim'])}")
        print(f"  deciding alone       {summary(lat['local'])}")

        pull_s, push_s = bench_catch_up(root / "a.db", root / "b.db", url, credentials, args.scans)
        bare_s = asyncio.run(bare_publish(url, credentials, 1, args.scans))
        print(f"catch-up after {args.scans} scans offline")
        for label, seconds in (("receive", pull_s), ("send", push_s)):
            verdict = "ok" if seconds < CATCH_UP_GOAL_S else "MISSED"
            print(
                f"  {label:<8} {seconds:6.2f} s  ({args.scans / seconds:7.0f} facts/s)  {verdict}"
            )
        print(f"  bare JetStream publish of {args.scans}: {bare_s:.2f} s ({push_s / bare_s:.1f}x)")

        hub_rate, converged_rate, converged_s = bench_throughput(
            root / "joined.db", root, url, credentials, args.desks, args.scans
        )
        bare_many = asyncio.run(bare_publish(url, credentials, args.desks, args.scans))
        bare_rate = args.desks * args.scans / bare_many
        print(f"{args.desks} desks sending {args.scans} scans each at once, all desks reading")
        verdict = "ok" if hub_rate >= THROUGHPUT_GOAL else "MISSED"
        print(f"  acknowledged by the hub  {hub_rate:8.0f} facts/s  goal >= 2000: {verdict}")
        print(f"  applied at every desk    {converged_rate:8.0f} facts/s  ({converged_s:.1f} s)")
        print(f"  bare JetStream publish   {bare_rate:8.0f} facts/s  ({hub_rate / bare_rate:.2f}x)")
        print(
            json.dumps(
                {
                    "p95_ms": round(percentile(lat["propagation"], 0.95), 1),
                    "pull_s": round(pull_s, 2),
                    "push_s": round(push_s, 2),
                    "hub_facts_per_s": round(hub_rate),
                }
            )
        )
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
