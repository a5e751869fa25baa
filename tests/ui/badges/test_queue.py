"""Print on arrival: scanning never waits for the printer, and the printer's state shows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from checkin.badges.batch import BadgeSource
from checkin.badges.layout import BadgeData
from checkin.desk import Desk
from checkin.printers.state import PrinterState
from checkin.store import Store
from ui.badges.printing import parse_lpstat
from ui.badges.queue import (
    PrinterStatusLabel,
    PrintOnEntryQueue,
    attach_print_on_entry,
    print_on_entry,
)


class Printer:
    """A printer whose paper and speed the test controls."""

    def __init__(self) -> None:
        self.state = PrinterState.READY
        self.printed: list[tuple[int, int]] = []
        self.release = threading.Event()
        self.release.set()

    def sink(self, badge: BadgeData) -> None:
        self.release.wait(10)
        self.printed.append((badge.number, badge.version))

    def probe(self) -> PrinterState:
        return self.state


@pytest.fixture
def printer() -> Printer:
    return Printer()


@pytest.fixture
def queue(qtbot: QtBot, badge_qapp: object, printer: Printer) -> Iterator[PrintOnEntryQueue]:
    queue = PrintOnEntryQueue(printer.sink, printer.probe, poll_seconds=0.01)
    queue.start()
    yield queue
    printer.release.set()
    queue.stop()


def badge_of(store: Store, number: int) -> BadgeData:
    return BadgeSource(store).badge_for(number)


def test_first_entry_with_a_ticket_code_prints_a_badge_and_records_it(
    qtbot: QtBot, queue: PrintOnEntryQueue, printer: Printer, demo_store: Store, now: datetime
) -> None:
    queue.record_to(demo_store)
    desk = Desk(demo_store, gate="North Hall")
    code = badge_of(demo_store, 12).code  # as emailed: never printed
    with qtbot.waitSignal(queue.printed, timeout=5000) as printed:
        verdict = desk.scan(code, now)
        assert print_on_entry(queue, demo_store, verdict)
    assert printed.args == [12, 1]
    assert printer.printed == [(12, 1)]
    assert demo_store.printed_versions()[12] == 1
    again = desk.scan(code, now + timedelta(minutes=1))
    assert not print_on_entry(queue, demo_store, again)


def test_scanning_never_waits_for_a_slow_printer(
    qtbot: QtBot, queue: PrintOnEntryQueue, printer: Printer, demo_store: Store
) -> None:
    printer.release.clear()  # the printer is stuck on the first badge
    for number in (1, 2, 3):
        assert queue.submit(badge_of(demo_store, number))
    assert not queue.submit(badge_of(demo_store, 3))  # already waiting
    assert queue.waiting() == 3 and printer.printed == []
    with qtbot.waitSignal(queue.waiting_changed, check_params_cb=lambda n: n == 0, timeout=5000):
        printer.release.set()
    assert printer.printed == [(1, 1), (2, 1), (3, 1)]


def test_out_of_paper_keeps_the_badge_until_paper_is_back(
    qtbot: QtBot, queue: PrintOnEntryQueue, printer: Printer, demo_store: Store
) -> None:
    label = PrinterStatusLabel(queue)
    qtbot.addWidget(label)
    printer.state = PrinterState.OUT_OF_PAPER
    with qtbot.waitSignal(queue.state_changed, check_params_cb=lambda s: s == "out_of_paper"):
        queue.submit(badge_of(demo_store, 4))
    qtbot.waitUntil(lambda: "out of paper" in label.text())
    assert "1 waiting" in label.text() and printer.printed == []
    with qtbot.waitSignal(queue.printed, timeout=5000):
        printer.state = PrinterState.READY
    assert printer.printed == [(4, 1)]
    qtbot.waitUntil(lambda: label.text() == "Badge printer ready")


def test_a_failed_print_is_reported_and_the_queue_goes_on(
    qtbot: QtBot, badge_qapp: object, demo_store: Store
) -> None:
    def jammed(badge: BadgeData) -> None:
        raise RuntimeError("paper jam")

    queue = PrintOnEntryQueue(jammed, lambda: PrinterState.READY, poll_seconds=0.01)
    queue.start()
    try:
        with qtbot.waitSignal(queue.failed, timeout=5000) as failed:
            queue.submit(badge_of(demo_store, 5))
        assert failed.args == [5, "paper jam"]
        assert queue.waiting() == 0
    finally:
        queue.stop()


@pytest.mark.parametrize(
    ("output", "state"),
    [
        ("printer badge is idle.  enabled since Sat 28 Nov 2026\n", PrinterState.READY),
        ("printer badge now printing badge-12.  enabled since ...", PrinterState.PRINTING),
        ("printer badge is idle.\n\tAlerts: media-empty-error\n", PrinterState.OUT_OF_PAPER),
        ("printer badge is idle.\n\tAlerts: offline-report\n", PrinterState.OFFLINE),
        ("printer badge disabled since Sat 28 Nov 2026 -\n\tPaused", PrinterState.OFFLINE),
        ("printer badge is idle.\n\tAlerts: media-jam-error\n", PrinterState.ERROR),
        ("", PrinterState.NONE),
    ],
)
def test_cups_printer_states_are_read(output: str, state: PrinterState) -> None:
    assert parse_lpstat(output) is state


class FakeKiosk(QMainWindow):
    """What ``attach_print_on_entry`` needs of the kiosk window: its store and its signal."""

    verdict_shown = Signal(object)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store


def test_kiosk_shows_the_printer_state_and_queues_first_arrivals(
    qtbot: QtBot, badge_qapp: object, demo_store: Store, now: datetime
) -> None:
    window = FakeKiosk(demo_store)
    qtbot.addWidget(window)
    queue = attach_print_on_entry(window, "cr80", printer_name="")
    try:
        label = window.findChild(QLabel, "badgePrinterState")
        assert label is not None
        qtbot.waitUntil(lambda: label.text() == "No badge printer chosen")
        verdict = Desk(demo_store, gate="North Hall").scan(badge_of(demo_store, 30).code, now)
        window.verdict_shown.emit(verdict)
        assert queue.waiting() == 1  # kept until a printer is chosen
        qtbot.waitUntil(lambda: label.text() == "No badge printer chosen · 1 waiting")
    finally:
        queue.stop()
