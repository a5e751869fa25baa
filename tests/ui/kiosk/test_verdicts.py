"""What the kiosk shows for each verdict, scanned through the USB wedge or the camera path."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from checkin import badge_codes
from checkin.model import Attendee, AttendeeState, Color, Direction, Status
from checkin.store import Store, StoreFullError
from tests.ui.kiosk.conftest import Clock, badge, type_scan
from ui.kiosk.sound import Tone
from ui.kiosk.window import KioskWindow


def someone(store: Store, test: Callable[[Attendee], bool]) -> Attendee:
    return next(a for a in store.attendees() if test(a))


def plain(a: Attendee) -> bool:
    return a.category == "Attendee" and not a.note and a.state is AttendeeState.ACTIVE


@dataclass(frozen=True)
class Case:
    status: Status
    color: Color
    word: str
    reason: str  # a part of the reason line ("" for none)
    named: bool = True


def entered(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    person = someone(kiosk.store, plain)
    return badge(kiosk.store, person.number), person


def already_inside(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    code, person = entered(kiosk, clock)
    kiosk.desk.scan(code, clock.now - timedelta(minutes=20))
    return code, person


def vip(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    person = someone(kiosk.store, lambda a: a.category == "VIP" and a.state.value == "active")
    return badge(kiosk.store, person.number), person


def revoked(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    person = someone(kiosk.store, plain)
    kiosk.store.reissue_badge(person.number, clock.now - timedelta(hours=1))
    return badge(kiosk.store, person.number, version=1), person


def cancelled(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    person = someone(kiosk.store, lambda a: a.state is AttendeeState.CANCELLED)
    return badge(kiosk.store, person.number), person


def at_vip_gate(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    kiosk.desk.set_gate("VIP")
    return entered(kiosk, clock)


def exhibition_before_nine(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    kiosk.desk.set_gate("Exhibition")
    clock.now = clock.now.replace(hour=8, minute=30)
    return entered(kiosk, clock)


def leaving(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    code, person = already_inside(kiosk, clock)
    kiosk.desk.direction = Direction.EXIT
    return code, person


def leaving_unseen(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    kiosk.desk.direction = Direction.EXIT
    return entered(kiosk, clock)


def other_event(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    return badge_codes.mint(b"another key", "GIS25", 12, 1), None


def forged(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    real = badge(kiosk.store, 12)
    return real[:-4] + ("AAAA" if not real.endswith("AAAA") else "BBBB"), None


def nobody(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    return badge(kiosk.store, 99_999), None


def a_url(kiosk: KioskWindow, clock: Clock) -> tuple[str, Attendee | None]:
    return "https://westart.example.com/ticket", None


CASES = {
    "entered": (entered, Case(Status.ENTERED, Color.GREEN, "WELCOME", "")),
    "already inside": (
        already_inside,
        Case(
            Status.ALREADY_INSIDE, Color.AMBER, "ALREADY INSIDE", "through North Hall (desk-test)"
        ),
    ),
    "vip": (vip, Case(Status.ATTENTION, Color.AMBER, "WELCOME - ATTENTION", "Attention: VIP")),
    "revoked": (
        revoked,
        Case(Status.REVOKED, Color.RED, "REVOKED BADGE", "version 1: version 2 is current"),
    ),
    "cancelled": (
        cancelled,
        Case(Status.BLOCKED, Color.RED, "NO ENTRY", "Registration cancelled"),
    ),
    "wrong gate": (
        at_vip_gate,
        Case(
            Status.NOT_ALLOWED,
            Color.RED,
            "WRONG GATE",
            "Attendee may not use this gate: go to North Hall, South Hall, Exhibition",
        ),
    ),
    "closed": (
        exhibition_before_nine,
        Case(Status.CLOSED, Color.RED, "GATE CLOSED", "open 09:00-17:30"),
    ),
    "exit": (leaving, Case(Status.EXITED, Color.GREEN, "GOODBYE", "")),
    "exit unseen": (
        leaving_unseen,
        Case(Status.NOT_INSIDE, Color.RED, "NOT INSIDE", "exit not counted"),
    ),
    "other event": (
        other_event,
        Case(Status.WRONG_EVENT, Color.RED, "OTHER EVENT", "(GIS25)", named=False),
    ),
    "forged": (forged, Case(Status.FORGED, Color.RED, "INVALID BADGE", "forged", named=False)),
    "unknown": (
        nobody,
        Case(Status.UNKNOWN, Color.RED, "UNKNOWN BADGE", "No attendee", named=False),
    ),
    "url": (a_url, Case(Status.NOT_A_BADGE, Color.RED, "NOT A BADGE", "not a badge", named=False)),
}

TONES = {Color.GREEN: Tone.ACCEPT, Color.AMBER: Tone.ATTENTION, Color.RED: Tone.REJECT}
SHAPES = {Color.GREEN: "accept", Color.AMBER: "attention", Color.RED: "reject"}


def assert_shows(kiosk: KioskWindow, case: Case, person: Attendee | None) -> None:
    panel = kiosk.panel
    assert panel.status is case.status
    assert panel.palette_name == case.color
    assert panel.icon.shape == SHAPES[case.color]
    assert panel.text(panel.word) == case.word
    assert case.reason in panel.text(panel.reason)
    if case.reason == "":
        assert panel.text(panel.reason) == ""
    if case.named:
        assert person is not None
        assert panel.text(panel.name) == person.name
        assert panel.text(panel.name_alt) == person.name_alt
        assert person.category in panel.text(panel.details)
    else:
        assert panel.text(panel.name) == ""
    assert kiosk.sound.last is TONES[case.color]


@pytest.mark.parametrize("name", list(CASES))
def test_a_usb_scanner_code_shows_its_verdict(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock, name: str
) -> None:
    prepare, case = CASES[name]
    code, person = prepare(kiosk, clock)
    with qtbot.waitSignal(kiosk.verdict_shown, timeout=5000) as shown:
        type_scan(qtbot, kiosk, code)
    assert shown.args[0].status is case.status
    assert_shows(kiosk, case, person)


@pytest.mark.parametrize("name", ["entered", "already inside", "revoked"])
def test_a_camera_code_from_the_worker_thread_shows_its_verdict(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock, name: str
) -> None:
    prepare, case = CASES[name]
    code, person = prepare(kiosk, clock)
    worker = threading.Thread(target=kiosk.bridge.report_code, args=(code,))
    with qtbot.waitSignal(kiosk.verdict_shown, timeout=5000):
        worker.start()
    worker.join()
    assert_shows(kiosk, case, person)


def test_the_verdict_is_shown_only_after_the_scan_is_recorded(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock
) -> None:
    code, _ = entered(kiosk, clock)
    recorded_when_shown: list[bool] = []

    def check(verdict: object) -> None:
        fact_id = getattr(verdict, "fact_id", None)
        row = kiosk.store.conn.execute("SELECT 1 FROM facts WHERE id = ?", (fact_id,)).fetchone()
        recorded_when_shown.append(row is not None)

    kiosk.panel.shown.connect(check)
    with qtbot.waitSignal(kiosk.verdict_shown):
        kiosk.bridge.report_code(code)
    assert recorded_when_shown == [True]


def test_a_scan_the_store_cannot_record_is_red_and_says_why(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _ = entered(kiosk, clock)

    def full(*args: object, **kwargs: object) -> None:
        raise StoreFullError("cannot record: disk full (demo.db); free some space")

    monkeypatch.setattr(kiosk.store, "append", full)
    with qtbot.waitSignal(kiosk.verdict_shown):
        type_scan(qtbot, kiosk, code)
    assert kiosk.panel.status is Status.NOT_RECORDED
    assert kiosk.panel.palette_name == Color.RED
    assert "disk full" in kiosk.panel.text(kiosk.panel.reason)
    kiosk.refresh_status()
    assert "disk full" in kiosk.store_label.text()


def test_the_same_badge_read_again_keeps_the_verdict_without_a_second_tone(
    qtbot: QtBot, kiosk: KioskWindow, clock: Clock
) -> None:
    code, _ = entered(kiosk, clock)
    clock.step = timedelta(0)
    with qtbot.waitSignal(kiosk.verdict_shown):
        kiosk.bridge.report_code(code)
    kiosk.sound.last = None
    kiosk.on_code(code, 0.0)  # the badge is still in front of the camera
    assert kiosk.panel.status is Status.ENTERED
    assert kiosk.sound.last is None
