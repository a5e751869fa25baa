"""Reading a roster file as a table of text cells, each row with its line number.

The file's content decides how it is read, not its name: a workbook renamed
to .csv is still a workbook.  The header is the first row, among the first
few, that names a name column, so a title row above it ("2026 参会名单") is
fine.  Line numbers are what the user's editor shows: the physical line of a
CSV file (a quoted cell may span lines) or the sheet's row number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from checkin.roster.columns import ColumnMap, map_columns
from checkin.roster.decoding import decode_roster
from checkin.roster.result import RosterError

log = logging.getLogger(__name__)

DELIMITERS = (",", ";", "\t")
# How many non-blank rows may come before the header (titles, notes).
HEADER_SEARCH_ROWS = 10

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm"})

Line = tuple[int, list[str]]


@dataclass
class Table:
    header_line: int
    columns: ColumnMap
    # Data rows after the header, blank rows left out.
    rows: Iterator[Line]
    # Lines (CSV) or sheet rows (XLSX) in the file, for progress; 0 if unknown.
    total: int
    encoding: str
    delimiter: str | None
    close: Callable[[], None]


def open_table(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(f"no file at {path}: check the name and folder") from None
    except IsADirectoryError:
        raise RosterError(f"{path} is a folder: choose the roster file inside it") from None
    except OSError as error:
        raise RosterError(f"cannot read {path}: {error.strerror or error}") from None
    if data.startswith(_ZIP_MAGIC):
        return _workbook_table(path, data)
    if data.startswith(_OLE_MAGIC):
        raise RosterError(
            f"{path.name} is an old-style .xls or a password-protected workbook: open it in "
            "Excel, remove any password and save it as .xlsx or 'CSV UTF-8'"
        )
    if path.suffix.lower() in _WORKBOOK_SUFFIXES:
        raise RosterError(
            f"{path.name} is named like an Excel workbook but is not one: "
            "export the roster again as .xlsx or CSV"
        )
    if not data.strip():
        raise RosterError(f"{path.name} is empty: export the roster again with its rows")
    text, encoding = decode_roster(data, path.name)
    return _text_table(path, text, encoding)


# -- CSV -------------------------------------------------------------------


def _csv_lines(text: str, delimiter: str) -> Iterator[Line]:
    """Non-blank records with the physical line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if any(cells):
                yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise RosterError(
            f"line {line} is not valid CSV ({error}): check the quotes on that line"
        ) from None


def _text_table(path: Path, text: str, encoding: str) -> Table:
    if not text.strip():
        raise RosterError(f"{path.name} is empty: export the roster again with its rows")
    best: tuple[tuple[int, int, int], str, int, ColumnMap] | None = None
    for rank, delimiter in enumerate(DELIMITERS):
        head = _header(_csv_lines(text, delimiter))
        if head is None:
            continue
        line, columns, cells = head
        score = (len(columns.roles), len(cells), -rank)
        if best is None or score > best[0]:
            best = (score, delimiter, line, columns)
    if best is None:
        raise _no_name_column(path, _first_cells(_csv_lines(text, ",")))
    _, delimiter, header_line, columns = best
    rows = (row for row in _csv_lines(text, delimiter) if row[0] > header_line)
    total = text.count("\n") + (0 if text.endswith("\n") else 1)
    return Table(header_line, columns, rows, total, encoding, delimiter, lambda: None)


# -- XLSX ------------------------------------------------------------------


def _workbook_table(path: Path, data: bytes) -> Table:
    import openpyxl  # slow to import; only workbooks need it

    try:
        # data_only: a formula cell gives the value Excel last saved with it,
        # so nothing in the file is ever evaluated.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to zip errors
        raise RosterError(
            f"cannot open {path.name} as an Excel workbook ({type(error).__name__}: {error}): "
            "open it in Excel and save it again as .xlsx or 'CSV UTF-8'"
        ) from None
    first: list[str] = []
    try:
        for sheet in book.worksheets:
            lines = _sheet_lines(sheet.iter_rows(min_row=1, min_col=1, values_only=True))
            head_rows: list[Line] = []
            head = _header(_recording(lines, head_rows))
            if head is None:
                first = first or (head_rows[0][1] if head_rows else [])
                continue
            header_line, columns, _ = head
            rest = chain((row for row in head_rows if row[0] > header_line), lines)
            total = sheet.max_row if isinstance(sheet.max_row, int) else 0
            return Table(header_line, columns, rest, total, "xlsx", None, book.close)
    except RosterError:
        book.close()
        raise
    except Exception as error:
        book.close()
        raise RosterError(
            f"cannot read {path.name} as an Excel workbook ({type(error).__name__}: {error}): "
            "open it in Excel and save it again as .xlsx or 'CSV UTF-8'"
        ) from None
    book.close()
    if not first:
        raise RosterError(f"{path.name} has no rows: add the roster to its first sheet")
    raise _no_name_column(path, first)


def _sheet_lines(rows: Iterable[tuple[Any, ...]]) -> Iterator[Line]:
    for line, values in enumerate(rows, start=1):
        cells = [cell_text(value) for value in values]
        if any(cells):
            yield line, cells


def cell_text(value: Any) -> str:
    """A cell's value as the text the user sees in it (13800138000, not 1.38e10)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


# -- the header ------------------------------------------------------------


def _recording(lines: Iterator[Line], seen: list[Line]) -> Iterator[Line]:
    for line in lines:
        seen.append(line)
        yield line


def _header(lines: Iterator[Line]) -> tuple[int, ColumnMap, list[str]] | None:
    for count, (line, cells) in enumerate(lines):
        if count >= HEADER_SEARCH_ROWS:
            break
        columns = map_columns(cells)
        if columns.has_name:
            return line, columns, cells
    return None


def _first_cells(lines: Iterator[Line]) -> list[str]:
    return next(lines, (0, []))[1]


def _no_name_column(path: Path, headers: list[str]) -> RosterError:
    found = ", ".join(repr(header) for header in headers[:12] if header) or "none"
    return RosterError(
        f"{path.name} has no name column: add a header row with a column called "
        f"'name' or '姓名' (or 'English name' and 'Chinese name'); headers found: {found}"
    )
