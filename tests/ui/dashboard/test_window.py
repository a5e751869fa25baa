"""The dashboard window shows exactly what ``checkin stats --json`` says, and keeps up."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from checkin.desk import Desk
from checkin.store import Store
from tests.ui.dashboard.conftest import absent_attendees, code_of, walk_in
from ui.commands import main
from ui.dashboard.day_report import list_tables, summary_tables
from ui.dashboard.feed import LiveFeed
from ui.dashboard.tables import SILENT_BACKGROUND, SortedTable
from ui.dashboard.window import DashboardWindow
from ui.i18n.translator import Language


def stats_json(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["stats", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def column_of(table: SortedTable, title: str) -> int:
    count = table.rows.columnCount()
    titles = [str(table.rows.headerData(i, Qt.Orientation.Horizontal)) for i in range(count)]
    return titles.index(title)


def table_texts(table: SortedTable) -> dict[str, list[str]]:
    """Rows keyed by their first cell, as shown."""
    columns = table.rows.columnCount()
    return {
        table.shown_text(row, 0): [table.shown_text(row, c) for c in range(columns)]
        for row in range(table.proxy.rowCount())
    }


def number(text: str) -> int:
    return int(text.replace(",", ""))


@pytest.fixture
def window(qtbot: QtBot, morning_path: Path, end: datetime) -> Iterator[DashboardWindow]:
    feed = LiveFeed(morning_path, clock=lambda: end, poll_ms=20)
    shown = DashboardWindow(feed, db_path=morning_path, replay=True)
    qtbot.addWidget(shown)
    with qtbot.waitSignal(feed.ready, timeout=20000):
        feed.start()
    yield shown
    feed.stop()


@pytest.fixture
def writer(morning_path: Path) -> Iterator[Store]:
    """Another connection writing to the store, as a desk or sync process would."""
    store = Store.open(morning_path)
    yield store
    store.close()


def test_the_morning_has_the_mess_the_numbers_must_survive(morning_path: Path) -> None:
    stats = stats_json(morning_path)
    south = stats["by_gate"]["South Hall"]
    assert stats["exits"] > 0 and south["entries"] > south["checked_in"]  # re-entries
    assert stats["conflicts"] == 3
    assert stats["by_status"]["revoked"] > 0
    assert stats["registered"] < 3000  # cancelled attendees are not expected


def test_the_big_numbers_equal_checkin_stats(window: DashboardWindow, morning_path: Path) -> None:
    stats = stats_json(morning_path)
    assert (window.gauge.inside, window.gauge.capacity) == (stats["inside"], stats["capacity"])
    assert window.checked_in.number.text() == f"{stats['checked_in']:,}"
    assert window.checked_in.detail.text() == f"of {stats['registered']:,} registered"
    assert window.not_arrived.number.text() == f"{stats['not_arrived']:,}"
    assert window.exits.number.text() == f"{stats['exits']:,}"
    assert window.conflicts.number.text() == f"{stats['conflicts']:,}"
    assert window.projector.snapshot is not None
    assert window.projector.snapshot.counts.to_json() == stats


def test_the_gate_and_category_tables_equal_checkin_stats(
    window: DashboardWindow, morning_path: Path
) -> None:
    stats = stats_json(morning_path)
    gates = table_texts(window.gates)
    assert set(gates) == set(stats["by_gate"])
    for name, counts in stats["by_gate"].items():
        arrived, share, inside, entries, exits = gates[name][1:]
        assert [number(arrived), number(inside), number(entries), number(exits)] == [
            counts["checked_in"],
            counts["inside"],
            counts["entries"],
            counts["exits"],
        ]
        assert share == f"{counts['checked_in'] / stats['checked_in']:.1%}"
    categories = table_texts(window.categories)
    for name, counts in stats["by_category"].items():
        registered, arrived, share, inside = categories[name][1:]
        assert [number(registered), number(arrived), number(inside)] == [
            counts["registered"],
            counts["checked_in"],
            counts["inside"],
        ]
        assert share == f"{counts['checked_in'] / counts['registered']:.1%}"


def test_a_scan_by_another_process_shows_up_without_a_refresh(
    qtbot: QtBot, window: DashboardWindow, writer: Store, end: datetime
) -> None:
    before = window.gauge.inside
    (newcomer,) = absent_attendees(writer, 1)
    walk_in(writer, newcomer, end)
    qtbot.waitUntil(lambda: window.gauge.inside == before + 1, timeout=5000)
    assert window.checked_in.number.text() == f"{stats_json(writer.path)['checked_in']:,}"


def test_double_entries_merged_after_a_partition_are_counted_once_and_listed(
    qtbot: QtBot, window: DashboardWindow, writer: Store, tmp_path: Path, end: datetime
) -> None:
    apart = Store.new(tmp_path / "apart.db", desk="desk-vip")
    apart.merge(writer.facts())
    (person,) = absent_attendees(writer, 1)
    walk_in(writer, person, end)
    Desk(apart, gate="South Hall", desk_id="desk-south").scan(code_of(apart, person), end)
    inside = stats_json(writer.path)["inside"]
    writer.merge(apart.facts())
    qtbot.waitUntil(lambda: window.conflicts.number.text() == "4", timeout=5000)
    assert window.gauge.inside == inside  # the second entry is not a second person
    listed = [window.conflict_table.shown_text(row, 0) for row in range(4)]
    assert f"#{person}" in listed
    apart.close()


def test_a_desk_silent_for_over_2_minutes_is_highlighted(window: DashboardWindow) -> None:
    table = window.desks
    rows = {table.shown_text(row, 0): row for row in range(table.proxy.rowCount())}
    assert set(rows) == {"desk-expo", "desk-north", "desk-south", "desk-vip"}
    for desk, row in rows.items():
        brush = table.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
        quiet = table.shown_text(row, column_of(table, "Quiet for"))
        if desk == "desk-expo":  # reported 9 minutes ago that its camera was lost
            assert brush.color() == SILENT_BACKGROUND
            assert quiet == "SILENT 9 min"
            assert table.shown_text(row, column_of(table, "Camera")) == "lost"
        else:
            assert brush is None
            assert not quiet.startswith("SILENT")


def test_red_verdicts_of_the_last_hour_show_their_reason(window: DashboardWindow) -> None:
    table = window.red_table
    reasons = [table.shown_text(row, 3) for row in range(table.proxy.rowCount())]
    assert sorted(reasons) == [
        "Category not allowed at this gate",
        "Not a badge",
        "Revoked badge (reprinted)",
        "Revoked badge (reprinted)",
    ]
    assert window.red.number.text() == "4"


def test_tables_sort_by_the_number_not_its_text(window: DashboardWindow) -> None:
    table = window.gates
    table.sortByColumn(column_of(table, "Arrived"), Qt.SortOrder.DescendingOrder)
    arrived = [number(table.shown_text(row, 1)) for row in range(table.proxy.rowCount())]
    assert arrived == sorted(arrived, reverse=True)
    assert arrived[0] > 1000 > arrived[-1]  # "1,258" before "881", unlike text order


def test_the_freshness_line_says_when_the_numbers_stop_updating(
    window: DashboardWindow,
) -> None:
    text, stale = window.freshness_text()
    assert text.startswith("Clock set to 2026-11-28 12:11") and not stale
    window.replay = False
    window.wall_clock = lambda: snapshot_taken(window) + timedelta(seconds=3)
    text, stale = window.freshness_text()
    assert text.startswith("Live · updated") and "(3 s ago)" in text and not stale
    window.wall_clock = lambda: snapshot_taken(window) + timedelta(seconds=40)
    assert window.freshness_text() == ("STALE: no update for 40 s", True)
    window._on_failed("store busy in another program")
    text, stale = window.freshness_text()
    assert stale and text.startswith("NOT UPDATING: store busy")
    assert window.projector.stale


def snapshot_taken(window: DashboardWindow) -> datetime:
    from checkin.timeutil import from_millis

    assert window.snapshot is not None
    return from_millis(window.snapshot.taken_ms)


def test_queries_run_off_the_window_thread(window: DashboardWindow) -> None:
    assert window.feed.worker.thread() is window.feed.worker_thread
    assert window.feed.worker_thread is not window.thread()


def test_projector_mode_shows_the_big_numbers_on_black(
    qtbot: QtBot, window: DashboardWindow
) -> None:
    window.resize(1280, 720)
    window.show()
    window.toggle_projector()
    assert window.projecting
    image = window.grab().toImage()
    assert image.pixelColor(5, 5).name() == "#000000"
    green = sum(
        image.pixelColor(x, y).name() == "#2da44e"
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )
    assert green > 500  # the inside-now figure and its bar, in the gauge's colour
    window.set_projector(False)
    assert not window.projecting


@pytest.fixture
def chinese() -> Iterator[Language]:
    language = Language()
    yield language
    language.set("en")


def test_switching_to_chinese_relabels_the_window(
    window: DashboardWindow, chinese: Language
) -> None:
    window.language = chinese
    window.language_box.setCurrentIndex(window.language_box.findData("zh_CN"))
    assert window.checked_in.caption.text() == "已签到"
    assert window.title.text() == "WeStart 全球创业投资大会"
    assert "已作废胸牌（已补打）" in [
        window.red_table.shown_text(row, 3) for row in range(window.red_table.proxy.rowCount())
    ]
    assert str(window.gates.rows.headerData(0, Qt.Orientation.Horizontal)) == "入口"
    assert "贵宾" in table_texts(window.categories)
    window.language_box.setCurrentIndex(window.language_box.findData("en"))
    assert window.checked_in.caption.text() == "Checked in"


def test_attendance_export_from_the_window_is_owner_only(
    qtbot: QtBot, window: DashboardWindow, morning_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "attendance.csv"
    with qtbot.waitSignal(window.exported, timeout=20000) as done:
        window.export_attendance(path)
    stats = stats_json(morning_path)
    assert f"Wrote {stats['checked_in']:,} attendees" in done.args[0]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + stats["checked_in"]


def test_a_failed_export_says_why(qtbot: QtBot, window: DashboardWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(window.export_failed, timeout=20000) as failed:
        window.export_attendance(tmp_path / "attendance.doc")
    assert ".csv or .xlsx" in failed.args[0]


def test_the_day_report_tables_say_what_the_window_tables_say(window: DashboardWindow) -> None:
    assert window.snapshot is not None
    shown_with = zip(
        [*summary_tables(window.snapshot), *list_tables(window.snapshot)],
        [window.gates, window.categories, window.desks, window.red_table, window.conflict_table],
        strict=True,
    )
    for report, table in shown_with:
        assert report.rows, report.title  # the morning has something in every table
        picked = [column_of(table, header) for header in report.headers()]
        on_screen = [
            [table.shown_text(row, column) for column in picked]
            for row in range(table.proxy.rowCount())
        ]
        assert sorted(report.cells()) == sorted(on_screen), report.title
    desks = summary_tables(window.snapshot)[2]
    assert desks.flagged is not None
    silent = [
        cells[0] for row, cells in zip(desks.rows, desks.cells(), strict=True) if desks.flagged(row)
    ]
    assert silent == ["desk-expo"]


@pytest.mark.parametrize("suffix", [".pdf", ".png"])
def test_the_day_report_from_the_window_is_owner_only(
    qtbot: QtBot, window: DashboardWindow, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"report{suffix}"
    with qtbot.waitSignal(window.exported, timeout=20000):
        window.save_report(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = path.read_bytes()
    if suffix == ".pdf":
        assert data.startswith(b"%PDF")
        document = QPdfDocument(None)
        assert document.load(str(path)) == QPdfDocument.Error.None_
        assert document.pageCount() == 2  # the summary, then refused scans and double entries
    else:
        image = QImage()
        assert image.loadFromData(data)
        assert (image.width(), image.height()) == (1754, 1240)


def test_a_store_still_joining_says_so_until_the_event_arrives(
    qtbot: QtBot, morning_path: Path, tmp_path: Path, end: datetime
) -> None:
    joining = Store.new(tmp_path / "joining.db", desk="dashboard")
    feed = LiveFeed(joining.path, clock=lambda: end, poll_ms=20)
    shown = DashboardWindow(feed, db_path=joining.path)
    qtbot.addWidget(shown)
    try:
        with qtbot.waitSignal(feed.failed, timeout=20000) as failed:
            feed.start()
        assert "holds no event yet" in failed.args[0]
        text, stale = shown.freshness_text()
        assert stale and text.startswith("NOT UPDATING")
        with Store.open(morning_path) as source:
            joining.merge(source.facts())
        qtbot.waitUntil(lambda: shown.snapshot is not None, timeout=20000)
        assert shown.checked_in.number.text() == f"{stats_json(morning_path)['checked_in']:,}"
        assert not shown.freshness_text()[1]
    finally:
        feed.stop()
        joining.close()
