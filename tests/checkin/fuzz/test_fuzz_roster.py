"""Roster import fuzzed: random bytes, wrong encodings, huge fields, formula injection.

Whatever the file holds, import either reports a RosterError (a whole-file
problem) or imports the good rows and lists the bad ones: never another
exception, never a half import.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from checkin.demo import DEMO_CATEGORIES
from checkin.export.csv_text import to_csv
from checkin.export.rows import export_attendees
from checkin.roster import RosterError, import_roster, read_roster
from checkin.store import Store

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "李伟", "a@b.cn"]
    ),
    st.text(min_size=1, max_size=3).map(lambda t: t * 4000),  # huge fields
)
ENCODING = st.sampled_from(
    ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "latin-1", "big5", "shift_jis"]
)


def _read(path: Path) -> None:
    try:
        roster = read_roster(path, categories=DEMO_CATEGORIES)
    except RosterError as error:
        assert str(error)
        return
    for line, record in roster.rows:
        assert line >= 2 and record.name.strip()
    for error in roster.errors:
        assert error.line >= 1 and error.reason


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_are_a_clear_error_or_a_roster(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    _read(path)


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=5), max_size=8),
    encoding=ENCODING,
    sep=st.sampled_from(",;\t"),
)
def test_csv_in_any_encoding_with_any_cells_never_crashes(
    tmp_path: Path, rows: list[list[str]], encoding: str, sep: str
) -> None:
    lines = [sep.join(["姓名", "邮箱", "公司", "类别"])] + [sep.join(row) for row in rows]
    path = tmp_path / "roster.csv"
    path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
    _read(path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=6))
def test_xlsx_with_any_cells_never_crashes(tmp_path: Path, rows: list[list[str]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Email", "Company", "Category"])
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell)[:32000] for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(buffer.getvalue())
    _read(path)


def test_formula_cells_are_imported_as_text_and_exported_neutralised(
    demo_store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "evil.csv"
    path.write_text(
        'name,email,company\n"=HYPERLINK(""http://evil.example"",""click"")",evil@example.com,+SUM(A1)\n',
        encoding="utf-8",
    )
    result = import_roster(demo_store, path)
    assert result.added == 1 and not result.errors
    rows = [r for r in export_attendees(demo_store) if r["email"] == "evil@example.com"]
    assert rows[0]["name"].startswith("=HYPERLINK")  # stored as typed, never evaluated
    exported = to_csv(rows)
    assert "'=HYPERLINK" in exported and "'+SUM(A1)" in exported
    assert json.dumps(rows)  # JSON export is plain data
