"""The desk at work: hold and reset, undo, search, the PIN, languages, the camera."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from checkin.model import Direction, Status
from tests.ui.kiosk.conftest import Clock, WallClock, badge, type_scan
from ui.kiosk.scanning import CameraState
from ui.kiosk.settings import LOCKOUT_SECONDS, MAX_FAILURES
from ui.kiosk.settings_dialog import Leave
from ui.kiosk.window import KioskWindow


def scan(qtbot: QtBot, kiosk: KioskWindow, number: int) -> None:
    with qtbot.waitSignal(kiosk.verdict_shown):
        type_scan(qtbot, kiosk, badge(kiosk.store, number))


# -- hold and reset ----------------------------------------------------------


def test_a_verdict_holds_then_the_panel_returns_to_ready(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.panel.set_hold_ms(300)
    scan(qtbot, kiosk, 1)
    assert kiosk.panel.holding
    with qtbot.waitSignal(kiosk.panel.returned_to_ready, timeout=3000):
        pass
    assert kiosk.panel.status is None
    assert kiosk.panel.palette_name == "ready"
    assert kiosk.panel.text(kiosk.panel.word) == "READY"


def test_a_new_scan_replaces_the_verdict_at_once(qtbot: QtBot, kiosk: KioskWindow) -> None:
    scan(qtbot, kiosk, 1)
    first = kiosk.panel.text(kiosk.panel.name)
    scan(qtbot, kiosk, 2)
    assert kiosk.panel.text(kiosk.panel.name) == kiosk.store.attendee(2).name != first
    assert kiosk.panel.holding


# -- counters and undo -------------------------------------------------------


def test_counters_follow_scans_and_undo_takes_the_last_one_back(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    scan(qtbot, kiosk, 1)
    scan(qtbot, kiosk, 2)
    qtbot.waitUntil(lambda: kiosk.counters.counts is not None and kiosk.counters.counts.inside == 2)
    assert kiosk.counters.recent.text() == "This desk, 15 min: 2"
    with qtbot.waitSignal(kiosk.scan_undone) as undone:
        qtbot.mouseClick(kiosk.counters.undo, Qt.MouseButton.LeftButton)
    assert undone.args[0].attendee == 2
    assert kiosk.counters.counts.inside == 1
    assert kiosk.counters.inside.text() == "Inside 1 / 3,000"
    assert kiosk.panel.status is None
    assert kiosk.store.attendee(2).name in kiosk.status.currentMessage()


def test_undo_with_nothing_to_undo_says_so(qtbot: QtBot, kiosk: KioskWindow) -> None:
    with qtbot.waitSignal(kiosk.scan_undone) as undone:
        kiosk.undo_last()
    assert undone.args[0] is None
    assert kiosk.status.currentMessage() == "Nothing to undo at this desk"


# -- search ------------------------------------------------------------------


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese arrives from an input method as committed text, not as key presses."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_search_finds_a_person_and_enter_checks_them_in(qtbot: QtBot, kiosk: KioskWindow) -> None:
    person = next(a for a in kiosk.store.attendees() if a.name_alt and a.category == "Attendee")
    kiosk.search.box.setFocus()
    type_chinese(kiosk.search.box, person.name_alt)
    assert person.number in [hit.number for hit in kiosk.search.hits]
    while kiosk.search.hits[kiosk.search.results.currentRow()].number != person.number:
        qtbot.keyClick(kiosk.search.box, Qt.Key.Key_Down)
    with qtbot.waitSignal(kiosk.verdict_shown) as shown:
        qtbot.keyClick(kiosk.search.box, Qt.Key.Key_Return)
    assert shown.args[0].status is Status.ENTERED
    assert kiosk.panel.text(kiosk.panel.name) == person.name
    assert kiosk.search.box.text() == ""
    manual = kiosk.store.conn.execute(
        "SELECT count(*) FROM facts WHERE kind = 'scan.recorded' AND body LIKE '%\"manual\":true%'"
    ).fetchone()[0]
    assert manual == 1


def test_a_click_on_a_result_checks_the_person_in(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.search.box.setFocus()
    qtbot.keyClicks(kiosk.search.box, kiosk.store.attendee(7).email)
    item = kiosk.search.results.item(0)
    rect = kiosk.search.results.visualItemRect(item)
    with qtbot.waitSignal(kiosk.verdict_shown) as shown:
        qtbot.mouseClick(
            kiosk.search.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
        )
    assert shown.args[0].attendee.id == 7


def test_keys_typed_at_human_speed_go_to_the_search_box(qtbot: QtBot, kiosk: KioskWindow) -> None:
    target = QApplication.focusWidget() or kiosk
    qtbot.keyClick(target, "w")
    qtbot.waitUntil(lambda: kiosk.search.box.text() == "w")
    assert kiosk.search.box.hasFocus()
    assert kiosk.search.hits


def test_while_the_search_box_has_focus_the_scanner_filter_keeps_out(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.search.box.setFocus()
    qtbot.keyClicks(kiosk.search.box, "wang")
    assert kiosk.search.box.text() == "wang"
    assert kiosk.wedge.parser.pending == ""


# -- the PIN and settings ----------------------------------------------------


def enter_pin(qtbot: QtBot, kiosk: KioskWindow, pin: str) -> None:
    dialog = kiosk.pin_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.entry, pin)
    dialog.try_pin()


def test_settings_open_only_with_the_pin(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.request_settings()
    assert kiosk.pin_dialog is not None and kiosk.pin_dialog.isVisible()
    enter_pin(qtbot, kiosk, "1111")
    assert kiosk.settings_dialog is None
    assert kiosk.pin_dialog.message.text() == f"Wrong PIN: {MAX_FAILURES - 1} tries left"
    enter_pin(qtbot, kiosk, "2026")
    assert kiosk.settings_dialog is not None and kiosk.settings_dialog.isVisible()


def test_five_wrong_pins_lock_the_settings_for_a_while(
    qtbot: QtBot, kiosk: KioskWindow, wall: WallClock
) -> None:
    kiosk.request_settings()
    for _ in range(MAX_FAILURES):
        enter_pin(qtbot, kiosk, "0000")
    assert "locked" in kiosk.pin_dialog.message.text()
    enter_pin(qtbot, kiosk, "2026")  # right, but too late
    assert kiosk.settings_dialog is None
    wall.seconds += LOCKOUT_SECONDS + 1
    enter_pin(qtbot, kiosk, "2026")
    assert kiosk.settings_dialog is not None


def test_settings_change_gate_direction_and_hold(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.request_settings()
    enter_pin(qtbot, kiosk, "2026")
    dialog = kiosk.settings_dialog
    dialog.set_value("gate", "South Hall")
    dialog.set_value("direction", "exit")
    dialog.set_value("hold_seconds", 3.5)
    with qtbot.waitSignal(kiosk.settings_applied):
        dialog.save()
    assert (kiosk.desk.gate, kiosk.desk.direction) == ("South Hall", Direction.EXIT)
    assert kiosk.counters.place.text() == "South Hall · EXIT"
    assert kiosk.panel.hold_ms == 3500
    assert kiosk.settings.get("gate") == "South Hall"


def test_full_screen_cannot_be_closed_without_the_pin(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.show_kiosk(fullscreen=True)
    kiosk.close()
    assert kiosk.isVisible()
    assert kiosk.pin_dialog is not None and kiosk.pin_dialog.isVisible()
    enter_pin(qtbot, kiosk, "2026")
    kiosk.settings_dialog._leave(Leave.QUIT)
    qtbot.waitUntil(lambda: not kiosk.isVisible())


# -- languages ---------------------------------------------------------------


def test_the_language_switches_at_run_time(qtbot: QtBot, kiosk: KioskWindow) -> None:
    person = next(a for a in kiosk.store.attendees() if a.category == "Investor" and not a.note)
    scan(qtbot, kiosk, person.number)
    kiosk.language.set("zh_CN")
    qtbot.waitUntil(lambda: kiosk.panel.text(kiosk.panel.word) == "欢迎")
    assert kiosk.panel.text(kiosk.panel.details).endswith("投资人")  # the event's own label
    assert kiosk.counters.undo.text() == "撤销上一次扫描"
    assert kiosk.search.box.placeholderText() == "输入即搜索；回车签到"
    kiosk.language.set("en")
    qtbot.waitUntil(lambda: kiosk.panel.text(kiosk.panel.word) == "WELCOME")
    assert kiosk.counters.undo.text() == "Undo last scan"


def test_the_language_setting_applies_through_the_settings_form(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.request_settings()
    enter_pin(qtbot, kiosk, "2026")
    kiosk.settings_dialog.set_value("language", "zh_CN")
    with qtbot.waitSignal(kiosk.settings_applied):
        kiosk.settings_dialog.save()
    assert kiosk.panel.text(kiosk.panel.word) == "请扫码"
    qtbot.waitUntil(lambda: kiosk.counters.place.text() == "North Hall · 入场")
    kiosk.language.set("en")


# -- camera and sound --------------------------------------------------------


def report_from_worker(action: object, *args: object) -> None:
    worker = threading.Thread(target=action, args=args)  # type: ignore[arg-type]
    worker.start()
    worker.join()


def test_a_lost_camera_is_shown_and_the_usb_scanner_keeps_working(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    with qtbot.waitSignal(kiosk.camera_changed):
        report_from_worker(kiosk.bridge.report_camera, CameraState.RUNNING)
    assert kiosk.camera_label.text() == "Camera: running"
    assert kiosk.camera.message() == ""

    with qtbot.waitSignal(kiosk.camera_changed) as lost:
        report_from_worker(kiosk.bridge.report_camera, CameraState.LOST, "camera 0 unplugged")
    assert lost.args == ["lost"]
    assert kiosk.camera_label.text() == "Camera: lost, retrying"
    assert kiosk.camera.message().startswith("Camera lost")
    assert "USB scanner" in kiosk.status.currentMessage()
    scan(qtbot, kiosk, 3)
    assert kiosk.panel.status is Status.ENTERED

    with qtbot.waitSignal(kiosk.camera_changed):
        report_from_worker(kiosk.bridge.report_camera, CameraState.RUNNING)
    assert kiosk.camera.message() == ""
    health = kiosk.store.conn.execute(
        "SELECT status FROM desks WHERE desk = 'desk-test'"
    ).fetchone()
    assert '"camera": "running"' in health[0]


def test_without_audio_the_kiosk_says_once_that_it_is_silent(kiosk: KioskWindow) -> None:
    if kiosk.sound.available:
        pytest.skip("this machine has audio output")
    assert kiosk.status.currentMessage() == "No audio output on this machine: the kiosk is silent"


def test_sound_can_be_turned_off_and_still_knows_what_it_would_play(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock
) -> None:
    kiosk.sound.enabled = False
    scan(qtbot, kiosk, 1)
    assert kiosk.sound.last is not None


# -- what a first-time user sees ---------------------------------------------


def test_without_a_camera_the_ready_screen_asks_for_the_scanner(kiosk: KioskWindow) -> None:
    assert kiosk.panel.text(kiosk.panel.name) == "Scan your badge, or tell us your name"
    assert kiosk.demo_banner is None


def test_with_a_camera_the_ready_screen_asks_for_the_camera(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    from checkin.scanner.synthetic import store_codes
    from ui.kiosk.sources import make_scanner

    kiosk.switch_scanner(make_scanner("synthetic", codes=store_codes(kiosk.store)))
    assert kiosk.panel.text(kiosk.panel.name) == "Show your badge to the camera"


def test_a_demo_desk_says_it_is_a_demo(qtbot: QtBot, kiosk: KioskWindow) -> None:
    demo = KioskWindow(kiosk.store, kiosk.settings, desk_id="desk-demo", demo=True)
    qtbot.addWidget(demo)
    assert demo.demo_banner is not None
    assert demo.demo_banner.text().startswith("DEMO: a simulated camera")
    demo.shutdown()
