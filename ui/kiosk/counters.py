"""The strip along the top: where this desk is, and the numbers a volunteer glances at."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from checkin.counts.desk import DeskCounts
from checkin.model import Direction

translate = QCoreApplication.translate


class CounterStrip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterStrip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#counterStrip { background: #0d1117; }"
            " QLabel { color: #f0f6fc; }"
            " QPushButton { color: #f0f6fc; background: #30363d; border: 1px solid #8b949e;"
            " border-radius: 6px; padding: 6px 14px; }"
        )
        self.place = QLabel(self)
        self.checked_in = QLabel(self)
        self.inside = QLabel(self)
        self.recent = QLabel(self)
        self.undo = QPushButton(self)
        self.settings = QPushButton(self)
        for button in (self.undo, self.settings):
            # No focus: Enter and Space from a wedge scanner must never press them.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(28)
        layout.addWidget(self.place)
        layout.addStretch(1)
        for label in (self.checked_in, self.inside, self.recent):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addWidget(self.undo)
        layout.addWidget(self.settings)
        self.gate = ""
        self.direction = Direction.ENTRY
        self.counts: DeskCounts | None = None
        self._retranslate()

    def set_place(self, gate: str, direction: Direction) -> None:
        self.gate, self.direction = gate, direction
        self._retranslate()

    def set_counts(self, counts: DeskCounts) -> None:
        self.counts = counts
        self._retranslate()

    def set_font_pixels(self, pixels: int) -> None:
        for widget in (
            self.place,
            self.checked_in,
            self.inside,
            self.recent,
            self.undo,
            self.settings,
        ):
            font = widget.font()
            font.setPixelSize(pixels)
            widget.setFont(font)
        font = self.place.font()
        font.setBold(True)
        self.place.setFont(font)

    def _retranslate(self) -> None:
        way = (
            translate("Counters", "ENTRY")
            if self.direction is Direction.ENTRY
            else translate("Counters", "EXIT")
        )
        self.place.setText(f"{self.gate} · {way}")
        counts = self.counts
        if counts is not None:
            self.checked_in.setText(
                translate("Counters", "Checked in {n}").format(n=f"{counts.checked_in:,}")
            )
            self.inside.setText(
                translate("Counters", "Inside {n} / {capacity}").format(
                    n=f"{counts.inside:,}", capacity=f"{counts.capacity:,}"
                )
            )
            self.recent.setText(
                translate("Counters", "This desk, 15 min: {n}").format(n=counts.desk_scans)
            )
        self.undo.setText(translate("Counters", "Undo last scan"))
        self.settings.setText(translate("Counters", "Settings"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
