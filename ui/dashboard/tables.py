"""The dashboard's tables: gates, categories, desks, conflicts, red verdicts.

Each table is a list of columns (a key, a title, the value to sort by, the
text to show) over rows taken from a snapshot.  The columns are declared
here once: the window's sortable tables show all of them, and the day
report (``ui.dashboard.day_report``) picks some by key, so a cell reads the
same on screen and on paper.  Sorting uses the raw value, so "1,204" sorts
after "987" and times sort as times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from checkin.counts.dashboard import DashboardSnapshot, DeskHealth, RedScan
from checkin.counts.headcounts import CategoryCount, GateCount
from checkin.model import Category
from checkin.names import name_sort_key
from checkin.timeutil import from_millis
from ui.dashboard import words
from ui.i18n.marker import QT_TRANSLATE_NOOP

translate = QCoreApplication.translate
CONTEXT = "DashboardTable"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SILENT_BACKGROUND = QColor("#ffebe9")
SILENT_TEXT = QColor("#a40e26")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # how the day report picks it
    title: str  # English source text, translated when shown
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    numeric: bool = False

    def heading(self) -> str:
        return translate(CONTEXT, self.title)

    def shown(self, row: Any) -> str:
        """The text of this column's cell in ``row``: numbers with thousands separators."""
        if self.text is not None:
            return self.text(row)
        value = self.value(row)
        if isinstance(value, int):
            return f"{value:,}"
        return "" if value is None else str(value)


def _name_order(name: str) -> str:
    """A person's name as one sortable text: pinyin first (``checkin.names``), then the name."""
    return "\x1f".join(name_sort_key(name))


def count(key: str, title: str, value: Callable[[Any], int]) -> Column:
    """A column of whole numbers: right-aligned, shown with thousands separators."""
    return Column(key, title, value, numeric=True)


def pick(columns: Sequence[Column], *keys: str) -> tuple[Column, ...]:
    """The columns named by ``keys``, in that order (a KeyError names a column that is not)."""
    by_key = {column.key: column for column in columns}
    return tuple(by_key[key] for key in keys)


def percent(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def clock_text(millis: int | None, timezone: str) -> str:
    if millis is None:
        return "–"
    return from_millis(millis, timezone).strftime("%H:%M:%S")


def ago_text(millis: int | None, now_ms: int) -> str:
    if millis is None:
        return translate("DashboardTable", "never")
    seconds = max(0, (now_ms - millis) // 1000)
    if seconds < 60:
        return translate("DashboardTable", "{n} s").format(n=seconds)
    if seconds < 3600:
        return translate("DashboardTable", "{n} min").format(n=seconds // 60)
    return translate("DashboardTable", "{h} h {m} min").format(
        h=seconds // 3600, m=seconds % 3600 // 60
    )


class RowsModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        *,
        highlight: Callable[[Any], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.highlight = highlight

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].heading()
        return None

    def text(self, row: int, column: int) -> str:
        return self.columns[column].shown(self.rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        spec, item = self.columns[column], self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            value = spec.value(item)
            return "" if value is None else value
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        flagged = self.highlight is not None and self.highlight(item)
        if role == Qt.ItemDataRole.BackgroundRole and flagged:
            return QBrush(SILENT_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and flagged:
            return QBrush(SILENT_TEXT)
        if role == Qt.ItemDataRole.FontRole and flagged:
            font = QFont()
            font.setBold(True)
            return font
        return None


class SortedTable(QTableView):
    """A read-only table that sorts on a header click, by raw values."""

    def __init__(self, model: RowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    def shown_text(self, row: int, column: int) -> str:
        """The text in a cell as the user sees it (sorted order): for tests and export."""
        return str(self.proxy.index(row, column).data())


# -- the five tables ----------------------------------------------------------


# (name, GateCount, total arrivals) rows.
GATE_COLUMNS = (
    Column("gate", QT_TRANSLATE_NOOP("DashboardTable", "Gate"), lambda r: r[0]),
    count("arrived", QT_TRANSLATE_NOOP("DashboardTable", "Arrived"), lambda r: r[1].checked_in),
    Column(
        "share",
        QT_TRANSLATE_NOOP("DashboardTable", "Share"),
        lambda r: percent(r[1].checked_in, r[2]),
        lambda r: f"{percent(r[1].checked_in, r[2]):.1%}",
        numeric=True,
    ),
    count("inside", QT_TRANSLATE_NOOP("DashboardTable", "Inside"), lambda r: r[1].inside),
    count("entries", QT_TRANSLATE_NOOP("DashboardTable", "Entries"), lambda r: r[1].entries),
    count("exits", QT_TRANSLATE_NOOP("DashboardTable", "Exits"), lambda r: r[1].exits),
)


def gate_table(parent: QWidget | None = None) -> SortedTable:
    return SortedTable(RowsModel(GATE_COLUMNS, parent=parent), parent)


def gate_rows(snapshot: DashboardSnapshot) -> list[tuple[str, GateCount, int]]:
    total = snapshot.counts.checked_in
    return [(name, count, total) for name, count in snapshot.counts.by_gate.items()]


# (Category, CategoryCount) rows.
CATEGORY_COLUMNS = (
    Column(
        "category",
        QT_TRANSLATE_NOOP("DashboardTable", "Category"),
        lambda r: words.category_label(r[0]),
    ),
    count(
        "registered", QT_TRANSLATE_NOOP("DashboardTable", "Registered"), lambda r: r[1].registered
    ),
    count("arrived", QT_TRANSLATE_NOOP("DashboardTable", "Arrived"), lambda r: r[1].checked_in),
    Column(
        "percent",
        QT_TRANSLATE_NOOP("DashboardTable", "%"),
        lambda r: percent(r[1].checked_in, r[1].registered),
        lambda r: f"{percent(r[1].checked_in, r[1].registered):.1%}",
        numeric=True,
    ),
    count("inside", QT_TRANSLATE_NOOP("DashboardTable", "Inside"), lambda r: r[1].inside),
)


def category_table(parent: QWidget | None = None) -> SortedTable:
    return SortedTable(RowsModel(CATEGORY_COLUMNS, parent=parent), parent)


def category_rows(
    snapshot: DashboardSnapshot, categories: dict[str, Category]
) -> list[tuple[Category, CategoryCount]]:
    return [
        (categories.get(name, Category(name)), count)
        for name, count in snapshot.counts.by_category.items()
    ]


# (DeskHealth, timezone, now_ms) rows; a silent desk's row is red.
DESK_COLUMNS = (
    Column("desk", QT_TRANSLATE_NOOP("DashboardTable", "Desk"), lambda r: r[0].desk),
    Column("gate", QT_TRANSLATE_NOOP("DashboardTable", "Gate"), lambda r: r[0].gate or ""),
    Column(
        "last_fact",
        QT_TRANSLATE_NOOP("DashboardTable", "Last fact"),
        lambda r: r[0].last_fact_ms or 0,
        lambda r: clock_text(r[0].last_fact_ms, r[1]),
    ),
    Column(
        "quiet_for",
        QT_TRANSLATE_NOOP("DashboardTable", "Quiet for"),
        lambda r: r[2] - (r[0].last_fact_ms or 0),
        lambda r: (
            translate("DashboardTable", "SILENT {time}") if r[0].silent else "{time}"
        ).format(time=ago_text(r[0].last_fact_ms, r[2])),
    ),
    count("recent", QT_TRANSLATE_NOOP("DashboardTable", "15 min"), lambda r: r[0].scans_recent),
    Column(
        "outbox",
        QT_TRANSLATE_NOOP("DashboardTable", "Outbox"),
        lambda r: -1 if r[0].outbox is None else r[0].outbox,
        lambda r: "–" if r[0].outbox is None else f"{r[0].outbox:,}",
        numeric=True,
    ),
    Column(
        "camera",
        QT_TRANSLATE_NOOP("DashboardTable", "Camera"),
        lambda r: r[0].camera or "",
        lambda r: words.camera_state(r[0].camera),
    ),
)


def desk_table(parent: QWidget | None = None) -> SortedTable:
    return SortedTable(RowsModel(DESK_COLUMNS, highlight=desk_is_silent, parent=parent), parent)


def desk_is_silent(row: tuple[DeskHealth, str, int]) -> bool:
    """A desk that has sent nothing for a while: its row is red, on screen and on paper."""
    return row[0].silent


def desk_rows(snapshot: DashboardSnapshot) -> list[tuple[DeskHealth, str, int]]:
    return [(desk, snapshot.timezone, snapshot.now_ms) for desk in snapshot.desks]


# (RedScan, timezone) rows.
RED_COLUMNS = (
    Column(
        "time",
        QT_TRANSLATE_NOOP("DashboardTable", "Time"),
        lambda r: r[0].at_ms,
        lambda r: clock_text(r[0].at_ms, r[1]),
    ),
    Column("gate", QT_TRANSLATE_NOOP("DashboardTable", "Gate"), lambda r: r[0].gate),
    Column("desk", QT_TRANSLATE_NOOP("DashboardTable", "Desk"), lambda r: r[0].desk),
    Column(
        "reason",
        QT_TRANSLATE_NOOP("DashboardTable", "Reason"),
        lambda r: words.reason(r[0].status),
    ),
    Column(
        "attendee",
        QT_TRANSLATE_NOOP("DashboardTable", "Attendee"),
        lambda r: r[0].attendee or 0,
        lambda r: f"#{r[0].attendee} {r[0].name}" if r[0].attendee else "",
    ),
    Column("code", QT_TRANSLATE_NOOP("DashboardTable", "Code"), lambda r: r[0].code),
)


def red_table(parent: QWidget | None = None) -> SortedTable:
    return SortedTable(RowsModel(RED_COLUMNS, parent=parent), parent)


def red_rows(snapshot: DashboardSnapshot) -> list[tuple[RedScan, str]]:
    return [(scan, snapshot.timezone) for scan in snapshot.red]


# Rows as ``checkin.counts.headcounts.conflicts`` gives them.
CONFLICT_COLUMNS = (
    Column(
        "attendee",
        QT_TRANSLATE_NOOP("DashboardTable", "Attendee"),
        lambda r: r["attendee"],
        lambda r: f"#{r['attendee']}",
    ),
    Column(
        "name",
        QT_TRANSLATE_NOOP("DashboardTable", "Name"),
        lambda r: _name_order(r["name"] or ""),  # Chinese names sort by pinyin
        lambda r: r["name"] or "",
    ),
    count(
        "double_entries",
        QT_TRANSLATE_NOOP("DashboardTable", "Double entries"),
        lambda r: r["double_entries"],
    ),
    Column(
        "first_entry",
        QT_TRANSLATE_NOOP("DashboardTable", "First entry"),
        lambda r: r["first_at"] or "",
        lambda r: (r["first_at"] or "")[11:19],
    ),
    Column("gate", QT_TRANSLATE_NOOP("DashboardTable", "Gate"), lambda r: r["first_gate"] or ""),
    Column("desk", QT_TRANSLATE_NOOP("DashboardTable", "Desk"), lambda r: r["first_desk"] or ""),
)


def conflict_table(parent: QWidget | None = None) -> SortedTable:
    return SortedTable(RowsModel(CONFLICT_COLUMNS, parent=parent), parent)


def conflict_rows(snapshot: DashboardSnapshot) -> list[dict[str, Any]]:
    return list(snapshot.conflicts)
