"""A badge station on the hub: it joins the event, and its reprints and walk-ins reach every desk."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from checkin.badges.template import load_template
from checkin.desk import Desk
from checkin.model import Status
from checkin.store import Store
from checkin.sync.engine import SyncState
from checkin.sync.hub.info import default_credentials
from tests.checkin.sync.conftest import ATTENDEES, Hub, HubFactory, badge, create_event, sync
from tests.ui.badges.conftest import FakePrinter
from ui.badges.station import StationWindow
from ui.commands import main
from ui.common.sync import start_sync


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    factory = HubFactory(tmp_path / "hubs")
    yield factory.start()
    factory.stop_all()


@pytest.fixture
def event_on_hub(tmp_path: Path, hub: Hub, now: datetime) -> Path:
    """The organiser's store, made and sent to the hub before any desk opens."""
    seed = create_event(tmp_path / "event.db", now, desk="organiser")
    sync(seed, hub)
    return seed


def test_a_reprint_and_a_walk_in_at_the_station_reach_another_desk(
    qtbot: QtBot, badge_qapp: object, tmp_path: Path, hub: Hub, event_on_hub: Path, now: datetime
) -> None:
    station_db = tmp_path / "station.db"  # a new machine: it joins first
    creds = default_credentials(hub.settings, hub.url)
    background, relay = start_sync(station_db, None, creds, desk="station")
    try:
        store = Store.open(station_db)
        assert store.desk_id == "station" and store.attendee_count() == ATTENDEES
        window = StationWindow(
            store,
            load_template("4x3in"),
            gate="Main",
            printer=FakePrinter(),
            clock=lambda: now,
            claim=background.claimer(store),
            sync_notify=background.notify,
        )
        qtbot.addWidget(window)
        relay.attach(window.sync_changed.emit)
        qtbot.waitUntil(
            lambda: window.sync_label.text().startswith("Sync: connected"), timeout=20_000
        )

        window.select(7)
        window.reprint_button.click()
        assert "Badge version 1 of #7 is now revoked" in window.notice.text()
        window.walk_in_fields["name"].setText("Lena Park")
        window.check_in_now.setChecked(False)  # she goes in through the gate
        window.register_button.click()
        walk_in = store.next_number() - 1
        assert store.attendee(walk_in) is not None
        qtbot.waitUntil(lambda: store.outbox_size() == 0, timeout=20_000)  # the hub has it all
        qtbot.waitUntil(
            lambda: window.sync is not None and window.sync.pending == 0, timeout=20_000
        )
        assert window.sync_label.text().startswith("Sync: connected · 0 to send")
        store.close()
    finally:
        background.stop()

    gate_db = tmp_path / "north.db"
    sync(gate_db, hub, desk="north")  # another desk joins and catches up
    later = now + timedelta(minutes=5)
    with Store.open(gate_db) as theirs:
        desk = Desk(theirs, gate="Main")
        assert desk.scan(badge(7, 1), later).status is Status.REVOKED
        assert desk.scan(badge(7, 2), later + timedelta(seconds=10)).status is Status.ENTERED
        walk_in_badge = badge(walk_in, 1)
        assert desk.scan(walk_in_badge, later + timedelta(seconds=20)).status is Status.ENTERED


def test_the_status_line_says_how_the_sync_is(
    qtbot: QtBot, badge_qapp: object, demo_store: Store
) -> None:
    window = StationWindow(demo_store, load_template("4x3in"), printer=FakePrinter())
    qtbot.addWidget(window)
    assert window.sync_label.text() == "Sync: local only"
    window.sync_changed.emit(SyncState(connected=False, pending=3))
    qtbot.waitUntil(lambda: window.sync_label.text() == "Sync: hub unreachable · 3 waiting")


def test_checkin_station_joins_the_event_with_a_new_store(
    tmp_path: Path, hub: Hub, event_on_hub: Path
) -> None:
    """In a process of its own, as the README runs it: a new --db and the hub's credentials."""
    station_db = tmp_path / "station.db"
    creds = default_credentials(hub.settings, hub.url)
    shot = tmp_path / "station.png"
    finished = subprocess.run(
        [
            sys.executable, "-m", "ui", "station", "--db", str(station_db),
            "--creds", str(creds), "--screenshot", str(shot),
        ],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert not QImage(str(shot)).isNull()
    with Store.open(station_db) as store:
        assert store.event().name == "Sync Test Event"
        assert store.attendee_count() == ATTENDEES


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/new.db"], "no store at"),
        (["--db", "{tmp}/new.db", "--hub", "nats://127.0.0.1:9"], "give --creds FILE"),
        (["--db", "{tmp}/new.db", "--creds", "{tmp}/none.json"], "no credentials file"),
    ],
)
def test_a_station_without_a_store_is_told_how_to_join(
    tmp_path: Path, args: list[str], message: str
) -> None:
    filled = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = CliRunner().invoke(main, ["station", *filled])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "new.db").exists()
