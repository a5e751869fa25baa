"""Reading Excel workbooks: typed cells as text, sheet row numbers, formulas never run."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from checkin.model import AttendeeState, Category
from checkin.roster import RosterError, RowError, read_roster
from checkin.roster.tables import cell_text

Categories = tuple[Category, ...]


def workbook(path: Path, *sheets: Sequence[Sequence[Any]], titles: Sequence[str] = ()) -> Path:
    """Write rows to sheets; ``None`` rows leave a blank row, str cells stay strings."""
    book = openpyxl.Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        if index < len(titles):
            sheet.title = titles[index]
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row or (), start=1):
                cell = sheet.cell(row_number, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl would take "=..." as a formula
    book.save(path)
    return path


def test_a_chinese_workbook_reads_with_sheet_row_numbers(
    tmp_path: Path, categories: Categories
) -> None:
    path = workbook(
        tmp_path / "名单.xlsx",
        [
            ["2026 WeStart 参会名单"],
            None,
            ["英文名", "中文名", "单位", "手机", "类别", "编号", "状态"],
            ["Wei Zhang", "张伟", "宝武钢铁集团", 13800138000, "贵宾", 7, "正常"],
            None,
            [None, "李娜", "上海交通大学", "１３９００１３９０００", "演讲嘉宾", 8.0, "已取消"],
            [None, None, "无名公司", None, None, None, None],
        ],
    )
    roster = read_roster(path, categories=categories)
    assert (roster.encoding, roster.delimiter) == ("xlsx", None)
    assert roster.columns == {
        "英文名": "name",
        "中文名": "name_alt",
        "单位": "company",
        "手机": "phone",
        "类别": "category",
        "编号": "number",
        "状态": "state",
    }
    assert [
        (line, r.name, r.name_alt, r.phone, r.category, r.number, r.state)
        for line, r in roster.rows
    ] == [
        (4, "Wei Zhang", "张伟", "13800138000", "VIP", 7, AttendeeState.ACTIVE),
        (6, "李娜", "", "13900139000", "Speaker", 8, AttendeeState.CANCELLED),
    ]
    assert roster.errors == [RowError(7, "The name is empty.")]


def test_bad_rows_in_a_workbook_are_reported_by_row(tmp_path: Path, categories: Categories) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        [
            ["Name", "Email", "Ticket", "ID"],
            ["Ann", "ann@example.com", "T-1", 1],
            ["Bob", "ann@example.com", "T-2", 2],
            ["Cy", "cy@example.com", "T-1", 3],
            ["Di", "di@", "T-4", 4],
            ["Ed", "ed@example.com", "T-5", 5.5],
        ],
    )
    roster = read_roster(path, categories=categories)
    assert [line for line, _ in roster.rows] == [2]
    assert roster.errors == [
        RowError(3, "The email ann@example.com is already used on line 2."),
        RowError(4, "The ticket code T-1 is already used on line 2."),
        RowError(5, "The email 'di@' is not a valid email address."),
        RowError(6, "The number '5.5' is not a whole number."),
    ]


def test_formulas_are_never_evaluated_and_formula_text_stays_text(
    tmp_path: Path, categories: Categories
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "note", "company"])
    sheet.append(["Ann", "=1+1", None])  # a real formula, saved without a computed value
    text_cell = sheet.cell(2, 3, '=HYPERLINK("http://example.com","Acme")')
    text_cell.data_type = "s"
    path = tmp_path / "r.xlsx"
    book.save(path)
    [(_, record)] = read_roster(path, categories=categories).rows
    assert record.note == ""  # only Excel's saved result would be read, never "2"
    assert record.company == '=HYPERLINK("http://example.com","Acme")'


def test_the_first_sheet_with_a_name_column_is_read(tmp_path: Path, categories: Categories) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        [["说明"], ["本表由报名系统导出"]],
        [["姓名", "单位"], ["张伟", "宝武"]],
        titles=["说明", "名单"],
    )
    roster = read_roster(path, categories=categories)
    assert [(line, r.name) for line, r in roster.rows] == [(2, "张伟")]


def test_progress_ends_at_the_last_sheet_row(tmp_path: Path, categories: Categories) -> None:
    rows: list[list[Any]] = [["name"], *([f"P{i}"] for i in range(300))]
    path = workbook(tmp_path / "r.xlsx", rows)
    calls: list[tuple[int, int]] = []
    read_roster(path, categories=categories, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (301, 301)
    assert len(calls) <= 102


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("  Ann  ", "Ann"),
        (13800138000, "13800138000"),
        (13800138000.0, "13800138000"),
        (1.5, "1.5"),
        (True, "TRUE"),
        (dt.datetime(2026, 11, 28), "2026-11-28"),
        (dt.datetime(2026, 11, 28, 9, 30), "2026-11-28T09:30:00"),
        (dt.date(2026, 11, 28), "2026-11-28"),
    ],
)
def test_cells_read_as_the_text_a_person_sees(value: Any, text: str) -> None:
    assert cell_text(value) == text


# -- whole-file problems ---------------------------------------------------------


def test_a_workbook_without_a_name_column_is_refused(
    tmp_path: Path, categories: Categories
) -> None:
    path = workbook(tmp_path / "r.xlsx", [["单位", "邮箱"], ["宝武", "a@example.com"]])
    with pytest.raises(RosterError, match=r"r\.xlsx has no name column.*'单位', '邮箱'"):
        read_roster(path, categories=categories)


def test_an_empty_workbook_is_refused(tmp_path: Path, categories: Categories) -> None:
    path = workbook(tmp_path / "r.xlsx", [])
    with pytest.raises(RosterError, match=r"r\.xlsx has no rows"):
        read_roster(path, categories=categories)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path, categories: Categories) -> None:
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(RosterError, match=r"cannot open r\.xlsx as an Excel workbook"):
        read_roster(path, categories=categories)


def test_a_truncated_workbook_is_refused(tmp_path: Path, categories: Categories) -> None:
    path = workbook(tmp_path / "r.xlsx", [["name"], ["Ann"]])
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(RosterError, match=r"as an Excel workbook"):
        read_roster(path, categories=categories)
