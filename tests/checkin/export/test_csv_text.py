"""CSV exports open in a spreadsheet as text, never as formulas."""

from __future__ import annotations

from checkin.export.csv_text import to_csv


def test_exports_neutralise_spreadsheet_formulas() -> None:
    text = to_csv([{"name": '=HYPERLINK("http://x","y")', "company": "+1 Corp", "ok": "Li"}])
    assert "'=HYPERLINK" in text and "'+1 Corp" in text and ",Li" in text


def test_no_rows_is_no_text() -> None:
    assert to_csv([]) == ""
