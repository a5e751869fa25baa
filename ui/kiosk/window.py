"""The desk kiosk window: verdict, camera, search, counters and status in one screen.

With ``self_service`` the same window faces the attendee instead: the
verdict panel (in the attendee's words, ``ui.kiosk.self_service``) and the
camera only, no counters, undo or search, and settings still behind F2 and
the PIN.

Everything it decides comes from the core: ``Desk.scan`` records the scan
and returns the verdict, and only then is the verdict painted.  Codes reach
``on_code`` from three places (the camera pipeline through ``ScanBridge``,
the USB wedge filter, and tests) and all go the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from checkin.counts.desk import desk_counts
from checkin.desk import Desk
from checkin.facts import Kind
from checkin.model import Direction, RecentScan, Status, Verdict
from checkin.scanner.wedge import WedgeParser
from checkin.search import SearchIndex
from checkin.store import Store, StoreError
from checkin.sync.engine import SyncState
from checkin.timeutil import utc_now
from ui.i18n.translator import Language
from ui.kiosk import verdict_words
from ui.kiosk.camera_view import CameraView
from ui.kiosk.counters import CounterStrip
from ui.kiosk.keys import WedgeFilter
from ui.kiosk.scanning import CameraState, NoScanner, ScanBridge, Scanner
from ui.kiosk.search import SearchPanel
from ui.kiosk.self_service import BadgeProgress, SelfServiceWording
from ui.kiosk.settings import (
    CAMERA,
    DIRECTION,
    GATE,
    HOLD_SECONDS,
    LANGUAGE,
    SELF_SERVICE_SECONDS,
    SOUND,
    SettingsFile,
)
from ui.kiosk.settings_dialog import Leave, PinDialog, SettingsDialog
from ui.kiosk.sound import SoundPlayer
from ui.kiosk.sync_words import sync_text
from ui.kiosk.verdict_panel import VerdictPanel

if TYPE_CHECKING:
    from ui.badges.queue import PrintOnEntryQueue

log = logging.getLogger(__name__)

COUNTS_EVERY_MS = 5000  # picks up scans merged from other desks
STATUS_EVERY_MS = 1000


translate = QCoreApplication.translate


class KioskWindow(QMainWindow):
    """One desk.  Signals let tests (and the bench) wait for what a volunteer would see."""

    verdict_shown = Signal(Verdict)  # after it is painted
    scan_undone = Signal(object)  # RecentScan | None
    settings_applied = Signal()
    camera_changed = Signal(CameraState)
    # A SyncState from the sync thread; emit it from there, it is queued to this one.
    sync_changed = Signal(SyncState)

    def __init__(
        self,
        store: Store,
        settings: SettingsFile,
        *,
        scanner: Scanner | None = None,
        scanner_for_camera: Callable[[int], Scanner] | None = None,
        clock: Callable[[], datetime] = utc_now,
        sound: SoundPlayer | None = None,
        language: Language | None = None,
        desk_id: str | None = None,
        wedge_parser: WedgeParser | None = None,
        claim: Callable[[int], bool] | None = None,
        sync_notify: Callable[[], None] | None = None,
        search_index: SearchIndex | None = None,
        demo: bool = False,
        self_service: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        self.self_service = self_service
        self.settings = settings
        self.clock = clock
        self.desk = Desk(
            store,
            gate=settings.value(GATE),
            direction=Direction(settings.value(DIRECTION)),
            desk_id=desk_id,
            claim=claim,
        )
        self.sound = sound or SoundPlayer(self, enabled=settings.value(SOUND))
        self.language = language or Language(self)
        self.scanner_for_camera = scanner_for_camera
        self.scanner: Scanner = scanner or NoScanner()
        self.sync_notify = sync_notify
        self.sync: SyncState | None = None  # the last heard; None when not syncing
        self.locked = False  # full screen: closing needs the PIN
        self.last_latency: float | None = None
        self.pin_dialog: PinDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._store_problem = ""
        self._camera_index = settings.value(CAMERA)
        self._camera_state: CameraState | None = None

        categories = {c.name: c for c in store.categories()}
        self.index = search_index or SearchIndex.from_store(store)

        self.counters = CounterStrip(self)
        self.badges = BadgeProgress(self)  # followed only on a self-service screen
        self.panel = VerdictPanel(
            self,
            hold_ms=self._hold_ms(),
            wording=SelfServiceWording(self.badges) if self_service else None,
        )
        self.panel.categories = categories
        self.panel.set_reads_camera(not isinstance(self.scanner, NoScanner))
        self._zone = ZoneInfo(store.event().timezone)
        self.camera = CameraView(self)
        self.search = SearchPanel(self.index, self)
        self.search.before_search.append(lambda: self.index.refresh(self.store))

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0 if self_service else 12, 0)
        body.setSpacing(12)
        body.addWidget(self.panel, 7)
        if self_service:
            # The person in front of the screen scans; nobody there searches or undoes.
            # The camera view (when there is a camera) helps them aim the badge.
            body.addWidget(self.camera, 3)
            self.counters.hide()
            self.search.hide()
        else:
            side = QVBoxLayout()
            side.addWidget(self.camera, 2)
            side.addWidget(self.search, 3)
            body.addLayout(side, 3)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.demo_banner: QLabel | None = None
        if demo:
            self.demo_banner = QLabel(self)
            self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.demo_banner.setStyleSheet(
                "background: #f2cc60; color: #1f2328; font-weight: bold; font-size: 20px;"
                " padding: 6px;"
            )
            outer.addWidget(self.demo_banner)
        if not self_service:
            outer.addWidget(self.counters)
        outer.addLayout(body, 1)
        central = QWidget(self)
        central.setObjectName("kiosk")
        central.setStyleSheet("#kiosk { background: #0d1117; } #searchTitle { color: #f0f6fc; }")
        self.search.title.setObjectName("searchTitle")
        central.setLayout(outer)
        central.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCentralWidget(central)
        self.central = central

        self.status = QStatusBar(self)
        self.setStatusBar(self.status)
        self.camera_label = QLabel(self.status)
        self.rate_label = QLabel(self.status)
        self.store_label = QLabel(self.status)
        self.sync_label = QLabel(self.status)
        for label in (self.camera_label, self.rate_label, self.store_label, self.sync_label):
            label.setContentsMargins(12, 0, 12, 0)
            self.status.addPermanentWidget(label)

        self.bridge = ScanBridge(self)
        queued = Qt.ConnectionType.QueuedConnection
        self.bridge.code_read.connect(self.on_code, queued)
        self.bridge.frame_ready.connect(self.camera.show_frame, queued)
        self.bridge.camera_changed.connect(self._camera_changed, queued)
        self.sync_changed.connect(self._sync_changed, queued)
        self.wedge = WedgeFilter(
            self,
            parser=wedge_parser,
            to_search=None if self_service else self.search.start_typing,
        )
        self.wedge.code.connect(self.on_code)
        self.wedge.install()

        self.counters.undo.clicked.connect(self.undo_last)
        self.counters.settings.clicked.connect(self.request_settings)
        shortcuts = [
            (QKeySequence("Ctrl+,"), self.request_settings),
            (QKeySequence("F2"), self.request_settings),
        ]
        if not self_service:
            shortcuts.append((QKeySequence(QKeySequence.StandardKey.Undo), self.undo_last))
        for keys, action in shortcuts:
            QShortcut(keys, self).activated.connect(action)
        self.search.check_in_requested.connect(self.check_in)
        self.search.code_typed.connect(self.on_code)
        self.badges.changed.connect(self._badge_changed)
        self._show_camera_view()

        self._counts_soon = QTimer(self)  # one refresh when the event loop is next free
        self._counts_soon.setSingleShot(True)
        self._counts_soon.setInterval(0)
        self._counts_soon.timeout.connect(self.refresh_counts)
        self._counts_timer = QTimer(self)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_timer.start(COUNTS_EVERY_MS)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start(STATUS_EVERY_MS)

        language_code = settings.value(LANGUAGE)
        if language_code != self.language.code:
            self.language.set(language_code)
        self.counters.set_place(self.desk.gate, self.desk.direction)
        self._retranslate()
        self.refresh_counts()
        self.refresh_status()
        if not self.sound.available:
            # Said once; the rest of the day the desk is simply silent.
            self.status.showMessage(
                translate("Kiosk", "No audio output on this machine: the kiosk is silent")
            )
        self.scanner.start(self.bridge)

    # -- scans -------------------------------------------------------------

    @Slot(str, float)
    def on_code(self, text: str, read_at: float) -> None:
        """A code from the camera or the wedge: record it, then show the verdict."""
        verdict = self.desk.scan(text, self.clock())
        self._show(verdict, read_at)

    @Slot(int)
    def check_in(self, number: int) -> None:
        """A person found by search, checked in (or out) by hand."""
        verdict = self.desk.check_in(number, self.clock())
        self._show(verdict, time.perf_counter())

    def _show(self, verdict: Verdict, read_at: float) -> None:
        if verdict.status is Status.REPEAT and self.panel.holding:
            # The same badge is still in front of the camera: keep what is shown.
            self.panel.extend_hold()
            return
        self.panel.show_verdict(verdict)
        self.last_latency = self.panel.painted_at - read_at
        if verdict.status is not Status.REPEAT:
            self.sound.play_for(verdict.color)
        self._store_problem = verdict.detail if verdict.status is Status.NOT_RECORDED else ""
        self.verdict_shown.emit(verdict)
        if self.sync_notify is not None:
            self.sync_notify()  # send the new fact now rather than at the next poll
        # Counting is for the strip, not for the person waiting: after the paint.
        self._counts_soon.start()

    @Slot()
    def undo_last(self) -> None:
        try:
            undone = self.desk.undo_last(self.clock())
        except StoreError as error:
            self.status.showMessage(str(error), 10_000)
            return
        self.panel.show_ready()
        if undone is None:
            self.status.showMessage(translate("Kiosk", "Nothing to undo at this desk"), 5000)
        else:
            self.status.showMessage(self._undone_text(undone), 10_000)
        self.refresh_counts()
        self.scan_undone.emit(undone)

    def _undone_text(self, undone: RecentScan) -> str:
        person = self.store.attendee(undone.attendee) if undone.attendee is not None else None
        word = translate("Verdict", verdict_words.WORDS[Status(undone.status)])
        who = person.name if person else ""
        return (
            translate("Kiosk", "Undid the last scan: {word} {who}")
            .format(word=word, who=who)
            .strip()
        )

    # -- counters and status -----------------------------------------------

    @Slot()
    def refresh_counts(self) -> None:
        try:
            self.counters.set_counts(desk_counts(self.store, self.desk.desk_id, self.clock()))
        except StoreError as error:
            self._store_problem = str(error)

    @Slot()
    def refresh_status(self) -> None:
        rates = self.scanner.rates()
        self.rate_label.setText(
            translate("Kiosk", "{fps:.0f} frames/s · {codes:.1f} codes/s").format(
                fps=rates.frames_per_second, codes=rates.decodes_per_second
            )
        )
        if self._store_problem:
            self.store_label.setText(
                translate("Kiosk", "Store: {problem}").format(problem=self._store_problem)
            )
        else:
            waiting = self.counters.counts.outbox if self.counters.counts else 0
            self.store_label.setText(translate("Kiosk", "Store OK · {n} to sync").format(n=waiting))
        self.sync_label.setText(sync_text(self.sync, self._zone))
        self._show_camera_state()

    @Slot(SyncState)
    def _sync_changed(self, state: SyncState) -> None:
        self.sync = state
        self.sync_label.setText(sync_text(self.sync, self._zone))

    def _show_camera_state(self) -> None:
        state = self.bridge.state
        text = {
            CameraState.NONE: translate("Kiosk", "Camera: none"),
            CameraState.STARTING: translate("Kiosk", "Camera: starting"),
            CameraState.RUNNING: translate("Kiosk", "Camera: running"),
            CameraState.LOST: translate("Kiosk", "Camera: lost, retrying"),
            CameraState.STOPPED: translate("Kiosk", "Camera: stopped"),
        }[state]
        self.camera_label.setText(text)

    @Slot(CameraState, str)
    def _camera_changed(self, state: CameraState, detail: str) -> None:
        self.camera.set_state(state, detail)
        self._show_camera_state()
        if state == self._camera_state:
            return  # another retry of a lost camera: nothing new to say or record
        self._camera_state = state
        if state is CameraState.LOST:
            self.status.showMessage(
                translate("Kiosk", "Camera lost: keep going with the USB scanner or search"),
                10_000,
            )
        self._record_health(state.value, detail)
        self.camera_changed.emit(state)

    def _record_health(self, camera: str, detail: str) -> None:
        """Tell the dashboard (through sync) how this desk's camera is doing."""
        try:
            self.store.append(
                Kind.DESK_STATUS,
                {"camera": camera, "detail": detail[:200], "gate": self.desk.gate},
                self.clock(),
                desk=self.desk.desk_id,
            )
        except StoreError as error:
            log.warning("desk status not recorded: %s", error)

    # -- settings ----------------------------------------------------------

    @Slot()
    def request_settings(self) -> None:
        """Ask for the PIN; the settings form opens only when it verifies."""
        if self.pin_dialog is not None and self.pin_dialog.isVisible():
            return
        self.pin_dialog = PinDialog(self.settings, self)
        self.pin_dialog.accepted.connect(self._open_settings)
        self.pin_dialog.open()

    def _open_settings(self) -> None:
        choices = {"gates": [gate.name for gate in self.store.gates()]}
        self.settings_dialog = SettingsDialog(self.settings, choices, self)
        self.settings_dialog.accepted.connect(self._settings_closed)
        self.settings_dialog.open()

    def _settings_closed(self) -> None:
        dialog = self.settings_dialog
        assert dialog is not None
        if dialog.leave is Leave.QUIT:
            self.locked = False
            self.close()
            return
        if dialog.leave is Leave.WINDOWED:
            self.locked = False
            self.showNormal()
            return
        self.apply_settings()

    def apply_settings(self) -> None:
        settings = self.settings
        self.desk.set_gate(settings.value(GATE))
        self.desk.direction = Direction(settings.value(DIRECTION))
        self.counters.set_place(self.desk.gate, self.desk.direction)
        self.panel.set_hold_ms(self._hold_ms())
        self.sound.enabled = settings.value(SOUND)
        language = settings.value(LANGUAGE)
        if language != self.language.code:
            self.language.set(language)
        camera = settings.value(CAMERA)
        if self.scanner_for_camera is not None and camera != self._camera_index:
            self.switch_scanner(self.scanner_for_camera(camera))
            self._camera_index = camera
        self.panel.show_ready()
        self.settings_applied.emit()

    def _hold_ms(self) -> int:
        """How long a verdict stays: longer where the attendee reads it alone."""
        setting = SELF_SERVICE_SECONDS if self.self_service else HOLD_SECONDS
        return int(self.settings.value(setting) * 1000)

    def switch_scanner(self, scanner: Scanner) -> None:
        self.scanner.stop()
        self.scanner = scanner
        self.panel.set_reads_camera(not isinstance(scanner, NoScanner))
        self._show_camera_view()
        scanner.start(self.bridge)

    def _show_camera_view(self) -> None:
        """A self-service screen shows the camera only when there is one to aim the badge at."""
        if self.self_service:
            self.camera.setVisible(not isinstance(self.scanner, NoScanner))

    # -- badges printed on arrival -------------------------------------------

    def follow_print_queue(self, queue: PrintOnEntryQueue) -> None:
        """Say on screen how the attendee's badge is doing (self-service: they are alone)."""
        if self.self_service:
            self.badges.follow(queue)

    @Slot(int)
    def _badge_changed(self, number: int) -> None:
        verdict = self.panel.verdict
        if verdict is not None and verdict.attendee is not None and verdict.attendee.id == number:
            self.panel.refresh()

    # -- window ------------------------------------------------------------

    def show_kiosk(self, fullscreen: bool) -> None:
        self.locked = fullscreen
        if fullscreen:
            # Without a window manager (a bare X session on a kiosk PC) full
            # screen is only a hint: take the screen's size ourselves too.
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()
        else:
            self.show()
        self.central.setFocus()  # so keys reach the wedge filter, not a button

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.locked:
            event.ignore()  # full screen leaves only through the PIN
            self.request_settings()
            return
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        for dialog in (self.pin_dialog, self.settings_dialog):
            if dialog is not None:
                dialog.close()
        self.wedge.remove()
        self.scanner.stop()
        self._counts_soon.stop()
        self._counts_timer.stop()
        self._status_timer.stop()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        height = max(self.height(), 400)
        self.counters.set_font_pixels(max(16, height // 36))
        for widget in (self.search.title, self.search.box, self.search.results, self.status):
            font = widget.font()
            font.setPixelSize(max(14, height // 48))
            widget.setFont(font)

    def _retranslate(self) -> None:
        if self.self_service:
            self.setWindowTitle(translate("Kiosk", "Self-service check-in"))
        else:
            self.setWindowTitle(translate("Kiosk", "Check-in desk"))
        if self.demo_banner is not None:
            self.demo_banner.setText(
                translate(
                    "Kiosk", "DEMO: a simulated camera and made-up attendees · operator PIN 2026"
                )
            )
        self.refresh_status()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
