"""The self-service screen, used as an attendee would: scan, read, take the badge, walk on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from checkin.badges.template import load_template
from checkin.model import Color, Status
from checkin.store import Store
from tests.ui.badges.test_render import decode
from tests.ui.kiosk.conftest import Clock, badge, type_scan
from ui.badges.fonts import load_badge_fonts
from ui.badges.printing import PrinterState
from ui.badges.queue import PdfFileSink, PrintOnEntryQueue, attach_print_on_entry
from ui.i18n.translator import Language
from ui.kiosk.settings import SettingsFile
from ui.kiosk.window import KioskWindow

TEMPLATE = "cr80"


class Printed:
    """A badge printer that prints to PDF files: each job is a real page to open and read."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.folder = folder
        self.sink = PdfFileSink(load_template(TEMPLATE), folder)

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.pdf"))

    def codes(self, path: Path) -> list[str]:
        document = QPdfDocument()
        document.load(str(path))
        assert document.pageCount() == 1
        return decode(document.render(0, QSize(320, 508)))


@pytest.fixture
def printed(tmp_path: Path) -> Printed:
    load_badge_fonts()
    return Printed(tmp_path / "printed")


@pytest.fixture
def screen(
    qtbot: QtBot, demo_store: Store, settings: SettingsFile, clock: Clock, printed: Printed
) -> Iterator[KioskWindow]:
    window = KioskWindow(
        demo_store, settings, clock=clock, desk_id="self-service-1", self_service=True
    )
    window.wedge.clock = lambda: 0.0  # every key of a burst at once, however slow the machine
    qtbot.addWidget(window)
    queue = PrintOnEntryQueue(printed.sink, lambda: PrinterState.READY, poll_seconds=0.01)
    window.follow_print_queue(attach_print_on_entry(window, TEMPLATE, queue=queue))
    window.resize(1280, 800)
    window.show_kiosk(fullscreen=False)
    qtbot.waitExposed(window)
    yield window
    queue.stop()
    window.locked = False
    window.shutdown()


def queue_of(window: KioskWindow) -> PrintOnEntryQueue:
    queue = window.findChild(PrintOnEntryQueue)
    assert queue is not None
    return queue


def scan(qtbot: QtBot, window: KioskWindow, code: str) -> None:
    with qtbot.waitSignal(window.verdict_shown):
        type_scan(qtbot, window, code)


def shown(window: KioskWindow) -> list[str]:
    panel = window.panel
    rows = (panel.word, panel.name, panel.name_alt, panel.details, panel.reason)
    return [panel.text(row) for row in rows if panel.text(row)]


def test_the_idle_screen_invites_a_scan_in_both_languages_at_once(screen: KioskWindow) -> None:
    assert shown(screen) == [
        "Welcome  ·  欢迎",
        "Please scan your badge",
        "请扫描您的胸牌",
        "Hold the QR code under the scanner",
        "请将二维码放在扫描器下方",
    ]


def test_in_chinese_the_idle_screen_puts_chinese_first(
    qtbot: QtBot, screen: KioskWindow, qapp: object
) -> None:
    language = Language()
    language.set("zh_CN")
    try:
        qtbot.waitUntil(lambda: screen.panel.text(screen.panel.word) == "欢迎  ·  Welcome")
        assert shown(screen)[1:3] == ["请扫描您的胸牌", "Please scan your badge"]
        assert screen.windowTitle() == "自助签到"
    finally:
        language.set("en")


def test_a_green_badge_welcomes_by_name_prints_the_badge_then_the_screen_goes_idle(
    qtbot: QtBot, screen: KioskWindow, printed: Printed
) -> None:
    person = screen.store.attendee(2)
    code = badge(screen.store, person.number)
    screen.panel.set_hold_ms(300)
    queue = queue_of(screen)
    with qtbot.waitSignals([queue.printed, screen.panel.returned_to_ready], timeout=10_000):
        scan(qtbot, screen, code)
        assert screen.panel.palette_name == Color.GREEN
        assert shown(screen) == [
            "Welcome",
            person.name,
            person.name_alt,
            "Your badge is printing: please take it from the printer",
        ]
    [job] = printed.files()
    assert printed.codes(job) == [code]
    assert screen.store.printed_versions()[person.number] == 1
    assert shown(screen)[:2] == ["Welcome  ·  欢迎", "Please scan your badge"]


def test_someone_whose_badge_was_printed_already_is_just_welcomed(
    qtbot: QtBot, screen: KioskWindow, printed: Printed, clock: Clock
) -> None:
    screen.store.record_print(3, 1, clock.now)  # printed in the batch, mailed before the day
    with qtbot.assertNotEmitted(queue_of(screen).queued):
        scan(qtbot, screen, badge(screen.store, 3))
    assert screen.panel.status is Status.ENTERED
    assert shown(screen)[-1] == "You are checked in"
    assert printed.files() == []


def test_someone_staff_should_see_is_welcomed_printed_for_and_asked_to_stop_by(
    qtbot: QtBot, screen: KioskWindow, printed: Printed
) -> None:
    vip = next(a for a in screen.store.attendees() if a.category == "VIP" and not a.note)
    with qtbot.waitSignal(queue_of(screen).printed, timeout=10_000):
        scan(qtbot, screen, badge(screen.store, vip.number))
    assert screen.panel.status is Status.ATTENTION
    lines = shown(screen)
    assert lines[0] == "Welcome" and vip.name in lines
    assert lines[-2:] == [
        "Your badge is printing: please take it from the printer",
        "Please also stop by the help desk",
    ]
    assert "VIP" not in " ".join(lines)  # why staff should see them is for staff
    assert len(printed.files()) == 1


def not_a_badge(store: Store, now: datetime) -> str:
    return "not a badge at all"


def revoked(store: Store, now: datetime) -> str:
    store.reissue_badge(5, now)
    return badge(store, 5, version=1)


@pytest.mark.parametrize(("make_code", "named"), [(not_a_badge, False), (revoked, True)])
def test_a_red_verdict_prints_nothing_and_sends_the_person_to_the_help_desk(
    qtbot: QtBot,
    screen: KioskWindow,
    printed: Printed,
    clock: Clock,
    make_code: Callable[[Store, datetime], str],
    named: bool,
) -> None:
    code = make_code(screen.store, clock.now - timedelta(hours=1))
    with qtbot.assertNotEmitted(queue_of(screen).queued):
        scan(qtbot, screen, code)
    assert screen.panel.palette_name == Color.RED
    lines = shown(screen)
    assert lines[0] == "Please see the help desk"
    assert lines[-1] == "We cannot check you in at this screen"
    assert (screen.store.attendee(5).name in lines) is named
    assert queue_of(screen).waiting() == 0 and printed.files() == []


def test_already_inside_is_not_printed_again(
    qtbot: QtBot, screen: KioskWindow, printed: Printed
) -> None:
    code = badge(screen.store, 6)
    with qtbot.waitSignal(queue_of(screen).printed, timeout=10_000):
        scan(qtbot, screen, code)
    with qtbot.assertNotEmitted(queue_of(screen).queued):
        scan(qtbot, screen, code)  # the clock has moved past the repeat window
    assert screen.panel.status is Status.ALREADY_INSIDE
    assert shown(screen)[0] == "You are already checked in"
    assert shown(screen)[-1] == "Need a new badge? Please see the help desk"
    assert len(printed.files()) == 1


def test_a_printer_out_of_paper_sends_the_person_to_the_help_desk_for_the_badge(
    qtbot: QtBot, demo_store: Store, settings: SettingsFile, clock: Clock, printed: Printed
) -> None:
    window = KioskWindow(demo_store, settings, clock=clock, self_service=True)
    qtbot.addWidget(window)
    queue = PrintOnEntryQueue(printed.sink, lambda: PrinterState.OUT_OF_PAPER, poll_seconds=0.01)
    with qtbot.waitSignal(queue.state_changed, timeout=5000):
        window.follow_print_queue(attach_print_on_entry(window, TEMPLATE, queue=queue))
    try:
        window.on_code(badge(demo_store, 7), 0.0)
        assert shown(window)[-1] == "Your badge is delayed: please see the help desk"
        assert queue.waiting() == 1  # kept for when the paper is back
    finally:
        queue.stop()
        window.shutdown()


def test_settings_undo_and_search_are_not_on_the_attendees_screen(
    qtbot: QtBot, screen: KioskWindow
) -> None:
    for control in (screen.counters.undo, screen.counters.settings, screen.search.box):
        assert not control.isVisible()
    scan(qtbot, screen, badge(screen.store, 8))
    with qtbot.assertNotEmitted(screen.scan_undone):
        press_undo(qtbot, screen)
    assert screen.panel.status is Status.ENTERED


def test_on_a_desk_the_same_key_does_undo(qtbot: QtBot, kiosk: KioskWindow) -> None:
    scan(qtbot, kiosk, badge(kiosk.store, 8))
    with qtbot.waitSignal(kiosk.scan_undone):
        press_undo(qtbot, kiosk)


def press_undo(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.keyClick(window.central, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_the_staff_pin_still_opens_the_settings(qtbot: QtBot, screen: KioskWindow) -> None:
    qtbot.keyClick(screen.central, Qt.Key.Key_F2)
    dialog = screen.pin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.entry, "2026")
    dialog.try_pin()
    assert screen.settings_dialog is not None and screen.settings_dialog.isVisible()
    assert "self_service_seconds" in screen.settings_dialog.editors


def test_the_self_service_timeout_is_its_own_setting(
    qtbot: QtBot, demo_store: Store, settings: SettingsFile
) -> None:
    settings.set("hold_seconds", 2)
    settings.set("self_service_seconds", 12)
    desk = KioskWindow(demo_store, settings)
    screen = KioskWindow(demo_store, settings, self_service=True)
    for window in (desk, screen):
        qtbot.addWidget(window)
    assert (desk.panel.hold_ms, screen.panel.hold_ms) == (2000, 12_000)
    for window in (desk, screen):
        window.shutdown()
