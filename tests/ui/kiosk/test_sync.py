"""A kiosk that syncs: its scans reach the hub at once, and its status line says how sync is."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from checkin.store import Store
from checkin.sync.engine import SyncState
from checkin.sync.hub.info import default_credentials
from tests.checkin.sync.conftest import Hub, HubFactory, badge, create_event, sync
from tests.ui.kiosk.conftest import Clock
from ui.common.sync import start_sync
from ui.kiosk.settings import SettingsFile
from ui.kiosk.window import KioskWindow


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    factory = HubFactory(tmp_path / "hubs")
    yield factory.start()
    factory.stop_all()


def test_a_scan_reaches_the_hub_and_another_desk_at_once(
    qtbot: QtBot, tmp_path: Path, hub: Hub, now: datetime
) -> None:
    seed = create_event(tmp_path / "seed.db", now, desk="badge-station")
    sync(seed, hub)
    desk_db = tmp_path / "desk.db"
    creds = default_credentials(hub.settings, hub.url)
    background, relay = start_sync(desk_db, hub.url, creds)
    try:
        store = Store.open(desk_db)
        settings = SettingsFile(tmp_path / "kiosk.json")
        settings.set("gate", "Main")
        window = KioskWindow(
            store,
            settings,
            clock=Clock(now),
            claim=background.claimer(store),
            sync_notify=background.notify,
        )
        qtbot.addWidget(window)
        relay.attach(window.sync_changed.emit)
        qtbot.waitUntil(
            lambda: window.sync_label.text().startswith("Sync: connected"), timeout=20_000
        )

        with qtbot.waitSignal(window.verdict_shown):
            window.on_code(badge(7), 0.0)
        qtbot.waitUntil(
            lambda: window.sync is not None and window.sync.pending == 0, timeout=20_000
        )

        other = tmp_path / "other.db"
        sync(other, hub, desk="desk-other")  # a new desk joins and catches up
        with Store.open(other) as theirs:
            assert theirs.presence(7) is not None and theirs.presence(7).inside
        window.shutdown()
        store.close()
    finally:
        background.stop()


def test_the_status_line_says_when_the_hub_is_unreachable(qtbot: QtBot, kiosk: KioskWindow) -> None:
    assert kiosk.sync_label.text() == "Sync: local only"
    kiosk.sync_changed.emit(SyncState(connected=False, pending=12))
    qtbot.waitUntil(lambda: kiosk.sync_label.text() == "Sync: hub unreachable · 12 waiting")


def test_the_last_sync_time_is_on_the_event_clock_not_the_laptop_zone(
    qtbot: QtBot, kiosk: KioskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")  # the laptop lives elsewhere
    time.tzset()
    try:
        synced = datetime(2026, 11, 28, 1, 30, 5, tzinfo=UTC)  # 09:30:05 in Shanghai
        kiosk.sync_changed.emit(SyncState(connected=True, pending=0, last_sync=synced))
        qtbot.waitUntil(lambda: kiosk.sync_label.text().endswith("09:30:05"))
    finally:
        monkeypatch.undo()
        time.tzset()
