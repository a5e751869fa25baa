"""The badge station: find a person, see their badge, print it; reprint; register walk-ins.

On the day, a queue waits at this desk: every action is one click from the
search result, the badge preview is what will print, and each thing done
goes into the log at the bottom so a supervisor can see who got which badge
version.  A reprint issues a new badge version, which revokes the lost one
at every desk; the station says so in plain words.  With a hub, every
reprint, walk-in and print is sent to the other desks at once, and the
status line says how the sync is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from checkin.badges.batch import BadgeSource, BadgeStanding, check_badge
from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.badges.walkin import WalkInError, WalkInForm, validate_walk_in
from checkin.desk import Desk
from checkin.model import AttendeeState, PrintJobState
from checkin.search import SearchIndex
from checkin.store import Store, StoreError
from checkin.sync.engine import SyncState
from checkin.timeutil import utc_now
from ui.badges.printing import print_badges, remembered_printer
from ui.badges.queue import PrinterStatusLabel, PrintOnEntryQueue
from ui.badges.render import render_image
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.i18n.translator import translate
from ui.kiosk.sync_words import sync_text
from ui.kiosk.verdict_words import attendee_state, reason, word

log = logging.getLogger(__name__)

# Sends badges to a printer; returns where they went, or None when cancelled.
PrintBackend = Callable[[Template, Sequence[BadgeData]], "str | None"]
PREVIEW_DPI = 110
_FIELDS = (
    ("name", QT_TRANSLATE_NOOP("Station", "Name (as on the badge)")),
    ("name_alt", QT_TRANSLATE_NOOP("Station", "Name in Chinese / other script")),
    ("company", QT_TRANSLATE_NOOP("Station", "Company")),
    ("title", QT_TRANSLATE_NOOP("Station", "Title")),
    ("email", QT_TRANSLATE_NOOP("Station", "Email (optional)")),
    ("phone", QT_TRANSLATE_NOOP("Station", "Phone (optional)")),
)


class StationWindow(QMainWindow):
    """One badge desk.  ``claim`` and ``sync_notify`` come from the background sync, if any.

    Badges print through ``printer`` (the system print dialog by default),
    or, given ``print_queue`` (``--printer``), on its pool of label printers:
    a worker thread prints there and journals each badge, so the window
    never waits for a printer, and the printer's state shows in the status line.
    """

    # A SyncState from the sync thread; emit it from there, it is queued to this one.
    sync_changed = Signal(SyncState)

    def __init__(
        self,
        store: Store,
        template: Template,
        *,
        gate: str | None = None,
        printer: PrintBackend | None = None,
        print_queue: PrintOnEntryQueue | None = None,
        clock: Callable[[], datetime] = utc_now,
        desk_id: str | None = None,
        claim: Callable[[int], bool] | None = None,
        sync_notify: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.template = template
        self.clock = clock
        self.desk_id = desk_id
        self.claim = claim
        self.sync_notify = sync_notify
        self.sync: SyncState | None = None  # the last heard; None when not syncing
        self.source = BadgeSource(store)
        self.index = SearchIndex.from_store(store)
        self.gate = gate or store.gates()[0].name
        self._printer = printer or self._system_print
        self.current: BadgeData | None = None
        self._timezone = ZoneInfo(self.source.event.timezone)
        self._last_printer: str | None = None
        self._queue = print_queue
        if print_queue is not None:
            self._last_printer = print_queue.name or None
        self._what: dict[tuple[int, int], str] = {}  # a badge waiting in the queue: why it prints
        self.setWindowTitle(
            translate("Station", "Badge station: {event}").format(event=self.source.event.name)
        )
        self.resize(1280, 780)
        self._build()
        self._show_badge(None)

    # -- building ---------------------------------------------------------------

    def _build(self) -> None:
        tabs = QTabWidget()
        tabs.addTab(self._search_tab(), translate("Station", "Find attendee"))
        tabs.addTab(self._walk_in_tab(), translate("Station", "Register walk-in"))
        self.tabs = tabs

        right = QWidget()
        column = QVBoxLayout(right)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(480, 360))
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("notice")
        buttons = QHBoxLayout()
        self.print_button = QPushButton(translate("Station", "Print badge"))
        self.reprint_button = QPushButton(translate("Station", "Reprint (lost badge)"))
        self.preview_button = QPushButton(translate("Station", "Print preview…"))
        self.print_button.setDefault(True)
        for button in (self.print_button, self.reprint_button, self.preview_button):
            button.setMinimumHeight(44)
            buttons.addWidget(button)
        self.print_button.clicked.connect(self.print_current)
        self.reprint_button.clicked.connect(self.reprint_current)
        self.preview_button.clicked.connect(self.preview_current)
        column.addWidget(self.preview, 1)
        column.addWidget(self.details)
        column.addWidget(self.notice)
        column.addLayout(buttons)

        check_row = QHBoxLayout()
        self.check_box = QLineEdit()
        self.check_box.setPlaceholderText(
            translate("Station", "Scan or type a badge code to check it")
        )
        self.check_box.returnPressed.connect(self.check_code)
        self.check_result = QLabel()
        check_row.addWidget(self.check_box, 2)
        check_row.addWidget(self.check_result, 3)
        column.addLayout(check_row)

        splitter = QSplitter()
        splitter.addWidget(tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.log_list = QListWidget()
        self.log_list.setMaximumHeight(140)
        footer = QHBoxLayout()
        self.printer_label = QLabel()
        choose = QPushButton(translate("Station", "Choose printer…"))
        choose.clicked.connect(self.choose_printer)
        footer.addWidget(
            QLabel(translate("Station", "Template: {name}").format(name=self.template.name))
        )
        footer.addStretch(1)
        footer.addWidget(self.printer_label)
        footer.addWidget(choose)
        self._show_printer()

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(splitter, 1)
        layout.addWidget(QLabel(translate("Station", "Printed today")))
        layout.addWidget(self.log_list)
        layout.addLayout(footer)
        self.setCentralWidget(central)

        status = QStatusBar(self)
        self.setStatusBar(status)
        self.sync_label = QLabel(status)
        self.sync_label.setContentsMargins(12, 0, 12, 0)
        status.addPermanentWidget(self.sync_label)
        self.sync_label.setText(sync_text(None, self._timezone))
        self.sync_changed.connect(self._sync_changed, Qt.ConnectionType.QueuedConnection)
        if self._queue is not None:
            self._follow(self._queue, status)

    def _follow(self, queue: PrintOnEntryQueue, status: QStatusBar) -> None:
        queue.setParent(self)
        queue.printed.connect(self._printed)
        queue.failed.connect(self._failed)
        label = PrinterStatusLabel(queue, status)
        label.setObjectName("badgePrinterState")
        status.addPermanentWidget(label)
        queue.start()
        self.destroyed.connect(lambda *_: queue.stop())

    @Slot(int, int)
    def _printed(self, number: int, version: int) -> None:
        """The pool printed a badge (and its journal recorded it): log it, tell the other desks."""
        self._send_now()
        what = self._what.pop((number, version), translate("Station", "printed"))
        where = next(
            (
                job.printer
                for job in reversed(self.store.print_jobs(PrintJobState.DONE))
                if (job.number, job.version) == (number, version)
            ),
            "",
        )
        self._log(what, self.source.badge_for(number), where)
        if self.current is not None and self.current.number == number:
            self._show_badge(self.current)

    @Slot(int, str)
    def _failed(self, number: int, error: str) -> None:
        self._what = {key: what for key, what in self._what.items() if key[0] != number}
        self._say(translate("Station", "Printing failed: {error}").format(error=error), error=True)

    @Slot(SyncState)
    def _sync_changed(self, state: SyncState) -> None:
        self.sync = state
        self.sync_label.setText(sync_text(state, self._timezone))

    def _send_now(self) -> None:
        """A fact was just written: have the sync send it now rather than at its next poll."""
        if self.sync_notify is not None:
            self.sync_notify()

    def _search_tab(self) -> QWidget:
        tab = QWidget()
        column = QVBoxLayout(tab)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(translate("Station", "Name, company, phone or email"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.search)
        self.results = QListWidget()
        self.results.currentItemChanged.connect(self._result_chosen)
        self.results.itemActivated.connect(lambda _item: self.print_current())
        column.addWidget(self.search_box)
        column.addWidget(self.results, 1)
        return tab

    def _walk_in_tab(self) -> QWidget:
        tab = QWidget()
        grid = QFormLayout(tab)
        self.walk_in_fields: dict[str, QLineEdit] = {}
        self.walk_in_errors: dict[str, QLabel] = {}
        for field, label in _FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"walk_in_{field}")
            self.walk_in_fields[field] = edit
            grid.addRow(translate("Station", label), edit)
            grid.addRow("", self._error_label(field))
            if field == "title":
                self.category_box = QComboBox()
                for category in self.source.categories.values():
                    label_text = f"{category.name} {category.label_zh}".strip()
                    self.category_box.addItem(label_text, category.name)
                grid.addRow(translate("Station", "Category"), self.category_box)
                grid.addRow("", self._error_label("category"))
        self.check_in_now = QCheckBox(
            translate("Station", "Check in now at {gate}").format(gate=self.gate)
        )
        self.check_in_now.setChecked(True)
        grid.addRow("", self.check_in_now)
        register = QPushButton(translate("Station", "Register and print badge"))
        register.setMinimumHeight(44)
        register.clicked.connect(self.register_walk_in)
        self.register_button = register
        grid.addRow("", register)
        return tab

    def _error_label(self, field: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"error_{field}")
        label.setStyleSheet("color: #cf222e;")
        label.setWordWrap(True)
        self.walk_in_errors[field] = label
        return label

    # -- search and preview -----------------------------------------------------

    @Slot(str)
    def search(self, text: str) -> None:
        self.index.refresh(self.store)
        self.results.clear()
        self.check_result.clear()
        for hit in self.index.search(text):
            names = f"{hit.name} {hit.name_alt}".strip()
            line = f"{names} — {hit.company} · {hit.category} · #{hit.number}"
            if hit.state is not AttendeeState.ACTIVE:
                line += f" ({attendee_state(hit.state)})"
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, hit.number)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _result_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        self.select(int(item.data(Qt.ItemDataRole.UserRole)))

    def select(self, number: int) -> None:
        self._show_badge(self.source.badge_for(number))

    def _show_badge(self, badge: BadgeData | None) -> None:
        self.current = badge
        for button in (self.print_button, self.reprint_button, self.preview_button):
            button.setEnabled(badge is not None)
        if badge is None:
            self.preview.setText(
                translate("Station", "Search for a person, or register a walk-in.")
            )
            self.details.clear()
            return
        image = render_image(self.template, badge, PREVIEW_DPI)
        pixmap = QPixmap.fromImage(image)
        room = self.preview.size() - QSize(16, 16)
        if pixmap.width() > room.width() or pixmap.height() > room.height():
            pixmap = pixmap.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.preview.setPixmap(pixmap)
        printed = self.store.printed_versions().get(badge.number)
        attendee = self.store.attendee(badge.number)
        state = attendee_state(attendee.state) if attendee else translate("Station", "unknown")
        printed_text = (
            translate("Station", "never printed")
            if printed is None
            else translate("Station", "version {v} printed").format(v=printed)
        )
        self.details.setText(
            translate("Station", "#{n} · badge version {v} · {printed} · {state}").format(
                n=badge.number, v=badge.version, printed=printed_text, state=state
            )
        )

    # -- printing ---------------------------------------------------------------

    def _system_print(self, template: Template, badges: Sequence[BadgeData]) -> str | None:
        return print_badges(template, badges, parent=self)

    def _print(self, badge: BadgeData, what: str) -> bool:
        """Print ``badge`` now, or hand it to the pool's queue; False when it will not print."""
        if self._queue is not None:
            self._what[(badge.number, badge.version)] = what
            self._queue.submit(badge)  # False: that very badge is waiting already
            return True
        try:
            where = self._printer(self.template, [badge])
        except Exception as error:  # a printer failure must not lose the station
            log.exception("printing badge %d failed", badge.number)
            self._say(
                translate("Station", "Printing failed: {error}").format(error=error), error=True
            )
            return False
        if where is None:
            self._say(translate("Station", "Printing cancelled."))
            return False
        try:
            self.store.record_print(badge.number, badge.version, self.clock())
        except StoreError as error:
            self._say(
                translate("Station", "Printed, but not recorded: {error}").format(error=error), True
            )
        else:
            self._send_now()
        self._log(what, badge, where)
        return True

    def _log(self, what: str, badge: BadgeData, where: str) -> None:
        stamp = self.clock().astimezone(self._timezone).strftime("%H:%M:%S")
        names = f"{badge.name} {badge.name_alt}".strip()
        self.log_list.insertItem(
            0, f"{stamp}  {what}  #{badge.number} v{badge.version}  {names}  → {where}"
        )
        self._last_printer = where
        self._show_printer()

    @Slot()
    def print_current(self) -> None:
        if self.current is None:
            return
        attendee = self.store.attendee(self.current.number)
        if attendee is not None and attendee.state is not AttendeeState.ACTIVE:
            self._say(
                translate("Station", "#{n} is {state}: no badge. Ask a supervisor.").format(
                    n=attendee.number, state=attendee_state(attendee.state)
                ),
                error=True,
            )
            return
        if self._print(self.current, translate("Station", "printed")):
            said = (
                translate("Station", "Badge for {name} sent to the badge printer.")
                if self._queue is not None
                else translate("Station", "Badge printed for {name}.")
            )
            self._say(said.format(name=self.current.name))
            self._show_badge(self.current)

    @Slot()
    def reprint_current(self) -> None:
        """Issue a new badge version (the lost one is revoked everywhere) and print it."""
        if self.current is None:
            return
        old = self.current
        try:
            version = self.store.reissue_badge(old.number, self.clock())
        except StoreError as error:
            self._say(
                translate("Station", "Could not issue a new badge: {error}").format(error=error),
                True,
            )
            return
        self._send_now()  # the lost badge is revoked at every desk as soon as they hear
        badge = self.source.badge_for(old.number)
        self.index.refresh(self.store)
        printed = self._print(badge, translate("Station", "reprinted"))
        self._show_badge(badge)
        message = translate(
            "Station", "Badge version {old} of #{n} is now revoked: it will scan red at every desk."
        ).format(old=old.version, n=old.number)
        if printed:
            said = (
                translate("Station", "New badge version {v} sent to the badge printer.")
                if self._queue is not None
                else translate("Station", "New badge version {v} printed.")
            )
            message += " " + said.format(v=version)
        self._say(message, tone="warn")

    @Slot()
    def preview_current(self) -> None:
        if self.current is not None:
            print_badges(self.template, [self.current], preview=True, parent=self)

    @Slot()
    def choose_printer(self) -> None:
        from ui.badges.printing import choose_printer

        choose_printer(self.template, self, ask=True)
        self._show_printer()

    def _show_printer(self) -> None:
        name = self._last_printer or remembered_printer()
        self.printer_label.setText(
            translate("Station", "Printer: {name}").format(name=name)
            if name
            else translate("Station", "Printer: not chosen")
        )

    # -- walk-ins ---------------------------------------------------------------

    def walk_in_form(self) -> WalkInForm:
        values = {field: edit.text() for field, edit in self.walk_in_fields.items()}
        return WalkInForm(category=str(self.category_box.currentData()), **values)

    @Slot()
    def register_walk_in(self) -> None:
        for label in self.walk_in_errors.values():
            label.clear()
        try:
            record = validate_walk_in(self.walk_in_form(), list(self.source.categories.values()))
        except WalkInError as error:
            for problem in error.errors:
                self.walk_in_errors[problem.field].setText(problem.message)
            self._say(
                translate("Station", "Check the form: {n} to fix.").format(n=len(error.errors)),
                True,
            )
            return
        now = self.clock()
        try:
            attendee = self.store.register_attendee(record, now)
        except StoreError as error:
            self._say(translate("Station", "Could not register: {error}").format(error=error), True)
            return
        self._send_now()
        badge = self.source.badge(attendee)
        self.index.refresh(self.store)
        self._print(badge, translate("Station", "walk-in"))
        self._show_badge(badge)
        self.check_result.clear()
        message = translate("Station", "Registered {name} as #{n}.").format(
            name=attendee.name, n=attendee.number
        )
        if self.check_in_now.isChecked():
            desk = Desk(self.store, gate=self.gate, desk_id=self.desk_id, claim=self.claim)
            verdict = desk.check_in(attendee.number, now)
            self._send_now()
            why = reason(verdict, self.source.categories)
            checked = (
                translate("Station", "Check-in at {gate}: {status} ({message}).")
                if why
                else translate("Station", "Check-in at {gate}: {status}.")
            )
            message += " " + checked.format(gate=self.gate, status=word(verdict), message=why)
        self._say(message)
        for edit in self.walk_in_fields.values():
            edit.clear()

    # -- checking a badge -------------------------------------------------------

    @Slot()
    def check_code(self) -> None:
        result = check_badge(self.store, self.check_box.text())
        texts = {
            BadgeStanding.CURRENT: translate("Station", "Current badge of #{n} (version {v})."),
            BadgeStanding.REVOKED: translate(
                "Station",
                "Revoked: #{n} version {v} was reprinted (current version {c}). It scans red.",
            ),
            BadgeStanding.FORGED: translate(
                "Station", "Not a badge of this event (forged or another event)."
            ),
            BadgeStanding.UNKNOWN: translate("Station", "No attendee #{n} in this event."),
            BadgeStanding.NOT_A_BADGE: translate("Station", "Not a badge code."),
        }
        text = texts[result.standing].format(
            n=result.number, v=result.version, c=result.current_version
        )
        self.check_result.setText(text)
        self.check_result.setProperty("standing", result.standing.value)
        color = "#1a7f37" if result.standing is BadgeStanding.CURRENT else "#cf222e"
        self.check_result.setStyleSheet(f"color: {color}; font-weight: 600;")
        known = result.standing in (BadgeStanding.CURRENT, BadgeStanding.REVOKED)
        if known and result.number is not None:
            self.select(result.number)

    def _say(self, text: str, error: bool = False, *, tone: str = "") -> None:
        tone = tone or ("error" if error else "ok")
        self.notice.setText(text)
        self.notice.setProperty("tone", tone)
        self.notice.setStyleSheet(f"color: {_TONES[tone]}; font-weight: 600;")
        (log.warning if tone == "error" else log.info)("%s", text)


_TONES = {"ok": "#1a7f37", "warn": "#9a6700", "error": "#cf222e"}

__all__ = ["StationWindow"]
