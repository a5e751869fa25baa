"""Real hubs on loopback, small events and desks, and a cuttable network for the sync tests.

Every nats-server started here listens on 127.0.0.1 on a free port and is
killed by its PID when the test ends.  Nothing waits a fixed time: tests
wait for a condition, with a deadline that fails the test when it passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checkin import badge_codes
from checkin.cli import main
from checkin.desk import Desk
from checkin.model import AttendeeRecord, Category, Event, Gate, Verdict
from checkin.store import Store
from checkin.sync.address import Credentials
from checkin.sync.background import BackgroundSync
from checkin.sync.engine import SyncReport, SyncState, sync_once
from checkin.sync.hub.info import default_credentials
from checkin.sync.hub.process import HubServer
from checkin.sync.hub.settings import ClusterSettings, HubSettings

KEY = bytes(range(32, 64))
EVENT = Event("ev-sync-test", "Sync Test Event", "SY26", capacity=500, timezone="Asia/Shanghai")
CATEGORIES = (Category("Attendee", "参会者"), Category("Speaker", "嘉宾"))
GATES = (Gate("Main"), Gate("Side"))
ATTENDEES = 60
WAIT_S = 30.0


def wait_for(condition: Callable[[], bool], timeout: float = WAIT_S, what: str = "") -> None:
    """Poll ``condition`` until it holds; fail the test if it does not within ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what or condition}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Hub:
    """A running hub (or one node of a cluster) and how to reach it."""

    settings: HubSettings
    server: HubServer
    url: str
    credentials: Credentials

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


@dataclass
class HubFactory:
    root: Path
    started: list[HubServer] = field(default_factory=list)

    def start(self, name: str = "hub", port: int = 0, **settings: Any) -> Hub:
        hub_settings = HubSettings(
            directory=self.root / name, host="127.0.0.1", port=port, server_name=name, **settings
        )
        server = HubServer(hub_settings)
        self.started.append(server)
        url = server.start()
        credentials = Credentials.load(default_credentials(hub_settings, url))
        return Hub(hub_settings, server, url, credentials)

    def restart(self, hub: Hub) -> Hub:
        """Start a stopped hub again from its folder, on the same port."""
        return self.start(
            hub.settings.name,
            hub.port,
            cluster=hub.settings.cluster,
            secrets_path=hub.settings.secrets_path,
        )

    def cluster(self, size: int = 3) -> list[Hub]:
        routes = [free_port() for _ in range(size)]
        hubs = []
        for index in range(size):
            cluster = ClusterSettings(
                ("127.0.0.1", routes[index]),
                tuple(("127.0.0.1", port) for i, port in enumerate(routes) if i != index),
            )
            secrets = self.root / "cluster-secrets.json"
            hubs.append(
                self.start(f"node{index}", free_port(), cluster=cluster, secrets_path=secrets)
            )
        return hubs

    def stop_all(self) -> None:
        for server in self.started:
            server.kill()


@pytest.fixture
def hubs(tmp_path: Path) -> Iterator[HubFactory]:
    factory = HubFactory(tmp_path / "hubs")
    yield factory
    factory.stop_all()


@pytest.fixture
def hub(hubs: HubFactory) -> Hub:
    return hubs.start()


# -- events and desks -----------------------------------------------------


def create_event(
    path: Path, now: datetime, *, attendees: int = ATTENDEES, desk: str = "desk-a"
) -> Path:
    store = Store.create(
        path, event=EVENT, categories=CATEGORIES, gates=GATES, key=KEY, now=now, desk=desk
    )
    with store:
        store.upsert_attendees(
            [
                AttendeeRecord(f"Attendee {n}", category="Speaker" if n % 10 == 0 else "Attendee")
                for n in range(1, attendees + 1)
            ],
            now,
        )
    return path


def badge(number: int, version: int = 1) -> str:
    return badge_codes.mint(KEY, EVENT.prefix, number, version)


class Clock:
    """Scan times ten seconds apart, so no scan is taken as a repeat of the one before."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=10)
        return self.at


def scan(path: Path, number: int, when: datetime, **desk_options: Any) -> Verdict:
    with Store.open(path) as store:
        return Desk(store, gate="Main", **desk_options).scan(badge(number), when)


def sync(path: Path, hub: Hub, desk: str | None = None) -> SyncReport:
    return sync_once(path, [hub.url], hub.credentials, desk=desk)


def stats_json(path: Path) -> str:
    result = CliRunner().invoke(main, ["stats", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return result.output


def fact_ids(path: Path) -> set[str]:
    with Store.open(path) as store:
        return {row[0] for row in store.conn.execute("SELECT id FROM facts")}


def outbox_size(path: Path) -> int:
    with Store.open(path) as store:
        return store.outbox_size()


def stream_count(hub: Hub) -> tuple[int, int]:
    """(messages in the event's stream, distinct fact ids among them)."""
    from checkin.sync.link import HubLink

    async def count() -> tuple[int, int]:
        link = await HubLink.open([hub.url], hub.credentials, None)
        try:
            info = await link.stream_info()
            total = info.state.messages
            ids: set[str] = set()
            for seq in range(info.state.first_seq, info.state.last_seq + 1):
                msg = await link.js.get_msg(link.binding.stream, seq=seq)
                ids.add(str((msg.headers or {}).get("Nats-Msg-Id")))
            return total, len(ids)
        finally:
            await link.close()

    return asyncio.run(count())


@pytest.fixture
def event_db(tmp_path: Path, now: datetime) -> Path:
    return create_event(tmp_path / "desk-a.db", now)


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


class LiveDesk:
    """A desk with its own store and a background sync, as a kiosk runs it."""

    def __init__(self, path: Path, urls: list[str], credentials: Credentials) -> None:
        self.path = path
        self.store = Store.open(path)
        self.background = BackgroundSync(path, urls, credentials)
        self.desk = Desk(self.store, gate="Main", claim=self.background.claimer(self.store))

    def start(self) -> LiveDesk:
        self.background.start()
        return self

    def scan(self, number: int, when: datetime) -> Verdict:
        verdict = self.desk.scan(badge(number), when)
        self.background.notify()
        return verdict

    def wait(self, predicate: Callable[[SyncState], bool], what: str) -> None:
        if not self.background.wait_until(predicate, WAIT_S):
            pytest.fail(
                f"{self.path.name}: timed out waiting until {what}: {self.background.state}"
            )

    def wait_in_step(self) -> None:
        self.wait(lambda s: s.connected and s.caught_up and s.pending == 0, "in step with the hub")

    def close(self) -> None:
        self.background.stop()
        self.store.close()


@pytest.fixture
def live_desks() -> Iterator[Callable[[Path, list[str], Credentials], LiveDesk]]:
    made: list[LiveDesk] = []

    def make(path: Path, urls: list[str], credentials: Credentials) -> LiveDesk:
        desk = LiveDesk(path, urls, credentials).start()
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()


# -- a network that a test can cut ---------------------------------------


class Proxy:
    """A TCP relay on loopback between desks and the hub; ``cut`` drops every connection."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.open = True
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.base_events.Server | None = None

    def start(self) -> Proxy:
        self._thread.start()
        self._ready.wait(5)
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._relay, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers |= {writer, up_writer}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers -= {writer, up_writer}

    def cut(self) -> None:
        def drop() -> None:
            self.open = False
            for writer in list(self._writers):
                writer.transport.abort()

        self._loop.call_soon_threadsafe(drop)

    def heal(self) -> None:
        def restore() -> None:
            self.open = True

        self._loop.call_soon_threadsafe(restore)

    def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


@pytest.fixture
def proxy_to() -> Iterator[Callable[[Hub], Proxy]]:
    made: list[Proxy] = []

    def make(hub: Hub) -> Proxy:
        proxy = Proxy(hub.port).start()
        made.append(proxy)
        return proxy

    yield make
    for proxy in made:
        proxy.close()
