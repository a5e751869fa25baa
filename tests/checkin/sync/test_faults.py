"""Crashes and cut cables: no fact lost, none doubled, and every desk ends up with the same log."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from checkin.counts.headcounts import conflicts
from checkin.desk import Desk
from checkin.facts import Fact
from checkin.model import Direction, Status
from checkin.store import Store
from checkin.sync import sender
from checkin.sync.address import Credentials
from tests.checkin.sync.conftest import (
    ATTENDEES,
    Clock,
    Hub,
    HubFactory,
    LiveDesk,
    Proxy,
    badge,
    fact_ids,
    outbox_size,
    scan,
    stats_json,
    stream_count,
    sync,
    wait_for,
)

MakeDesk = Callable[[Path, list[str], Credentials], LiveDesk]


def busy_morning(path: Path, clock: Clock, scans: int) -> None:
    """Many offline scans at one desk: people coming in and going out again."""
    with Store.open(path) as store:
        desk = Desk(store, gate="Main")
        for index in range(scans):
            number = index % ATTENDEES + 1
            desk.direction = Direction.EXIT if (index // ATTENDEES) % 2 else Direction.ENTRY
            assert desk.scan(badge(number), clock()).status.accepted


def assert_converged(hub: Hub, *desks: Path) -> None:
    first = fact_ids(desks[0])
    for desk in desks:
        assert fact_ids(desk) == first
        assert outbox_size(desk) == 0
        assert stats_json(desk) == stats_json(desks[0])
    messages, distinct = stream_count(hub)
    assert messages == distinct == len(first)


def in_step_with(desk: LiveDesk, other: Path) -> Callable[[], bool]:
    def check() -> bool:
        state = desk.background.state
        return state.caught_up and state.pending == 0 and fact_ids(desk.path) >= fact_ids(other)

    return check


def hold_pushes_after(batches: int, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Let the desks publish ``batches`` batches, then hold the next until released."""
    release = threading.Event()
    published = sender.OutboxSender.publish
    count = 0

    async def held(self: sender.OutboxSender, facts: list[Fact]) -> list[str]:
        nonlocal count
        count += 1
        while count > batches and not release.is_set():
            await asyncio.sleep(0.01)
        return await published(self, facts)

    monkeypatch.setattr(sender.OutboxSender, "publish", held)
    return release


def test_a_hub_killed_mid_sync_and_restarted(
    event_db: Path,
    hubs: HubFactory,
    tmp_path: Path,
    live_desks: MakeDesk,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hub = hubs.start("venue")
    sync(event_db, hub)
    sync(tmp_path / "desk-b.db", hub, desk="desk-b")
    busy_morning(event_db, clock, 600)
    monkeypatch.setattr(sender, "PUSH_BATCH", 40)
    released = hold_pushes_after(2, monkeypatch)

    desk_a = live_desks(event_db, [hub.url], hub.credentials)
    desk_b = live_desks(tmp_path / "desk-b.db", [hub.url], hub.credentials)
    desk_a.wait(lambda s: s.pushed >= 80, "part of the outbox is sent")
    hub.server.kill()
    released.set()
    for desk in (desk_a, desk_b):
        desk.wait(lambda s: not s.connected, "the desk notices the hub is gone")
    assert outbox_size(event_db) == 600 - 80
    desk_a.scan(1, clock())
    desk_b.desk.direction = Direction.EXIT
    desk_b.scan(2, clock())

    hub = hubs.restart(hub)

    wait_for(in_step_with(desk_a, desk_b.path), what="desk A has everything")
    wait_for(in_step_with(desk_b, desk_a.path), what="desk B has everything")
    assert_converged(hub, desk_a.path, desk_b.path)


KILLED_DESK = """
import os, signal, sys
from pathlib import Path
from checkin.sync import bookkeeping, engine, sender
from checkin.sync.address import Credentials

sender.PUSH_BATCH = 100
sent = bookkeeping.record_sent
calls = []

def record_then_die(store, fact_ids, replay_reached):
    calls.append(len(fact_ids))
    if len(calls) == 2:  # the hub has acknowledged this batch; the desk never writes it down
        os.kill(os.getpid(), signal.SIGKILL)
    return sent(store, fact_ids, replay_reached)

bookkeeping.record_sent = record_then_die
engine.sync_once(Path(sys.argv[1]), [sys.argv[2]], Credentials.load(sys.argv[3]))
"""


def test_a_desk_killed_mid_publish_and_restarted(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    sync(event_db, hub)
    desk_b = tmp_path / "desk-b.db"
    sync(desk_b, hub, desk="desk-b")
    busy_morning(event_db, clock, 400)
    creds = tmp_path / "creds.json"
    hub.credentials.save(creds)

    killed = subprocess.run(
        [sys.executable, "-c", KILLED_DESK, str(event_db), hub.url, str(creds)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert outbox_size(event_db) == 300  # one batch recorded as sent, three not

    report = sync(event_db, hub)
    sync(desk_b, hub)

    assert report.pushed == 300 and report.pending == 0
    assert_converged(hub, event_db, desk_b)


def test_a_desk_cut_off_keeps_working_and_catches_up(
    event_db: Path,
    hub: Hub,
    tmp_path: Path,
    live_desks: MakeDesk,
    proxy_to: Callable[[Hub], Proxy],
    clock: Clock,
) -> None:
    sync(event_db, hub)
    sync(tmp_path / "desk-b.db", hub, desk="desk-b")
    cable = proxy_to(hub)
    desk_a = live_desks(event_db, [hub.url], hub.credentials)
    desk_b = live_desks(tmp_path / "desk-b.db", [f"nats://127.0.0.1:{cable.port}"], hub.credentials)
    desk_b.wait_in_step()

    cable.cut()
    desk_b.wait(lambda s: not s.connected, "desk B notices the cut")
    for number in range(1, 11):
        assert desk_a.scan(number, clock()).status is Status.ENTERED
    for number in range(11, 21):
        assert desk_b.scan(number, clock()).status is Status.ENTERED
    assert desk_a.scan(30, clock()).status is Status.ENTERED
    assert desk_b.scan(30, clock()).status is Status.ENTERED  # B cannot know
    desk_b.wait(lambda s: s.pending == 11, "desk B keeps its scans for later")

    cable.heal()

    wait_for(in_step_with(desk_a, desk_b.path), what="desk A has B's scans")
    wait_for(in_step_with(desk_b, desk_a.path), what="desk B has A's scans")
    assert_converged(hub, desk_a.path, desk_b.path)
    with Store.open(desk_a.path) as store:
        assert [c["attendee"] for c in conflicts(store)] == [30]
        assert (
            store.conn.execute("SELECT count(*) FROM presence WHERE inside = 1").fetchone()[0] == 21
        )


def test_facts_a_hub_lost_with_its_power_come_back_from_the_desks(
    event_db: Path, hubs: HubFactory, tmp_path: Path
) -> None:
    hub = hubs.start("venue")
    sync(event_db, hub)
    desk_b, desk_c = tmp_path / "desk-b.db", tmp_path / "desk-c.db"
    sync(desk_b, hub, desk="desk-b")
    sync(desk_c, hub, desk="desk-c")
    hub.server.stop()
    data = hub.settings.directory / "data"
    shutil.copytree(data, tmp_path / "disk-before")
    hub = hubs.restart(hub)
    start = datetime.now(UTC) - timedelta(seconds=55)  # within the last minute
    for number in range(1, 6):
        scan(event_db, number, start + timedelta(seconds=10 * number))
    sync(event_db, hub)
    sync(desk_b, hub)
    # The hub acknowledged those scans, then lost them: its disk is as it was before.
    hub.server.kill()
    shutil.rmtree(data)
    shutil.copytree(tmp_path / "disk-before", data)
    hub = hubs.restart(hub)
    lost_then = stream_count(hub)[0]

    for number in range(6, 9):  # new scans land where the lost ones were
        scan(desk_c, number, start + timedelta(seconds=10 * number))
    sync(desk_c, hub)
    sync(event_db, hub)  # reconnecting, desk A offers its last minute again
    sync(desk_b, hub)  # B had read past the hub's end before the loss
    sync(desk_c, hub)

    assert stream_count(hub)[0] == lost_then + 5 + 3
    assert fact_ids(desk_b) == fact_ids(event_db) == fact_ids(desk_c)
    assert stats_json(desk_b) == stats_json(event_db) == stats_json(desk_c)
