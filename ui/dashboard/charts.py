"""Arrivals per 5 minutes and inside-now over time, as QtCharts charts.

QtCharts ships inside the PySide6 already installed (the Addons wheel), so
the charts cost no new dependency, and a ``QChart`` renders into any
``QPainter``: the same chart object is shown live in the window and drawn
into the PDF or PNG report.  (pyqtgraph would be faster for hundreds of
thousands of points, but a day has under 300 five-minute buckets.)

The x axis is hours of the event's local day, labelled by hand: QtCharts'
date-time axis formats in the machine's time zone, which at a venue in
Shanghai run from a laptop set to UTC would label 09:00 as 01:00.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from checkin.counts.dashboard import AMBER_FILL, DashboardSnapshot
from checkin.counts.headcounts import BUCKET_MS
from checkin.timeutil import from_millis

HOUR_MS = 3_600_000
# Past this much quiet, "now" is another day: the axis ends at the data.
FOLLOW_NOW_MS = 6 * HOUR_MS


def day_start_ms(millis: int, timezone: str) -> int:
    local = from_millis(millis, timezone)
    midnight = datetime(local.year, local.month, local.day, tzinfo=ZoneInfo(timezone))
    return int(midnight.timestamp() * 1000)


class TimeAxis:
    """Hours since local midnight of the day shown, with HH:00 labels on whole hours."""

    def __init__(self, chart: QChart, font: QFont) -> None:
        self.axis = QCategoryAxis()
        self.axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.axis.setLabelsFont(font)
        self.axis.setGridLineVisible(True)
        chart.addAxis(self.axis, Qt.AlignmentFlag.AlignBottom)
        self.origin_ms = 0
        self._span: tuple[int, int] | None = None

    def x(self, millis: int) -> float:
        return (millis - self.origin_ms) / HOUR_MS

    def set_span(self, first_ms: int, last_ms: int, timezone: str) -> None:
        self.origin_ms = day_start_ms(first_ms, timezone)
        start_hour = int(self.x(first_ms))
        end_hour = max(int(self.x(last_ms) + 0.999), start_hour + 1)
        if self._span == (start_hour, end_hour):
            return
        self._span = (start_hour, end_hour)
        for label in self.axis.categoriesLabels():
            self.axis.remove(label)
        step = 1 if end_hour - start_hour <= 12 else 2
        for hour in range(start_hour, end_hour + 1, step):
            day, clock = divmod(hour, 24)
            label = f"{clock:02d}:00" if day == 0 else f"+{day} {clock:02d}:00"
            self.axis.append(label, hour)
        self.axis.setRange(start_hour, end_hour)


def _span(snapshot: DashboardSnapshot) -> tuple[int, int]:
    points = [b for b, _ in snapshot.arrivals] + [b for b, _ in snapshot.inside_series]
    now = snapshot.now_ms
    if not points:
        return now - HOUR_MS, now
    first, last = min(points), max(points) + BUCKET_MS
    if 0 <= now - last <= FOLLOW_NOW_MS:
        last = now
    return first, last


class _Chart:
    def __init__(self, title: str, *, font_px: int) -> None:
        self.chart = QChart()
        self.chart.setTitle(title)
        self.chart.legend().setVisible(False)
        self.chart.setMargins(QMargins(4, 4, 22, 4))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.font = QFont()
        self.font.setPixelSize(font_px)
        title_font = QFont(self.font)
        title_font.setBold(True)
        title_font.setPixelSize(int(font_px * 1.25))
        self.chart.setTitleFont(title_font)
        self.time = TimeAxis(self.chart, self.font)
        self.values = QValueAxis()
        self.values.setLabelFormat("%d")
        self.values.setLabelsFont(self.font)
        self.chart.addAxis(self.values, Qt.AlignmentFlag.AlignLeft)

    def _attach(self, series: QLineSeries | QAreaSeries) -> None:
        self.chart.addSeries(series)
        series.attachAxis(self.time.axis)
        series.attachAxis(self.values)

    def _y_range(self, top: int) -> None:
        self.values.setRange(0, max(top, 5))
        self.values.applyNiceNumbers()


class ArrivalsChart(_Chart):
    """First arrivals per 5-minute bucket, drawn as a filled histogram."""

    def __init__(self, title: str = "", *, font_px: int = 12) -> None:
        super().__init__(title, font_px=font_px)
        self.upper = QLineSeries()
        self.area = QAreaSeries(self.upper)
        self.area.setColor(QColor("#2f6fdf"))
        self.area.setBorderColor(QColor("#1f4fa8"))
        self._attach(self.area)
        self.points: list[tuple[int, int]] = []

    def update(self, snapshot: DashboardSnapshot) -> None:
        first, last = _span(snapshot)
        self.time.set_span(first, last, snapshot.timezone)
        points: list[QPointF] = []
        x = self.time.x
        for start, count in snapshot.arrivals:
            left, right = x(start), x(start + BUCKET_MS)
            points += [QPointF(left, 0), QPointF(left, count), QPointF(right, count)]
            points.append(QPointF(right, 0))
        self.upper.replace(points)
        self.points = list(snapshot.arrivals)
        self._y_range(max((n for _, n in snapshot.arrivals), default=0))


class InsideChart(_Chart):
    """Inside-now at the end of each bucket, with the capacity and 90% lines."""

    def __init__(self, title: str = "", *, font_px: int = 12) -> None:
        super().__init__(title, font_px=font_px)
        self.line = QLineSeries()
        self.line.setPen(QPen(QColor("#1a7f37"), 2.5))
        self.capacity = QLineSeries()
        self.capacity.setPen(QPen(QColor("#e5534b"), 1.5, Qt.PenStyle.DashLine))
        self.amber = QLineSeries()
        self.amber.setPen(QPen(QColor("#d29922"), 1.2, Qt.PenStyle.DotLine))
        for series in (self.amber, self.capacity, self.line):
            self._attach(series)
        self.points: list[tuple[int, int]] = []

    def update(self, snapshot: DashboardSnapshot) -> None:
        first, last = _span(snapshot)
        self.time.set_span(first, last, snapshot.timezone)
        x = self.time.x
        points = [QPointF(x(first), 0)] if snapshot.inside_series else []
        value = 0
        for start, value in snapshot.inside_series:
            points.append(QPointF(x(start + BUCKET_MS), value))
        if points and snapshot.now_ms > snapshot.inside_series[-1][0] + BUCKET_MS:
            points.append(QPointF(x(min(last, snapshot.now_ms)), value))
        self.line.replace(points)
        self.points = list(snapshot.inside_series)
        capacity = snapshot.counts.capacity
        left, right = x(first), x(last)
        self.capacity.replace([QPointF(left, capacity), QPointF(right, capacity)])
        amber = capacity * AMBER_FILL
        self.amber.replace([QPointF(left, amber), QPointF(right, amber)])
        top = max((n for _, n in snapshot.inside_series), default=0)
        self._y_range(int(max(top, capacity) * 1.05))


def chart_background(chart: QChart, color: str) -> None:
    chart.setBackgroundBrush(QBrush(QColor(color)))
