"""The badge station: find, print, reprint (revoking the lost badge), register walk-ins."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from checkin.badges.batch import BadgeSource, BadgeStanding, check_badge
from checkin.badges.template import load_template
from checkin.desk import Desk
from checkin.model import Status
from checkin.store import Store
from tests.ui.badges.conftest import FakePrinter
from ui.badges.station import StationWindow
from ui.i18n.translator import Language


@pytest.fixture
def printer() -> FakePrinter:
    return FakePrinter()


@pytest.fixture
def station(
    qtbot: QtBot, badge_qapp: object, demo_store: Store, printer: FakePrinter, now: datetime
) -> Iterator[StationWindow]:
    window = StationWindow(
        demo_store, load_template("4x3in"), gate="North Hall", printer=printer, clock=lambda: now
    )
    qtbot.addWidget(window)
    window.show()
    yield window


def find(station: StationWindow, text: str) -> int:
    station.search_box.setText(text)
    assert station.results.count() > 0
    assert station.current is not None
    return station.current.number


def test_search_shows_the_badge_and_printing_records_it(
    station: StationWindow, printer: FakePrinter, demo_store: Store
) -> None:
    number = find(station, "Abigail Price")
    assert station.preview.pixmap() is not None and not station.preview.pixmap().isNull()
    station.print_button.click()
    assert [(t, [b.number for b in badges]) for t, badges in printer.jobs] == [("4x3in", [number])]
    assert demo_store.printed_versions()[number] == 1
    assert f"printed  #{number} v1" in station.log_list.item(0).text()
    assert "version 1 printed" in station.details.text()


def test_a_reprint_revokes_the_lost_badge_and_the_station_says_so(
    station: StationWindow, printer: FakePrinter, demo_store: Store, now: datetime
) -> None:
    number = find(station, "Abigail Price")
    lost = station.current
    assert lost is not None
    station.reprint_button.click()
    assert f"Badge version 1 of #{number} is now revoked" in station.notice.text()
    assert "New badge version 2 printed" in station.notice.text()
    assert station.notice.property("tone") == "warn"
    assert "version 2 printed" in station.details.text()
    assert printer.jobs[-1][1][0].version == 2
    assert demo_store.printed_versions()[number] == 2
    assert check_badge(demo_store, lost.code).standing is BadgeStanding.REVOKED
    verdict = Desk(demo_store, gate="North Hall").scan(lost.code, now + timedelta(minutes=1))
    assert verdict.status is Status.REVOKED
    station.check_box.setText(lost.code)
    station.check_code()
    assert station.check_result.text().startswith(f"Revoked: #{number} version 1 was reprinted")


def test_checking_a_current_badge_selects_its_owner(
    station: StationWindow, demo_store: Store
) -> None:
    code = BadgeSource(demo_store).badge_for(7).code
    station.check_box.setText(code)
    station.check_code()
    assert station.check_result.property("standing") == "current"
    assert station.current is not None and station.current.number == 7


def test_cancelled_attendee_gets_no_badge(
    station: StationWindow, printer: FakePrinter, demo_store: Store
) -> None:
    station.select(17)  # the demo cancels every 300th attendee from 17
    station.print_button.click()
    assert printer.jobs == []
    assert "is cancelled: no badge" in station.notice.text()


def test_walk_in_mistakes_show_next_to_their_fields(
    station: StationWindow, printer: FakePrinter, demo_store: Store
) -> None:
    before = demo_store.attendee_count()
    station.walk_in_fields["name"].setText("  ")
    station.walk_in_fields["email"].setText("not-an-email")
    station.walk_in_fields["phone"].setText("12")
    station.register_button.click()
    assert station.walk_in_errors["name"].text().startswith("a name is required")
    assert "is not an email address" in station.walk_in_errors["email"].text()
    assert "6 to 15 digits" in station.walk_in_errors["phone"].text()
    assert station.walk_in_errors["company"].text() == ""
    assert "3 to fix" in station.notice.text()
    assert demo_store.attendee_count() == before and printer.jobs == []


def test_a_walk_in_is_registered_printed_and_checked_in(
    station: StationWindow, printer: FakePrinter, demo_store: Store
) -> None:
    station.walk_in_fields["name"].setText("Lena Park")
    station.walk_in_fields["name_alt"].setText("朴丽娜")
    station.walk_in_fields["company"].setText("Acme Robotics")
    station.category_box.setCurrentIndex(station.category_box.findData("Investor"))
    station.check_in_now.setChecked(True)
    station.register_button.click()
    attendee = demo_store.attendee(demo_store.next_number() - 1)
    assert attendee is not None
    assert (attendee.name, attendee.name_alt, attendee.category) == (
        "Lena Park",
        "朴丽娜",
        "Investor",
    )
    assert printer.jobs[-1][1][0].number == attendee.number
    assert "version 1 printed" in station.details.text()
    presence = demo_store.presence(attendee.number)
    assert presence is not None and presence.inside
    assert "Check-in at North Hall: WELCOME." in station.notice.text()
    assert station.walk_in_fields["name"].text() == ""
    assert station.search_box.text() == "" and find(station, "Lena Park") == attendee.number


def test_a_printer_failure_is_reported_and_nothing_is_recorded(
    qtbot: QtBot, badge_qapp: object, demo_store: Store, now: datetime
) -> None:
    window = StationWindow(
        demo_store,
        load_template("cr80"),
        printer=FakePrinter(fail="out of ribbon"),
        clock=lambda: now,
    )
    qtbot.addWidget(window)
    window.select(5)
    window.print_button.click()
    assert window.notice.text() == "Printing failed: out of ribbon"
    assert 5 not in demo_store.printed_versions()


@pytest.fixture
def chinese(badge_qapp: object) -> Iterator[Language]:
    language = Language()
    language.set("zh_CN")
    yield language
    language.set("en")


def test_the_station_speaks_chinese(
    qtbot: QtBot, chinese: Language, demo_store: Store, printer: FakePrinter, now: datetime
) -> None:
    window = StationWindow(
        demo_store, load_template("4x3in"), gate="North Hall", printer=printer, clock=lambda: now
    )
    qtbot.addWidget(window)
    assert window.print_button.text() == "打印胸牌"
    assert window.reprint_button.text() == "补打（胸牌丢失）"
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "查找参会者",
        "现场登记",
    ]
    assert window.search_box.placeholderText() == "姓名、公司、电话或邮箱"
    assert window.check_in_now.text() == "立即在 North Hall 签到"
    window.select(5)
    window.print_button.click()
    assert window.notice.text().startswith("已为 ") and window.notice.text().endswith(" 打印胸牌。")


def test_the_status_line_speaks_the_window_language(
    qtbot: QtBot, chinese: Language, demo_store: Store, printer: FakePrinter
) -> None:
    window = StationWindow(demo_store, load_template("4x3in"), printer=printer)
    qtbot.addWidget(window)
    assert window.sync_label.text() == "同步：仅本地"


def test_states_and_the_walk_in_verdict_are_in_the_window_language(
    qtbot: QtBot, chinese: Language, demo_store: Store, printer: FakePrinter, now: datetime
) -> None:
    window = StationWindow(
        demo_store, load_template("4x3in"), gate="North Hall", printer=printer, clock=lambda: now
    )
    qtbot.addWidget(window)
    window.select(17)  # cancelled in the demo
    assert window.details.text().endswith(" · 已取消")
    window.print_button.click()
    assert "状态为 已取消" in window.notice.text() and "cancelled" not in window.notice.text()
    window.select(18)
    assert window.details.text().endswith(" · 有效")
    window.walk_in_fields["name"].setText("Lena Park")
    window.register_button.click()
    assert "在 North Hall 签到：欢迎。" in window.notice.text()
    assert "entered" not in window.notice.text()
