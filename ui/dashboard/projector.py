"""Projector mode: the numbers only, huge, light on black, readable from the back of a hall.

Font sizes follow the window's height, so the same view works on a laptop
and on a 4 m screen; the freshness line stays, small, because a number on
a wall that has stopped updating must say so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from checkin.counts.dashboard import DashboardSnapshot, fill_level
from ui.dashboard.gauge import level_color

translate = QCoreApplication.translate
BACKGROUND = QColor("#000000")
FOREGROUND = QColor("#f0f6fc")
MUTED = QColor("#8b949e")


class ProjectorView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot: DashboardSnapshot | None = None
        self.freshness = ""
        self.stale = False
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), BACKGROUND)
        self.setPalette(palette)

    def set_snapshot(self, snapshot: DashboardSnapshot) -> None:
        self.snapshot = snapshot
        self.update()

    def set_freshness(self, text: str, *, stale: bool) -> None:
        self.freshness, self.stale = text, stale
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        if self.snapshot is not None:
            self._paint(painter, self.snapshot)
        painter.end()

    def _text(
        self, painter: QPainter, rect: QRectF, text: str, px: float, color: QColor, bold: bool
    ) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(int(px), 6))
        font.setBold(bold)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def _paint(self, painter: QPainter, snapshot: DashboardSnapshot) -> None:
        counts = snapshot.counts
        width, height = float(self.width()), float(self.height())
        unit = min(height / 100, width / 160)
        color = level_color(fill_level(counts.inside, counts.capacity))
        top = height * 0.04
        self._text(
            painter,
            QRectF(0, top, width, unit * 7),
            translate("Dashboard", "INSIDE NOW"),
            unit * 5,
            MUTED,
            True,
        )
        top += unit * 7
        self._text(
            painter, QRectF(0, top, width, unit * 30), f"{counts.inside:,}", unit * 27, color, True
        )
        top += unit * 30
        share = f"{counts.inside / counts.capacity:.0%}" if counts.capacity else ""
        self._text(
            painter,
            QRectF(0, top, width, unit * 8),
            translate("Dashboard", "of {capacity} capacity · {share}").format(
                capacity=f"{counts.capacity:,}", share=share
            ),
            unit * 5.5,
            color,
            False,
        )
        top += unit * 10
        bar = QRectF(width * 0.08, top, width * 0.84, unit * 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#30363d"))
        painter.drawRoundedRect(bar, unit * 2, unit * 2)
        fraction = min(counts.inside / counts.capacity, 1.0) if counts.capacity else 0.0
        if fraction > 0:
            filled = QRectF(bar)
            filled.setWidth(bar.width() * fraction)
            painter.setBrush(color)
            painter.drawRoundedRect(filled, unit * 2, unit * 2)
        top += unit * 9
        figures = [
            (translate("Dashboard", "CHECKED IN"), counts.checked_in),
            (translate("Dashboard", "NOT YET ARRIVED"), counts.not_arrived),
            (translate("Dashboard", "EXITS"), counts.exits),
        ]
        column = width / len(figures)
        for index, (caption, value) in enumerate(figures):
            left = column * index
            self._text(painter, QRectF(left, top, column, unit * 6), caption, unit * 4, MUTED, True)
            self._text(
                painter,
                QRectF(left, top + unit * 6, column, unit * 16),
                f"{value:,}",
                unit * 13,
                FOREGROUND,
                True,
            )
        self._text(
            painter,
            QRectF(0, height - unit * 7, width, unit * 5),
            self.freshness,
            unit * 2.6,
            QColor("#d29922") if self.stale else MUTED,
            self.stale,
        )
