"""The live camera preview, with each detected code outlined.

The outline stays a moment after the code leaves the picture, so the
volunteer sees what was read.  When the camera is lost the view says so in
words (the desk goes on with the USB scanner and search).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.kiosk.scanning import CameraState, Corners

OUTLINE_SECONDS = 0.6


translate = QCoreApplication.translate


class CameraView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 120)
        self.image: QImage | None = None
        self.outlines: list[Corners] = []
        self.outlined_at = 0.0
        self.state = CameraState.NONE
        self.detail = ""

    @Slot(QImage, object)
    def show_frame(self, image: QImage, outlines: list[Corners]) -> None:
        self.image = image
        now = time.monotonic()
        if outlines:
            self.outlines = list(outlines)
            self.outlined_at = now
        elif now - self.outlined_at > OUTLINE_SECONDS:
            self.outlines = []
        self.update()

    @Slot(str, str)
    def set_state(self, state: CameraState, detail: str) -> None:
        self.state = state
        self.detail = detail
        if self.state is not CameraState.RUNNING:
            self.outlines = []
        self.update()

    def message(self) -> str:
        """What the view says instead of (or over) the picture; empty while running."""
        if self.state is CameraState.LOST:
            return translate("Camera", "Camera lost: retrying. Use the USB scanner or search.")
        if self.state is CameraState.NONE:
            return translate("Camera", "No camera: use the USB scanner or search.")
        if self.state is CameraState.STARTING:
            return translate("Camera", "Starting the camera…")
        if self.state is CameraState.STOPPED:
            return translate("Camera", "Camera stopped.")
        return ""

    def _target(self) -> QRectF:
        assert self.image is not None
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#0d1117"))
        if self.image is not None and not self.image.isNull():
            target = self._target()
            painter.drawImage(target, self.image)
            if self.outlines and self.state is CameraState.RUNNING:
                scale = target.width() / self.image.width()
                pen = QPen(QColor("#3fb950"), max(3.0, self.width() / 120))
                painter.setPen(pen)
                for corners in self.outlines:
                    polygon = QPolygonF(
                        [
                            QPointF(target.x() + x * scale, target.y() + y * scale)
                            for x, y in corners
                        ]
                    )
                    painter.drawPolygon(polygon)
        text = self.message()
        if text:
            painter.fillRect(self.rect(), QColor(13, 17, 23, 170 if self.image else 255))
            painter.setPen(QColor("#ffffff"))
            font = painter.font()
            font.setPixelSize(max(14, self.height() // 12))
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                text,
            )
        painter.end()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.update()
        super().changeEvent(event)
