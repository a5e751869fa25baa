"""The capacity gauge: inside now against the venue's capacity, coloured by how full.

The colour comes from ``checkin.counts.dashboard.fill_level`` (amber from 90%, red at
100%), so the window, the projector and the printed report agree with the
core on where the thresholds are.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from checkin.counts.dashboard import FillLevel, fill_level

LEVEL_COLORS: dict[FillLevel, str] = {
    FillLevel.NORMAL: "#2da44e",
    FillLevel.AMBER: "#d29922",
    FillLevel.RED: "#e5534b",
}


def level_color(level: FillLevel) -> QColor:
    return QColor(LEVEL_COLORS[level])


class CapacityGauge(QWidget):
    """A 240-degree arc that fills with inside / capacity; the number sits in the middle."""

    def __init__(self, parent: QWidget | None = None, *, dark: bool = False) -> None:
        super().__init__(parent)
        self.inside = 0
        self.capacity = 0
        self.dark = dark
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(180, 150)

    @property
    def level(self) -> FillLevel:
        return fill_level(self.inside, self.capacity)

    @property
    def color(self) -> QColor:
        return level_color(self.level)

    def set_values(self, inside: int, capacity: int) -> None:
        self.inside, self.capacity = inside, capacity
        self.setToolTip(f"{inside:,} / {capacity:,}")
        self.update()

    def set_caption(self, caption: str) -> None:
        self.caption = caption
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(260, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_gauge(
            painter,
            QRectF(self.rect()),
            self.inside,
            self.capacity,
            caption=self.caption,
            dark=self.dark,
        )
        painter.end()


def paint_gauge(
    painter: QPainter,
    rect: QRectF,
    inside: int,
    capacity: int,
    *,
    caption: str = "",
    dark: bool = False,
) -> None:
    """Draw the gauge into ``rect``: used by the widget and by the printed report."""
    level = fill_level(inside, capacity)
    color = level_color(level)
    fraction = min(inside / capacity, 1.0) if capacity > 0 else (1.0 if inside else 0.0)
    # The arc runs from 210 to -30 degrees: a full radius above the centre,
    # half a radius below it.  Leave a caption line under it.
    caption_height = rect.height() * 0.16 if caption else 0.0
    room = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - caption_height)
    radius = min(room.width() / 2.2, room.height() / 1.62)
    thickness = max(radius * 0.17, 4.0)
    radius -= thickness / 2
    side = 2 * radius
    centre_y = room.top() + (room.height() - 1.5 * radius) / 2 + radius
    arc = QRectF(room.center().x() - radius, centre_y - radius, side, side)
    track = QColor("#30363d" if dark else "#d0d7de")
    pen = QPen(track, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawArc(arc, 210 * 16, -240 * 16)
    if fraction > 0:
        pen.setColor(color)
        painter.setPen(pen)
        painter.drawArc(arc, 210 * 16, int(-240 * 16 * fraction))
    text = QColor("#f0f6fc" if dark else "#1f2328")
    number = QFont(painter.font())
    number.setBold(True)
    number.setPixelSize(max(int(radius * 0.42), 8))
    painter.setFont(number)
    painter.setPen(text)
    middle = QRectF(arc.left(), centre_y - radius * 0.5, side, radius * 0.6)
    painter.drawText(middle, Qt.AlignmentFlag.AlignCenter, f"{inside:,}")
    small = QFont(painter.font())
    small.setBold(False)
    small.setPixelSize(max(int(radius * 0.17), 7))
    painter.setFont(small)
    below = QRectF(arc.left(), middle.bottom(), side, radius * 0.3)
    share = f" ({inside / capacity:.0%})" if capacity > 0 else ""
    painter.setPen(color)
    painter.drawText(below, Qt.AlignmentFlag.AlignCenter, f"/ {capacity:,}{share}")
    if caption:
        painter.setPen(text)
        label = QRectF(rect.left(), rect.bottom() - caption_height, rect.width(), caption_height)
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, caption)
