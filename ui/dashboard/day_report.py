"""The day report: the dashboard's numbers, charts and tables on A4, as PDF or PNG.

Drawn with QPainter on a 150 dpi A4 landscape page (1754 x 1240 pixels),
the same layout for the PDF (``QPdfWriter``, vector text and charts) and
the PNG (a ``QImage`` of the first page).  The charts are the window's own
QtCharts charts rendered through a ``QGraphicsScene``.  Its tables are the
window's: the columns come from ``ui.dashboard.tables`` by key, so a cell
reads the same on paper as on screen.  The bytes go through
``checkin.files.write_private``: the report names people (conflicts, refused badges).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QGraphicsScene

from checkin.counts.dashboard import DashboardSnapshot
from checkin.export.attendance import ExportError
from checkin.files import write_private
from checkin.timeutil import from_millis
from ui.dashboard import tables, words
from ui.dashboard.charts import ArrivalsChart, InsideChart
from ui.dashboard.gauge import paint_gauge
from ui.dashboard.tables import Column, clock_text, pick
from ui.i18n.translator import localized

translate = QCoreApplication.translate
DPI = 150
PAGE = QSizeF(1754, 1240)
MARGIN = 60.0
INK = QColor("#1f2328")
MUTED = QColor("#57606a")
RULE = QColor("#d0d7de")
SILENT = QColor("#a40e26")
ROWS_PER_LIST = 34


def save_report(snapshot: DashboardSnapshot, path: Path) -> None:
    """Write the report as ``.pdf`` or ``.png`` (owner-only)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        write_private(path, pdf_bytes(snapshot))
    elif suffix == ".png":
        write_private(path, png_bytes(snapshot))
    else:
        raise ExportError(f"cannot save a report as {path.name}: use a .pdf or .png file")


def pdf_bytes(snapshot: DashboardSnapshot) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(translate("DashboardReport", "Day report"))
    writer.setCreator("checkin")
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    page = QRectF(0, 0, writer.width(), writer.height())
    scale = page.width() / PAGE.width()
    painter.scale(scale, scale)
    paint_summary(painter, snapshot)
    writer.newPage()
    paint_lists(painter, snapshot)
    painter.end()
    buffer.close()
    return bytes(data.data())


def png_bytes(snapshot: DashboardSnapshot) -> bytes:
    image = QImage(int(PAGE.width()), int(PAGE.height()), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_summary(painter, snapshot)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; str works
    buffer.close()
    return bytes(data.data())


@dataclass(frozen=True)
class ReportTable:
    """A table on the page: some of a window table's columns over its rows, with widths."""

    title: str
    columns: tuple[Column, ...]
    weights: tuple[float, ...]
    rows: Sequence[Any]
    flagged: Callable[[Any], bool] | None = None  # rows drawn bold red

    def headers(self) -> list[str]:
        return [column.heading() for column in self.columns]

    def cells(self) -> list[list[str]]:
        return [[column.shown(row) for column in self.columns] for row in self.rows]


def summary_tables(snapshot: DashboardSnapshot) -> tuple[ReportTable, ReportTable, ReportTable]:
    """Page one's tables, left to right: by gate, by category, desks."""
    categories = {category.name: category for category in snapshot.categories}
    return (
        ReportTable(
            translate("DashboardReport", "By gate"),
            pick(tables.GATE_COLUMNS, "gate", "arrived", "share", "inside", "exits"),
            (3, 2, 2, 2, 2),
            tables.gate_rows(snapshot),
        ),
        ReportTable(
            translate("DashboardReport", "By category"),
            pick(tables.CATEGORY_COLUMNS, "category", "registered", "arrived", "percent", "inside"),
            (2.6, 2.6, 2.2, 1.8, 2),
            tables.category_rows(snapshot, categories),
        ),
        ReportTable(
            translate("DashboardReport", "Desks (silent over 2 minutes in red)"),
            pick(tables.DESK_COLUMNS, "desk", "gate", "last_fact", "quiet_for", "recent", "outbox"),
            (2.6, 2.6, 2.4, 2.8, 1.8, 1.9),
            tables.desk_rows(snapshot),
            flagged=tables.desk_is_silent,
        ),
    )


def list_tables(snapshot: DashboardSnapshot) -> tuple[ReportTable, ReportTable]:
    """Page two's tables: the red verdicts of the last hour, and the merged double entries."""
    return (
        ReportTable(
            translate("DashboardReport", "Red verdicts in the last hour"),
            pick(tables.RED_COLUMNS, "time", "gate", "reason", "attendee", "code"),
            (1.4, 1.8, 3.2, 3.2, 3),
            tables.red_rows(snapshot),
        ),
        ReportTable(
            translate("DashboardReport", "Double entries merged after a partition"),
            pick(
                tables.CONFLICT_COLUMNS,
                "attendee",
                "name",
                "double_entries",
                "first_entry",
                "gate",
            ),
            (1.6, 3.6, 1.8, 2, 2.6),
            tables.conflict_rows(snapshot),
        ),
    )


# -- drawing helpers ----------------------------------------------------------


def _font(px: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(int(px))
    font.setBold(bold)
    return font


def _text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    px: float,
    *,
    bold: bool = False,
    color: QColor = INK,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
) -> None:
    painter.setFont(_font(px, bold=bold))
    painter.setPen(color)
    painter.drawText(rect, int(align), text)


def _table(painter: QPainter, rect: QRectF, table: ReportTable, *, px: float = 15) -> float:
    """Draw a titled table from the top of ``rect``; returns the y below it."""
    title, headers, rows, weights = table.title, table.headers(), table.cells(), table.weights
    numeric = [column.numeric for column in table.columns]
    flagged = [table.flagged(row) for row in table.rows] if table.flagged else []
    line = px * 1.65
    _text(painter, QRectF(rect.left(), rect.top(), rect.width(), line), title, px * 1.2, bold=True)
    y = rect.top() + line * 1.15
    total = sum(weights)
    lefts = [rect.left()]
    for weight in weights:
        lefts.append(lefts[-1] + rect.width() * weight / total)

    def cells(values: Sequence[str], y: float, bold: bool, color: QColor, size: float = px) -> None:
        metrics = QFontMetricsF(_font(size, bold=bold))
        for index, value in enumerate(values):
            right = index < len(numeric) and numeric[index]
            cell = QRectF(lefts[index] + 4, y, lefts[index + 1] - lefts[index] - 8, line)
            align = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
            shown = metrics.elidedText(value, Qt.TextElideMode.ElideRight, cell.width())
            _text(
                painter,
                cell,
                shown,
                size,
                bold=bold,
                color=color,
                align=align | Qt.AlignmentFlag.AlignVCenter,
            )

    cells(headers, y, True, MUTED, px * 0.9)
    y += line
    painter.setPen(QPen(RULE, 1.5))
    painter.drawLine(int(rect.left()), int(y), int(rect.right()), int(y))
    for index, values in enumerate(rows):
        if y + line > rect.bottom():
            more = len(rows) - index
            _text(
                painter,
                QRectF(rect.left(), y, rect.width(), line),
                translate("DashboardReport", "… and {n} more").format(n=more),
                px,
                color=MUTED,
            )
            return y + line
        flag = index < len(flagged) and flagged[index]
        cells(values, y, flag, SILENT if flag else INK)
        y += line
    return y


def _render_chart(painter: QPainter, chart: ArrivalsChart | InsideChart, rect: QRectF) -> None:
    scene = QGraphicsScene()
    chart.chart.resize(rect.size())
    scene.addItem(chart.chart)
    scene.setSceneRect(QRectF(0, 0, rect.width(), rect.height()))
    scene.render(painter, rect, QRectF(0, 0, rect.width(), rect.height()))
    scene.removeItem(chart.chart)


# -- the pages ----------------------------------------------------------------


def _header(painter: QPainter, snapshot: DashboardSnapshot, subtitle: str) -> float:
    event = snapshot.event
    zone = snapshot.timezone
    name = localized(event.name, event.name_zh)
    width = PAGE.width() - 2 * MARGIN
    _text(painter, QRectF(MARGIN, MARGIN - 20, width, 48), name, 32, bold=True)
    now = from_millis(snapshot.now_ms, zone)
    newest = clock_text(snapshot.newest_fact_ms, zone)
    line = translate(
        "DashboardReport", "{title} · {date} · as of {time} · newest fact {newest}"
    ).format(
        title=subtitle, date=now.strftime("%Y-%m-%d"), time=now.strftime("%H:%M"), newest=newest
    )
    _text(painter, QRectF(MARGIN, MARGIN + 28, width, 30), line, 18, color=MUTED)
    return MARGIN + 70


def paint_summary(painter: QPainter, snapshot: DashboardSnapshot) -> None:
    counts = snapshot.counts
    top = _header(painter, snapshot, translate("DashboardReport", "Day report"))
    width = PAGE.width() - 2 * MARGIN

    gauge = QRectF(MARGIN, top, 300, 230)
    paint_gauge(
        painter,
        gauge,
        counts.inside,
        counts.capacity,
        caption=translate("DashboardReport", "Inside now / capacity"),
    )
    figures = [
        (translate("DashboardReport", "Checked in"), counts.checked_in),
        (translate("DashboardReport", "Registered, not yet arrived"), counts.not_arrived),
        (translate("DashboardReport", "Exits"), counts.exits),
        (translate("DashboardReport", "Double entries merged"), counts.conflicts),
        (translate("DashboardReport", "Red verdicts, last hour"), snapshot.red_total),
    ]
    left = gauge.right() + 30
    box_width = (MARGIN + width - left) / len(figures)
    for index, (caption, value) in enumerate(figures):
        box = QRectF(left + index * box_width, top + 30, box_width - 16, 160)
        painter.setPen(QPen(RULE, 1.5))
        painter.setBrush(QColor("#f6f8fa"))
        painter.drawRoundedRect(box, 10, 10)
        _text(
            painter,
            QRectF(box.left(), box.top() + 12, box.width(), 30),
            caption,
            17,
            color=MUTED,
            align=Qt.AlignmentFlag.AlignCenter,
        )
        _text(
            painter,
            QRectF(box.left(), box.top() + 45, box.width(), 80),
            f"{value:,}",
            56,
            bold=True,
            align=Qt.AlignmentFlag.AlignCenter,
        )
    registered = translate("DashboardReport", "of {n} registered").format(
        n=f"{counts.registered:,}"
    )
    first = QRectF(left, top + 30 + 120, box_width - 16, 30)
    _text(painter, first, registered, 15, color=MUTED, align=Qt.AlignmentFlag.AlignCenter)

    top = gauge.bottom() + 20
    chart_width = (width - 30) / 2
    arrivals = ArrivalsChart(translate("DashboardReport", "Arrivals per 5 minutes"), font_px=15)
    arrivals.update(snapshot)
    inside = InsideChart(translate("DashboardReport", "Inside now over time"), font_px=15)
    inside.update(snapshot)
    _render_chart(painter, arrivals, QRectF(MARGIN, top, chart_width, 340))
    _render_chart(painter, inside, QRectF(MARGIN + chart_width + 30, top, chart_width, 340))

    top += 360
    bottom = PAGE.height() - MARGIN
    column = (width - 60) / 3
    for index, table in enumerate(summary_tables(snapshot)):
        left = MARGIN + index * (column + 30)
        _table(painter, QRectF(left, top, column, bottom - top), table)


def paint_lists(painter: QPainter, snapshot: DashboardSnapshot) -> None:
    """Page two: why badges were refused in the last hour, and the merged double entries."""
    top = _header(
        painter, snapshot, translate("DashboardReport", "Refused scans and double entries")
    )
    width = PAGE.width() - 2 * MARGIN
    bottom = PAGE.height() - MARGIN
    half = (width - 40) / 2
    reasons = ", ".join(
        f"{words.reason(status)} {count}" for status, count in snapshot.red_by_status.items()
    )
    _text(
        painter,
        QRectF(MARGIN, top, width, 30),
        translate("DashboardReport", "Red verdicts in the last hour: {n}").format(
            n=snapshot.red_total
        )
        + (f" ({reasons})" if reasons else ""),
        17,
        bold=True,
    )
    top += 44
    for index, table in enumerate(list_tables(snapshot)):
        left = MARGIN + index * (half + 40)
        _table(painter, QRectF(left, top, half, bottom - top), table, px=14)
