"""The attendance export: who arrived when and where, owner-only, with no formulas."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from checkin.desk import Desk
from checkin.export.attendance import (
    ATTENDANCE_COLUMNS,
    ExportError,
    attendance_rows,
    write_attendance,
)
from checkin.model import AttendeeRecord, Direction
from checkin.store import Store
from tests.checkin.conftest import code_for

MINUTE = timedelta(minutes=1)


@pytest.fixture
def attended(small_store: Store, now: datetime) -> Store:
    """Li Wei in at Main then out; Nora in through Expo; a formula-shaped walk-in in."""
    main = Desk(small_store, gate="Main", desk_id="desk-a")
    main.scan(code_for(small_store, 1), now)
    Desk(small_store, gate="Expo", desk_id="desk-b").scan(code_for(small_store, 5), now + MINUTE)
    main.direction = Direction.EXIT
    main.scan(code_for(small_store, 1), now + 2 * MINUTE)
    sneaky = small_store.register_attendee(
        AttendeeRecord('=HYPERLINK("http://evil.example","click")', company="@corp"), now
    )
    main.direction = Direction.ENTRY
    main.check_in(sneaky.number, now + 3 * MINUTE)
    return small_store


def test_rows_list_each_arrival_in_order_with_gate_and_desk(attended: Store) -> None:
    rows = attendance_rows(attended)
    assert [(r["attendee"], r["gate"], r["desk"], r["inside_now"]) for r in rows] == [
        (1, "Main", "desk-a", "no"),
        (5, "Expo", "desk-b", "yes"),
        (7, "Main", "desk-a", "yes"),
    ]
    assert rows[0]["arrived"] == "2026-11-28T09:00:00+08:00"
    assert (rows[0]["entries"], rows[0]["exits"], rows[0]["last_gate"]) == (1, 1, "Main")
    assert rows[0]["name_alt"] == "李伟"


def test_csv_export_is_owner_only_excel_friendly_and_neutralises_formulas(
    attended: Store, tmp_path: Path
) -> None:
    path = tmp_path / "attendance.csv"
    path.write_text("old file, readable by all")
    path.chmod(0o644)
    assert write_attendance(attended, path) == 3
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the UTF-8 Chinese names
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == ATTENDANCE_COLUMNS
    assert rows[2]["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[2]["company"] == "'@corp"
    assert rows[0]["name_alt"] == "李伟"


def test_xlsx_export_holds_the_same_rows_as_text(attended: Store, tmp_path: Path) -> None:
    path = tmp_path / "attendance.xlsx"
    write_attendance(attended, path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    sheet = load_workbook(path).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ATTENDANCE_COLUMNS
    assert [row[0] for row in values[1:]] == [1, 5, 7]
    assert values[3][1] == '\'=HYPERLINK("http://evil.example","click")'
    assert sheet.cell(row=4, column=2).data_type == "s"  # text, not a formula


@pytest.mark.parametrize("name", ["attendance.txt", "attendance"])
def test_an_unknown_file_type_is_refused_with_the_choices(
    attended: Store, tmp_path: Path, name: str
) -> None:
    with pytest.raises(ExportError, match=r"\.csv or \.xlsx"):
        write_attendance(attended, tmp_path / name)
    assert not (tmp_path / name).exists()
