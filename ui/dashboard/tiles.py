"""Big numbers: a caption, the number, and a line of context under it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class BigNumber(QFrame):
    def __init__(
        self, parent: QWidget | None = None, *, number_px: int = 44, dark: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bigNumber")
        fg, bg, border = (
            ("#f0f6fc", "#0d1117", "#30363d") if dark else ("#1f2328", "#f6f8fa", "#d0d7de")
        )
        self.setStyleSheet(
            f"#bigNumber {{ background: {bg}; border: 1px solid {border}; border-radius: 8px; }}"
            f" QLabel {{ color: {fg}; background: transparent; border: none; }}"
        )
        self.caption = QLabel(self)
        self.number = QLabel("–", self)
        self.detail = QLabel(self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.number.font()
        font.setPixelSize(number_px)
        font.setBold(True)
        self.number.setFont(font)
        small = self.caption.font()
        small.setPixelSize(max(number_px // 3, 12))
        self.caption.setFont(small)
        self.detail.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.number, 1)
        layout.addWidget(self.detail)
        self.value: int | None = None

    def set_value(self, value: int, detail: str = "", *, color: str | None = None) -> None:
        self.value = value
        self.number.setText(f"{value:,}")
        self.number.setStyleSheet(f"color: {color};" if color else "")
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
