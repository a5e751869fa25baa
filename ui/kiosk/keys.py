"""A USB keyboard-wedge scanner, read without a field to click first.

A wedge scanner "types" the code as key presses, a few milliseconds apart,
and ends with Enter.  An application-wide event filter collects key presses
that are not meant for a text field (the search box, a dialog) and hands
them to a parser; a burst that ends with Enter is a code.  Keys typed at
human speed are not a scanner: they go to the search box, so a volunteer
can simply start typing a name.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)

# Scanners type a character every 2-30 ms; people rarely under 80 ms.
HUMAN_GAP = 0.08
MIN_CODE = 3
MAX_CODE = 600
TERMINATORS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}


class KeystrokeParser(Protocol):
    """Turns timed characters into codes: ``feed`` returns a code when one is complete."""

    def feed(self, char: str, at: float) -> str | None: ...
    def pending(self) -> str: ...
    def clear(self) -> None: ...


class BurstParser:
    """Collects a burst of characters; Enter or Tab ends it as a code."""

    def __init__(self) -> None:
        self._chars: list[str] = []

    def feed(self, char: str, at: float) -> str | None:
        if char in ("\n", "\r", "\t"):
            text = "".join(self._chars)
            self._chars.clear()
            return text if MIN_CODE <= len(text) <= MAX_CODE else None
        if len(self._chars) < MAX_CODE + 1:
            self._chars.append(char)
        return None

    def pending(self) -> str:
        return "".join(self._chars)

    def clear(self) -> None:
        self._chars.clear()


def _is_text_input(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox) or (
        isinstance(widget, QComboBox) and widget.isEditable()
    )


class WedgeFilter(QObject):
    """Installed on the QApplication; ``code`` fires for each scanned code."""

    code = Signal(str, float)  # text, time.perf_counter() at the final key

    def __init__(
        self,
        window: QWidget,
        *,
        parser: KeystrokeParser | None = None,
        to_search: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.parser = parser or BurstParser()
        self.to_search = to_search
        self.clock = clock
        self._last_key = 0.0
        # Fires when a burst stops without Enter: then it was a person typing.
        self._human = QTimer(self)
        self._human.setSingleShot(True)
        self._human.setInterval(int(HUMAN_GAP * 1000))
        self._human.timeout.connect(self._hand_to_search)

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._mine(watched):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        modifiers &= ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False  # shortcuts (Ctrl+Z) are not scanner input
        now = self.clock()
        if event.key() in TERMINATORS:
            self._human.stop()
            code = self.parser.feed("\n", now)
            if code:
                self.code.emit(code, now)
                return True
            return False
        text = event.text()
        if not text or not text.isprintable():
            return False
        if self.parser.pending() and now - self._last_key > HUMAN_GAP:
            self._hand_to_search()  # the earlier keys were typed by a person
        self._last_key = now
        self.parser.feed(text, now)
        self._human.start()
        return True

    def _mine(self, watched: QObject) -> bool:
        """Only key presses for this window and not for a text field or a dialog."""
        app = QApplication.instance()
        if not isinstance(app, QApplication) or not isinstance(watched, QWidget):
            return False
        if app.activeModalWidget() is not None or app.activePopupWidget() is not None:
            return False
        focus = app.focusWidget()
        if _is_text_input(focus):
            return False
        target = focus or self.window
        return watched is target and watched.window() is self.window

    def _hand_to_search(self) -> None:
        text = self.parser.pending()
        self.parser.clear()
        if text and self.to_search is not None:
            self.to_search(text)
