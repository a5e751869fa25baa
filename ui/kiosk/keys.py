"""A USB keyboard-wedge scanner, read without a field to click first.

An application-wide event filter collects the key presses that are not
meant for a text field (the search box, a dialog) and feeds them, with
their times, to the core's ``WedgeParser``, which tells a scanner's burst
from a person typing.  A burst that ends with Enter (or with silence) is a
code.  Keys typed at human speed are not a scanner: they are handed to the
search box, so a volunteer can simply start typing a name (and a code typed
off a damaged badge is checked from there with Enter).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

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

from checkin.scanner.wedge import ESCAPE, WedgeParser

log = logging.getLogger(__name__)

ENDS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}


def _is_text_input(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit | QAbstractSpinBox) or (
        isinstance(widget, QComboBox) and widget.isEditable()
    )


class WedgeFilter(QObject):
    """Installed on the QApplication; ``code`` fires for each scanned code."""

    code = Signal(str, float)  # text, time.perf_counter() when it was complete

    def __init__(
        self,
        window: QWidget,
        *,
        parser: WedgeParser | None = None,
        to_search: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.parser = parser or WedgeParser()
        self.to_search = to_search
        self.clock = clock
        # Fires a little after the last key: a burst without Enter ends here,
        # and a buffer that is not a burst was typed by a person.
        self._silence = QTimer(self)
        self._silence.setSingleShot(True)
        self._silence.setInterval(int(self.parser.gap_s * 1000) + 15)
        self._silence.timeout.connect(self._after_silence)

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def remove(self) -> None:
        self._silence.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._mine(watched):
            return False
        modifiers = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False  # shortcuts (Ctrl+Z) are not scanner input
        now = self.clock()
        key = event.key()
        if key in ENDS:
            return self._emit(self.parser.feed("\r", now))
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            if not self.parser.pending:
                return False
            self.parser.feed("\b" if key == Qt.Key.Key_Backspace else ESCAPE, now)
            return True
        text = event.text()
        if len(text) != 1 or not text.isprintable():
            return False
        self._emit(self.parser.feed(text, now))
        self._silence.start()
        return True

    def _emit(self, codes: list[str]) -> bool:
        for code in codes:
            self.code.emit(code, time.perf_counter())
        return bool(codes)

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

    def _after_silence(self) -> None:
        self._emit(self.parser.flush(self.clock()))
        text = self.parser.pending
        if text:
            self.parser.feed(ESCAPE, self.clock())  # the search box takes it from here
            if self.to_search is not None:
                self.to_search(text)
