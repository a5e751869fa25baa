"""The background sync tells a window what it needs: connected, how much waits, when last in step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checkin.store import Store, StoreError
from checkin.sync.address import Credentials
from checkin.sync.background import BackgroundSync
from checkin.sync.engine import SyncState
from tests.checkin.sync.conftest import Clock, Hub, HubFactory, LiveDesk, scan, sync

MakeDesk = Callable[[Path, list[str], Credentials], LiveDesk]


def test_a_connected_desk_reports_when_it_was_last_in_step(
    event_db: Path, hub: Hub, live_desks: MakeDesk
) -> None:
    desk = live_desks(event_db, [hub.url], hub.credentials)

    desk.wait_in_step()

    state = desk.background.state
    assert state.connected and state.error is None
    assert state.hub == hub.url
    assert state.last_sync is not None
    assert state.pushed > 0  # the event itself went up first


def test_an_offline_desk_counts_what_waits_and_sends_it_on_return(
    event_db: Path, hubs: HubFactory, live_desks: MakeDesk, clock: Clock
) -> None:
    hub = hubs.start("venue")
    sync(event_db, hub)
    hub.server.kill()
    desk = live_desks(event_db, [hub.url], hub.credentials)
    desk.wait(lambda s: s.error is not None and "cannot reach the hub" in s.error, "offline")

    for number in (1, 2, 3):
        desk.scan(number, clock())
    desk.wait(lambda s: s.pending == 3 and not s.connected, "three scans waiting")

    hubs.restart(hub)
    desk.wait(lambda s: s.connected and s.pending == 0 and s.caught_up, "sent after the return")


def test_state_changes_reach_the_callback(event_db: Path, hub: Hub) -> None:
    seen: list[SyncState] = []
    background = BackgroundSync(event_db, [hub.url], hub.credentials, on_state=seen.append)
    with background:
        assert background.wait_until(lambda s: s.caught_up, 30)
    assert any(s.connected for s in seen)
    assert seen[-1].connected is False  # stopping closes the session


def test_stopping_releases_the_store(event_db: Path, hub: Hub, clock: Clock) -> None:
    background = BackgroundSync(event_db, [hub.url], hub.credentials)
    background.start()
    assert background.wait_until(lambda s: s.caught_up, 30)
    background.stop()
    background.stop()  # twice is harmless

    assert scan(event_db, 1, clock()).status.accepted


def test_a_missing_store_is_reported_at_start(hub: Hub, tmp_path: Path) -> None:
    background = BackgroundSync(tmp_path / "missing.db", [hub.url], hub.credentials)
    Store.new(tmp_path / "missing.db").close()
    (tmp_path / "missing.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        background.start()
