"""Export rows as CSV text that spreadsheets open without running anything in it."""

from __future__ import annotations

import csv
import io
from typing import Any

from checkin.export.rows import neutralise_formula


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV with a header from the first row's keys; "" for no rows."""
    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_formula(v) for k, v in row.items()})
    return buffer.getvalue()
