"""At the desk: a store that cannot record shows red and never green; the screen keeps contact
details private."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from checkin.model import Attendee, AttendeeState, Color, Status
from checkin.store import Store
from tests.ui.kiosk.conftest import Clock, WallClock, badge, type_scan
from ui.kiosk.settings import SettingsFile
from ui.kiosk.window import KioskWindow


def plain_people(store: Store, count: int) -> list[Attendee]:
    found = [
        a
        for a in store.attendees()
        if a.category == "Attendee" and not a.note and a.state is AttendeeState.ACTIVE
    ]
    return found[:count]


@contextmanager
def disk_full(store: Store, clock: Clock) -> Iterator[None]:
    """The store's file may not grow by a single page, and its free room is used up."""
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    try:
        fill_until_full(store, clock, plain_people(store, 1000)[500:])
        yield
    finally:
        store.conn.execute("PRAGMA max_page_count = 4294967294")


@contextmanager
def read_only(store: Store, clock: Clock) -> Iterator[None]:
    store.conn.execute("PRAGMA query_only = 1")
    try:
        yield
    finally:
        store.conn.execute("PRAGMA query_only = 0")


def scan_shown(qtbot: QtBot, kiosk: KioskWindow, code: str) -> None:
    with qtbot.waitSignal(kiosk.verdict_shown):
        type_scan(qtbot, kiosk, code)


def fill_until_full(store: Store, clock: Clock, people: list[Attendee]) -> None:
    """Record scans behind the kiosk's back until the store has no room left."""
    from checkin.desk import Desk

    desk = Desk(store, gate="North Hall", desk_id="filler")
    for person in people:
        if desk.scan(badge(store, person.number), clock()).status is Status.NOT_RECORDED:
            return
    pytest.fail("the store never filled up")


@pytest.mark.parametrize("fault", [disk_full, read_only], ids=["disk-full", "read-only"])
def test_a_store_that_cannot_record_shows_red_never_green_and_recovers(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock, fault: object
) -> None:
    people = plain_people(kiosk.store, 8)
    with fault(kiosk.store, clock):  # type: ignore[operator]
        facts_before = kiosk.store.fact_count()
        for person in people[:5]:
            scan_shown(qtbot, kiosk, badge(kiosk.store, person.number))
            assert kiosk.panel.status is Status.NOT_RECORDED
            assert kiosk.panel.palette_name == Color.RED
            reason = kiosk.panel.text(kiosk.panel.reason)
            assert "cannot record" in reason
            assert ("disk full" if fault is disk_full else "read-only") in reason
        assert kiosk.store.fact_count() == facts_before
    scan_shown(qtbot, kiosk, badge(kiosk.store, people[0].number))
    assert kiosk.panel.status is Status.ENTERED
    assert kiosk.panel.palette_name == Color.GREEN


def on_screen(kiosk: KioskWindow) -> str:
    """Every text the window holds: panel texts in full and every label's."""
    texts = list(kiosk.panel.texts.values())
    texts += [label.text() for label in kiosk.findChildren(QLabel)]
    return "\n".join(texts)


def test_the_verdict_screen_never_shows_a_phone_or_an_email(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock
) -> None:
    person = plain_people(kiosk.store, 1)[0]
    assert person.email and person.phone  # the demo gives everyone both
    code = badge(kiosk.store, person.number)
    for expected in (Status.ENTERED, Status.ALREADY_INSIDE):
        scan_shown(qtbot, kiosk, code)
        assert kiosk.panel.status is expected
        shown = on_screen(kiosk)
        assert person.name in shown
        assert person.email not in shown and person.phone not in shown
        assert person.phone.replace(" ", "") not in shown.replace(" ", "")


def test_no_pin_reaches_the_logs(
    tmp_path: Path, wall: WallClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    file = SettingsFile.load(tmp_path / "kiosk.json", clock=wall)
    file.set_pin("583920")
    for attempt in ["111111", "222222", "333333", "444444", "555555", "666666", "583920"]:
        file.check_pin(attempt)
    assert caplog.records  # the lockout is logged
    for pin in ("583920", "111111", "666666"):
        assert pin not in caplog.text
    assert "583920" not in (tmp_path / "kiosk.json").read_text()
