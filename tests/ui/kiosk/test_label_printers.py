"""``checkin kiosk --print-on-entry --printer URL``: first arrivals' badges on label printers.

The printers are emulators on 127.0.0.1 that decode every label back to its
QR code, so "printed" means the attendee's current badge code came out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta

import pytest
from click.testing import CliRunner
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from checkin.badges.batch import BadgeSource
from checkin.model import AttendeeState, Color, PrintJobState
from checkin.store import Store
from tests.checkin.printers.emulator import PrinterEmulator
from tests.ui.kiosk.conftest import Clock, badge
from ui.badges.fonts import load_badge_fonts
from ui.badges.queue import PrintOnEntryQueue
from ui.commands import main
from ui.kiosk import cli as kiosk_cli
from ui.kiosk.settings import SettingsFile
from ui.kiosk.window import KioskWindow


class Desk:
    """A kiosk wired as ``checkin kiosk --print-on-entry --printer ...`` wires it."""

    def __init__(self, qtbot: QtBot, window: KioskWindow, urls: list[str]) -> None:
        self.window = window
        self.stack = ExitStack()
        self.queue: PrintOnEntryQueue = kiosk_cli._attach_printer(
            window, None, self.stack, tuple(urls)
        )
        self.status = window.findChild(QLabel, "badgePrinterState")
        assert self.status is not None

    def scan(self, qtbot: QtBot, code: str) -> None:
        with qtbot.waitSignal(self.window.verdict_shown, timeout=5000):
            self.window.on_code(code, 0.0)

    def status_is(self, qtbot: QtBot, state: str) -> None:
        assert self.status is not None
        qtbot.waitUntil(lambda: self.status.property("printerState") == state, timeout=10_000)


@pytest.fixture
def make_desk(
    qtbot: QtBot, demo_store: Store, settings: SettingsFile, clock: Clock
) -> Iterator[object]:
    load_badge_fonts()
    desks: list[Desk] = []

    def make(urls: list[str], self_service: bool = False) -> Desk:
        window = KioskWindow(demo_store, settings, clock=clock, self_service=self_service)
        qtbot.addWidget(window)
        desk = Desk(qtbot, window, urls)
        window.follow_print_queue(desk.queue)
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.stack.close()
        desk.window.shutdown()


def never_printed(store: Store) -> int:
    printed = store.printed_versions()
    return next(
        a.number
        for a in store.attendees()
        if a.number not in printed and not a.note and a.state is AttendeeState.ACTIVE
    )


def test_a_green_first_arrival_gets_their_current_badge_from_the_label_printer(
    qtbot: QtBot, demo_store: Store, make_desk: object
) -> None:
    number = never_printed(demo_store)
    with PrinterEmulator("zpl") as zebra:
        desk = make_desk([zebra.url("dpi=203")])  # type: ignore[operator]
        desk.status_is(qtbot, "ready")
        with qtbot.waitSignal(desk.queue.printed, timeout=20_000) as printed:
            desk.scan(qtbot, badge(demo_store, number))
        assert desk.window.panel.palette_name == Color.GREEN
        assert printed.args == [number, 1]
        assert zebra.errors == []
        assert zebra.codes() == [BadgeSource(demo_store).badge_for(number).code]
    # The journal recorded the print, once, on this desk's store.
    (job,) = demo_store.print_jobs()
    assert (job.number, job.version, job.state) == (number, 1, PrintJobState.DONE)
    assert demo_store.printed_versions()[number] == 1


def test_a_red_scan_prints_nothing(
    qtbot: QtBot, demo_store: Store, make_desk: object, clock: Clock
) -> None:
    demo_store.reissue_badge(5, clock.now - timedelta(hours=1))
    with PrinterEmulator("zpl") as zebra:
        desk = make_desk([zebra.url()], True)  # type: ignore[operator]
        desk.status_is(qtbot, "ready")
        with qtbot.assertNotEmitted(desk.queue.queued):
            desk.scan(qtbot, badge(demo_store, 5, version=1))  # the lost badge
        assert desk.window.panel.palette_name == Color.RED
        assert desk.queue.waiting() == 0
    assert zebra.labels == [] and demo_store.print_jobs() == []


def test_a_pool_with_one_printer_switched_off_still_prints_on_the_other(
    qtbot: QtBot, demo_store: Store, make_desk: object
) -> None:
    number = never_printed(demo_store)
    with PrinterEmulator("zpl") as off, PrinterEmulator("zpl") as on:
        off.go_offline()
        desk = make_desk([off.url("dpi=203"), on.url("dpi=203")], True)  # type: ignore[operator]
        desk.status_is(qtbot, "ready")  # one printer takes jobs: the pool does
        with qtbot.waitSignal(desk.queue.printed, timeout=20_000):
            desk.scan(qtbot, badge(demo_store, number))
        assert off.labels == [] and on.errors == []
        assert on.codes() == [BadgeSource(demo_store).badge_for(number).code]
    assert [job.printer for job in demo_store.print_jobs(PrintJobState.DONE)] == [on.url("dpi=203")]


def test_printer_without_print_on_entry_is_a_usage_error(demo_store: Store) -> None:
    result = CliRunner().invoke(
        main, ["kiosk", "--db", str(demo_store.path), "--printer", "zpl://127.0.0.1"]
    )
    assert result.exit_code == 2
    assert "give --print-on-entry with it" in result.output


def test_a_bad_printer_url_stops_the_kiosk_before_it_opens(demo_store: Store) -> None:
    result = CliRunner().invoke(
        main,
        ["kiosk", "--db", str(demo_store.path), "--print-on-entry", "--printer", "zpl://?dpi=1"],
    )
    assert result.exit_code == 1
    assert result.output.startswith("checkin: printer 'zpl://?dpi=1'")
