"""Who arrived when, and through which gate: the attendance export.

One row per person who was admitted at least once, in order of first
arrival, as plain values; written as CSV (UTF-8 with a byte-order mark, so
Excel shows Chinese names) or XLSX.  The file holds personal data, so it is
created owner-only, and a roster field that Excel would run as a formula is
written as text (``checkin.export.rows.neutralise_formula``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checkin import read_model
from checkin.errors import UserError
from checkin.export.rows import neutralise_formula
from checkin.files import write_private
from checkin.store import Store
from checkin.timeutil import iso

ATTENDANCE_COLUMNS = (
    "attendee",
    "name",
    "name_alt",
    "company",
    "category",
    "arrived",
    "gate",
    "desk",
    "inside_now",
    "last_scan",
    "last_gate",
    "entries",
    "exits",
    "double_entries",
)


class ExportError(UserError):
    """An export cannot be written as asked; the message says what to change."""


def attendance_rows(store: Store) -> list[dict[str, Any]]:
    timezone = store.event().timezone
    rows = read_model.attendance(store)
    return [
        {
            "attendee": number,
            "name": name or "",
            "name_alt": name_alt or "",
            "company": company or "",
            "category": category or "",
            "arrived": iso(first_at, timezone),
            "gate": gate,
            "desk": desk,
            "inside_now": "yes" if inside else "no",
            "last_scan": iso(last_at, timezone),
            "last_gate": last_gate,
            "entries": entries,
            "exits": exits,
            "double_entries": conflicts,
        }
        for (
            number,
            name,
            name_alt,
            company,
            category,
            first_at,
            gate,
            desk,
            inside,
            last_at,
            last_gate,
            entries,
            exits,
            conflicts,
        ) in rows
    ]


def table_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[str], suffix: str) -> bytes:
    """Rows as CSV or XLSX bytes, every cell neutralised."""
    cells = [[neutralise_formula(row.get(column)) for column in columns] for row in rows]
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(cells)
        return buffer.getvalue().encode("utf-8-sig")
    if suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "attendance"
        sheet.append(list(columns))
        for line in cells:
            sheet.append(line)
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    raise ExportError(f"cannot write {suffix or 'a file without extension'}: use .csv or .xlsx")


def write_attendance(store: Store, path: Path) -> int:
    """Write the attendance export to ``path`` (.csv or .xlsx); returns the row count."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"cannot export attendance to {path.name}: use a .csv or .xlsx file")
    rows = attendance_rows(store)
    write_private(path, table_bytes(rows, ATTENDANCE_COLUMNS, suffix))
    return len(rows)
