"""With --hub, the dashboard joins the hub and counts scans made at other desks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from checkin.desk import Desk
from checkin.store import Store
from checkin.sync.engine import sync_once
from checkin.sync.hub.info import default_credentials
from tests.checkin.sync.conftest import ATTENDEES, Hub, HubFactory, badge, create_event
from ui.common.sync import start_sync
from ui.dashboard.feed import LiveFeed
from ui.dashboard.window import DashboardWindow


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    factory = HubFactory(tmp_path / "hubs")
    yield factory.start()
    factory.stop_all()


def test_the_dashboard_joins_the_hub_and_shows_a_scan_from_another_desk(
    qtbot: QtBot, hub: Hub, tmp_path: Path, now: datetime
) -> None:
    desk_path = create_event(tmp_path / "desk.db", now)
    sync_once(desk_path, [hub.url], hub.credentials)
    dashboard_path = tmp_path / "dashboard.db"  # a new machine: it joins first
    sync, relay = start_sync(dashboard_path, None, default_credentials(hub.settings, hub.url))
    feed = LiveFeed(dashboard_path, clock=lambda: now, poll_ms=20)
    window = DashboardWindow(feed, db_path=dashboard_path)
    qtbot.addWidget(window)
    relay.attach(window.sync_state.emit)
    try:
        with qtbot.waitSignal(feed.ready, timeout=20000):
            feed.start()
        assert window.snapshot is not None
        assert window.snapshot.counts.registered == ATTENDEES
        with Store.open(desk_path) as desk:
            Desk(desk, gate="Main").scan(badge(1), now)
        sync_once(desk_path, [hub.url], hub.credentials)
        qtbot.waitUntil(lambda: window.gauge.inside == 1, timeout=20000)
        qtbot.waitUntil(lambda: window.hub_text() == "hub: in step", timeout=20000)
        assert "hub: in step" in window.freshness.text()
    finally:
        feed.stop()
        sync.stop()
