"""The lost-badge search box: results while typing, check in with Enter or a click.

Enter on text that finds nobody is taken as a badge code typed by hand
(from a badge whose QR is damaged) and scanned like any other.

The index lives in the core (``checkin.search``); this widget only asks it
on each keystroke and shows the hits.  Down/Up move through the results
without leaving the box, so the whole path works from the keyboard.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from checkin.model import AttendeeState
from checkin.search import SearchHit, SearchIndex
from ui.kiosk.verdict_words import attendee_state

translate = QCoreApplication.translate


class SearchPanel(QWidget):
    """Emits ``check_in_requested(number)`` when a result is chosen."""

    check_in_requested = Signal(int)
    code_typed = Signal(str, float)  # Enter on text that finds nobody: a code typed by hand
    results_changed = Signal(int)

    def __init__(self, index: SearchIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.before_search: list[Callable[[], object]] = []  # run when the box gets focus
        self.title = QLabel(self)
        self.box = QLineEdit(self)
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hits: list[SearchHit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        self.box.textChanged.connect(self._search)
        self.box.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(self._chosen)
        self.results.itemClicked.connect(self._chosen)
        self.box.installEventFilter(self)
        self._retranslate()

    def _retranslate(self) -> None:
        self.title.setText(
            translate("Search", "Lost badge? Search by name, company, phone or email")
        )
        self.box.setPlaceholderText(translate("Search", "Type to search; Enter checks in"))
        self._search(self.box.text())

    def _search(self, text: str) -> None:
        self.hits = self.index.search(text) if text.strip() else []
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem(self._describe(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit.number)
            self.results.addItem(item)
        if self.hits:
            self.results.setCurrentRow(0)
        self.results_changed.emit(len(self.hits))

    @staticmethod
    def _describe(hit: SearchHit) -> str:
        names = hit.name + (f"  {hit.name_alt}" if hit.name_alt else "")
        parts = [names, hit.company, hit.category]
        if hit.phone_tail:
            parts.append(f"…{hit.phone_tail}")
        if hit.state is not AttendeeState.ACTIVE:
            parts.append(attendee_state(hit.state))
        return " · ".join(p for p in parts if p)

    def choose_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self._chosen(item)
            return
        text = self.box.text().strip()
        if text:
            self.box.clear()
            self.box.clearFocus()
            self.code_typed.emit(text, time.perf_counter())

    def _chosen(self, item: QListWidgetItem) -> None:
        number = int(item.data(Qt.ItemDataRole.UserRole))
        self.box.clear()
        self.box.clearFocus()
        self.check_in_requested.emit(number)

    def start_typing(self, text: str) -> None:
        """Focus the box and put ``text`` in it (keys typed at human speed elsewhere)."""
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.box.insert(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            watched is self.box
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.hits:
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), len(self.hits) - 1)
                self.results.setCurrentRow(row)
                return True
            if key == Qt.Key.Key_Escape:
                self.box.clear()
                self.box.clearFocus()
                return True
        if watched is self.box and event.type() == QEvent.Type.FocusIn:
            for prepare in self.before_search:
                prepare()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
