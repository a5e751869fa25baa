"""The verdict panel: most of the screen, readable from two metres in half a second.

Colour is never the only signal: each colour comes with its own icon shape
(a circle with a tick, a triangle with "!", an octagon with a cross) and a
word, so a colour-blind volunteer reads the same verdict.  Text colours are
chosen per background to pass WCAG AA (checked in a test), and font sizes
follow the panel's height so the word stays big on any screen.

A verdict holds for ``hold_ms`` and then the panel returns to READY; a new
verdict replaces the one showing at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from checkin.model import Category, Color, Status, Verdict
from ui.kiosk.verdict_words import DeskWording, Lines

DEFAULT_HOLD_MS = 2000


class Wording(Protocol):
    """Who the panel speaks to: the volunteer at a desk, or the attendee at a self-service screen."""

    def ready(self, reads_camera: bool) -> Lines: ...

    def verdict(self, verdict: Verdict, categories: dict[str, Category]) -> Lines: ...


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    shape: str  # the icon's outline: "ready", "accept", "attention", "reject"


# Backgrounds dark or bright enough that the text on them passes AA (tested).
PALETTES: dict[str, Palette] = {
    "ready": Palette("#1f2328", "#ffffff", "ready"),
    Color.GREEN: Palette("#0b6b2e", "#ffffff", "accept"),
    Color.AMBER: Palette("#f2b600", "#111111", "attention"),
    Color.RED: Palette("#b3141c", "#ffffff", "reject"),
}


class VerdictIcon(QWidget):
    """A shape that carries the meaning without colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shape = "ready"
        self.ink = QColor("#ffffff")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_shape(self, shape: str, ink: str) -> None:
        self.shape = shape
        self.ink = QColor(ink)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        side = min(self.width(), self.height())
        pen_width = max(3.0, side / 11)
        box = QRectF(pen_width, pen_width, side - 2 * pen_width, side - 2 * pen_width)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.ink, pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        x, y, w, h = box.x(), box.y(), box.width(), box.height()
        if self.shape == "accept":
            painter.drawEllipse(box)
            tick = QPainterPath(QPointF(x + w * 0.26, y + h * 0.52))
            tick.lineTo(x + w * 0.44, y + h * 0.70)
            tick.lineTo(x + w * 0.76, y + h * 0.34)
            painter.drawPath(tick)
        elif self.shape == "attention":
            triangle = QPainterPath(QPointF(x + w / 2, y + h * 0.04))
            triangle.lineTo(x + w, y + h * 0.94)
            triangle.lineTo(x, y + h * 0.94)
            triangle.closeSubpath()
            painter.drawPath(triangle)
            painter.drawLine(QPointF(x + w / 2, y + h * 0.36), QPointF(x + w / 2, y + h * 0.64))
            painter.drawPoint(QPointF(x + w / 2, y + h * 0.80))
        elif self.shape == "reject":
            octagon = QPainterPath()
            cut = 0.29
            points = [
                (cut, 0), (1 - cut, 0), (1, cut), (1, 1 - cut),
                (1 - cut, 1), (cut, 1), (0, 1 - cut), (0, cut),
            ]  # fmt: skip
            octagon.moveTo(x + points[0][0] * w, y + points[0][1] * h)
            for px, py in points[1:]:
                octagon.lineTo(x + px * w, y + py * h)
            octagon.closeSubpath()
            painter.drawPath(octagon)
            painter.drawLine(
                QPointF(x + w * 0.32, y + h * 0.32), QPointF(x + w * 0.68, y + h * 0.68)
            )
            painter.drawLine(
                QPointF(x + w * 0.68, y + h * 0.32), QPointF(x + w * 0.32, y + h * 0.68)
            )
        else:  # ready: a scanning frame
            arm = w * 0.28
            for cx, cy, dx, dy in ((x, y, 1, 1), (x + w, y, -1, 1), (x, y + h, 1, -1), (x + w, y + h, -1, -1)):  # fmt: skip
                painter.drawLine(QPointF(cx, cy), QPointF(cx + dx * arm, cy))
                painter.drawLine(QPointF(cx, cy), QPointF(cx, cy + dy * arm))
        painter.end()


def _label(parent: QWidget, *, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(False)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    font = label.font()
    font.setBold(bold)
    label.setFont(font)
    return label


class VerdictPanel(QWidget):
    """Shows READY or one verdict; ``shown`` fires after each verdict is painted."""

    shown = Signal(Verdict)  # after it has been painted
    returned_to_ready = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        hold_ms: int = DEFAULT_HOLD_MS,
        wording: Wording | None = None,
    ) -> None:
        super().__init__(parent)
        self.wording: Wording = wording or DeskWording()
        self.background = QColor(PALETTES["ready"].background)
        self.verdict: Verdict | None = None
        self.categories: dict[str, Category] = {}
        self.palette_name = "ready"
        self.reads_camera = True  # False: the ready screen asks for the scanner instead
        self.painted_at = 0.0
        # Each label's whole text; the label itself may show it shortened.
        self.texts: dict[QLabel, str] = {}
        self._sizes: dict[QLabel, int] = {}
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self.show_ready)

        self.icon = VerdictIcon(self)
        self.word = _label(self, bold=True)
        self.name = _label(self, bold=True)
        self.name_alt = _label(self, bold=True)
        self.details = _label(self)
        self.reason = _label(self)

        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.word, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addStretch(1)
        layout.addLayout(top)
        layout.addSpacing(12)
        for label in (self.name, self.name_alt, self.details, self.reason):
            layout.addWidget(label)
        layout.addStretch(2)
        self.show_ready()

    # -- what is shown -----------------------------------------------------

    @property
    def hold_ms(self) -> int:
        return self._hold.interval()

    def set_hold_ms(self, milliseconds: int) -> None:
        self._hold.setInterval(max(100, milliseconds))

    @property
    def holding(self) -> bool:
        return self._hold.isActive()

    @Slot(object)
    def show_verdict(self, verdict: Verdict) -> None:
        """Replace whatever is showing, paint it now, and start the hold."""
        self.verdict = verdict
        self._fill()
        self._hold.start()
        # Paint at once rather than at the next event-loop turn: the person
        # in front of the desk is waiting for exactly this.
        self.repaint()
        self.painted_at = time.perf_counter()
        self.shown.emit(verdict)

    def extend_hold(self) -> None:
        """Keep the current verdict up a little longer (the same badge is still in view)."""
        if self._hold.isActive():
            self._hold.start()

    def set_reads_camera(self, reads_camera: bool) -> None:
        """Whether this desk has a camera: the ready screen says what to show it."""
        self.reads_camera = reads_camera
        if self.verdict is None:
            self._fill()

    @Slot()
    def show_ready(self) -> None:
        was_showing = self.verdict is not None
        self._hold.stop()
        self.verdict = None
        self._fill()
        if was_showing:
            self.returned_to_ready.emit()

    def refresh(self) -> None:
        """Say again what is showing, in words that may have changed (the hold goes on)."""
        self._fill()
        self.repaint()

    def _fill(self) -> None:
        verdict = self.verdict
        if verdict is None:
            self._apply_palette("ready")
            lines = self.wording.ready(self.reads_camera)
        else:
            self._apply_palette(verdict.color)
            lines = self.wording.verdict(verdict, self.categories)
        self._set(self.word, lines.word)
        self._set(self.name, lines.name)
        self._set(self.name_alt, lines.name_alt)
        self._set(self.details, lines.details)
        self._set(self.reason, lines.reason)

    def text(self, label: QLabel) -> str:
        """What ``label`` says in full (it may show it shortened to fit one line)."""
        return self.texts.get(label, "")

    def _apply_palette(self, name: str) -> None:
        palette = PALETTES[name]
        self.palette_name = name
        # Palettes, not style sheets: re-polishing every label on each scan
        # costs milliseconds that the queue feels.
        self.background = QColor(palette.background)
        ink = QColor(palette.text)
        for label in (self.word, self.name, self.name_alt, self.details, self.reason):
            colors = label.palette()
            colors.setColor(QPalette.ColorRole.WindowText, ink)
            label.setPalette(colors)
        self.icon.set_shape(palette.shape, palette.text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.background)
        painter.end()

    @property
    def status(self) -> Status | None:
        return self.verdict.status if self.verdict else None

    # -- sizes -------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_fonts()

    def _fit_fonts(self) -> None:
        """Sizes in pixels from the panel's height: the word about 1/8 of it."""
        height = max(self.height(), 300)
        self._sizes = {
            self.word: height // 8,
            self.name: height // 12,
            self.name_alt: height // 12,
            self.details: height // 20,
            self.reason: height // 20,
        }
        side = int(height // 8 * 1.3)
        self.icon.setFixedSize(side, side)
        for label in self._sizes:
            self._fit(label)

    def _set(self, label: QLabel, text: str) -> None:
        self.texts[label] = text
        if label is not self.word:
            label.setVisible(bool(text))  # no blank rows between the word and the reason
        self._fit(label)

    def _fit(self, label: QLabel) -> None:
        """One line each: a smaller font down to 2/3 of the size, then an ellipsis."""
        text = self.texts.get(label, "")
        base = max(18, self._sizes.get(label, 18))
        room = self.width() - 80 - (self.icon.width() + 24 if label is self.word else 0)
        width = max(room, 50)
        font = QFont(label.font())
        pixels = base
        font.setPixelSize(pixels)
        while pixels > base * 2 // 3 and QFontMetrics(font).horizontalAdvance(text) > width:
            pixels -= 2
            font.setPixelSize(pixels)
        label.setFont(font)
        label.setText(QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)
