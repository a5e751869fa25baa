"""The organizer dashboard window.

It shows whatever ``LiveFeed`` last delivered and never touches the store
itself, so a slow query can delay a number but never freeze the window.
Every number carries its freshness: the header says when the snapshot was
taken and turns amber when updates stop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from checkin.counts.dashboard import DashboardSnapshot
from checkin.sync.engine import SyncState
from checkin.timeutil import from_millis, to_millis, utc_now
from ui.dashboard import tables
from ui.dashboard.charts import ArrivalsChart, InsideChart
from ui.dashboard.feed import LiveFeed
from ui.dashboard.gauge import CapacityGauge
from ui.dashboard.projector import ProjectorView
from ui.dashboard.tiles import BigNumber
from ui.i18n.languages import LANGUAGES
from ui.i18n.translator import Language, current_language, localized

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
# A snapshot older than this means the feed has stopped: say so.
STALE_AFTER_S = 15


class _Job(QRunnable):
    """Runs an export off the UI thread and reports back through ``signals``."""

    class Signals(QObject):
        done = Signal(str)
        failed = Signal(str)

    def __init__(self, work: Callable[[], str]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Job.Signals()

    def run(self) -> None:
        try:
            message = self.work()
        except Exception as error:  # noqa: BLE001 - shown to the user, not swallowed
            log.exception("export failed")
            self.signals.failed.emit(str(error))
            return
        self.signals.done.emit(message)


class DashboardWindow(QMainWindow):
    exported = Signal(str)  # a message saying what was written
    export_failed = Signal(str)
    # A checkin.sync SyncState, emitted from the sync thread; shown in the header.
    sync_state = Signal(SyncState)

    def __init__(
        self,
        feed: LiveFeed,
        *,
        db_path: Path,
        language: Language | None = None,
        replay: bool = False,
        wall_clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__()
        self.feed = feed
        self.db_path = db_path
        self.language = language or Language(self)
        self.replay = replay
        self.wall_clock = wall_clock
        self.snapshot: DashboardSnapshot | None = None
        self.error = ""
        self.hub: SyncState | None = None  # the latest, when syncing with a hub
        self._jobs: set[_Job] = set()
        self.resize(1600, 1000)
        self._build()
        feed.ready.connect(self.show_snapshot)
        feed.failed.connect(self._on_failed)
        self.sync_state.connect(self._on_sync_state)
        self.freshness_timer = QTimer(self)
        self.freshness_timer.setInterval(1000)
        self.freshness_timer.timeout.connect(self._update_freshness)
        self.freshness_timer.start()
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_projector)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, lambda: self.set_projector(False))
        self.retranslate()

    # -- building ------------------------------------------------------------

    def _build(self) -> None:
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.main = QWidget(self.stack)
        self.projector = ProjectorView(self.stack)
        self.stack.addWidget(self.main)
        self.stack.addWidget(self.projector)
        root = QVBoxLayout(self.main)
        root.setContentsMargins(12, 8, 12, 8)
        root.setSpacing(8)

        header = QHBoxLayout()
        self.title = QLabel(self.main)
        font = self.title.font()
        font.setPixelSize(22)
        font.setBold(True)
        self.title.setFont(font)
        self.freshness = QLabel(self.main)
        self.language_box = QComboBox(self.main)
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(current_language()))
        self.language_box.currentIndexChanged.connect(self._on_language)
        self.projector_button = QPushButton(self.main)
        self.projector_button.clicked.connect(self.toggle_projector)
        self.attendance_button = QPushButton(self.main)
        self.attendance_button.clicked.connect(self._ask_attendance)
        self.report_button = QPushButton(self.main)
        self.report_button.clicked.connect(self._ask_report)
        # Long event names and status lines shrink rather than widen the window.
        for label in (self.title, self.freshness):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        heading.addWidget(self.freshness)
        header.addLayout(heading, 1)
        header.addSpacing(12)
        for widget in (
            self.language_box,
            self.projector_button,
            self.attendance_button,
            self.report_button,
        ):
            header.addWidget(widget)
        root.addLayout(header)

        tiles = QHBoxLayout()
        self.gauge = CapacityGauge(self.main)
        self.checked_in = BigNumber(self.main)
        self.not_arrived = BigNumber(self.main)
        self.exits = BigNumber(self.main)
        self.conflicts = BigNumber(self.main)
        self.red = BigNumber(self.main)
        tiles.addWidget(self.gauge, 3)
        for tile in (self.checked_in, self.not_arrived, self.exits, self.conflicts, self.red):
            tiles.addWidget(tile, 2)
        tiles_box = QWidget(self.main)
        tiles_box.setLayout(tiles)
        tiles_box.setFixedHeight(180)
        tiles.setContentsMargins(0, 0, 0, 0)
        root.addWidget(tiles_box)

        charts = QHBoxLayout()
        self.arrivals_chart = ArrivalsChart()
        self.inside_chart = InsideChart()
        self.chart_views = []
        for chart in (self.arrivals_chart, self.inside_chart):
            view = QChartView(chart.chart, self.main)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(180)
            charts.addWidget(view)
            self.chart_views.append(view)
        root.addLayout(charts, 4)

        grid = QGridLayout()
        self.gates = tables.gate_table()
        self.categories = tables.category_table()
        self.desks = tables.desk_table()
        self.red_table = tables.red_table()
        self.conflict_table = tables.conflict_table()
        self.boxes: dict[str, QGroupBox] = {}
        placement = [
            ("gates", self.gates, 0, 0, 1),
            ("categories", self.categories, 0, 1, 1),
            ("desks", self.desks, 0, 2, 1),
            ("red", self.red_table, 1, 0, 2),
            ("conflicts", self.conflict_table, 1, 2, 1),
        ]
        for name, table, row, column, span in placement:
            box = QGroupBox(self.main)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(6, 6, 6, 6)
            layout.addWidget(table)
            grid.addWidget(box, row, column, 1, span)
            self.boxes[name] = box
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 4)
        grid.setRowMinimumHeight(0, 200)
        root.addLayout(grid, 6)

    # -- language --------------------------------------------------------------

    def _on_language(self, index: int) -> None:
        code = str(self.language_box.itemData(index))
        self.language.set(code)
        # Qt posts LanguageChange for later; relabel now so the switch is one step.
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(translate("Dashboard", "Organizer dashboard"))
        self.projector_button.setText(translate("Dashboard", "Projector (F11)"))
        self.attendance_button.setText(translate("Dashboard", "Export attendance…"))
        self.report_button.setText(translate("Dashboard", "Save day report…"))
        self.gauge.set_caption(translate("Dashboard", "Inside now / capacity"))
        self.checked_in.caption.setText(translate("Dashboard", "Checked in"))
        self.not_arrived.caption.setText(translate("Dashboard", "Registered, not yet arrived"))
        self.exits.caption.setText(translate("Dashboard", "Exits"))
        self.conflicts.caption.setText(translate("Dashboard", "Double entries merged"))
        self.red.caption.setText(translate("Dashboard", "Red verdicts, last hour"))
        self.arrivals_chart.chart.setTitle(translate("Dashboard", "Arrivals per 5 minutes"))
        self.inside_chart.chart.setTitle(translate("Dashboard", "Inside now over time"))
        titles = {
            "gates": translate("Dashboard", "By gate"),
            "categories": translate("Dashboard", "By category"),
            "desks": translate(
                "Dashboard", "Desks (silent over 2 minutes in red; scans in the last 15 min)"
            ),
            "red": translate("Dashboard", "Red verdicts in the last hour"),
            "conflicts": translate("Dashboard", "Double entries merged after a partition"),
        }
        for name, box in self.boxes.items():
            box.setTitle(titles[name])
        for table in (self.gates, self.categories, self.desks, self.red_table, self.conflict_table):
            table.rows.retranslate()
        if self.snapshot is not None:
            self.show_snapshot(self.snapshot)
        self._update_freshness()

    # -- showing ---------------------------------------------------------------

    def show_snapshot(self, snapshot: DashboardSnapshot) -> None:
        self.snapshot = snapshot
        self.error = ""
        counts = snapshot.counts
        event = snapshot.event
        name = localized(event.name, event.name_zh)
        self.title.setText(name)
        self.gauge.set_values(counts.inside, counts.capacity)
        self.checked_in.set_value(
            counts.checked_in,
            translate("Dashboard", "of {n} registered").format(n=f"{counts.registered:,}"),
        )
        self.not_arrived.set_value(counts.not_arrived)
        self.exits.set_value(counts.exits)
        self.conflicts.set_value(counts.conflicts, color="#9a6700" if counts.conflicts else None)
        self.red.set_value(snapshot.red_total, color="#cf222e" if snapshot.red_total else None)
        self.arrivals_chart.update(snapshot)
        self.inside_chart.update(snapshot)
        categories = {category.name: category for category in snapshot.categories}
        self.gates.rows.set_rows(tables.gate_rows(snapshot))
        self.categories.rows.set_rows(tables.category_rows(snapshot, categories))
        self.desks.rows.set_rows(tables.desk_rows(snapshot))
        self.red_table.rows.set_rows(tables.red_rows(snapshot))
        self.conflict_table.rows.set_rows(tables.conflict_rows(snapshot))
        self.projector.set_snapshot(snapshot)
        self._update_freshness()

    def freshness_text(self) -> tuple[str, bool]:
        """The line saying how fresh the numbers are, and whether they are stale."""
        snapshot = self.snapshot
        if snapshot is None:
            if self.error:
                return translate("Dashboard", "NOT UPDATING: {error}").format(
                    error=self.error
                ), True
            return translate("Dashboard", "Loading the store…"), False
        zone = snapshot.timezone
        taken = from_millis(snapshot.taken_ms, zone).strftime("%H:%M:%S")
        age = max(0, (to_millis(self.wall_clock()) - snapshot.taken_ms) // 1000)
        newest = (
            from_millis(snapshot.newest_fact_ms, zone).strftime("%H:%M:%S")
            if snapshot.newest_fact_ms
            else "–"
        )
        if self.replay:
            moment = from_millis(snapshot.now_ms, zone).strftime("%Y-%m-%d %H:%M")
            text = translate("Dashboard", "Clock set to {moment} · newest fact {newest}").format(
                moment=moment, newest=newest
            )
        else:
            text = translate(
                "Dashboard", "Live · updated {taken} ({age} s ago) · newest fact {newest}"
            ).format(taken=taken, age=age, newest=newest)
        hub = self.hub_text()
        if hub:
            text = f"{text} · {hub}"
        stale = bool(self.error) or (not self.replay and age > STALE_AFTER_S)
        if self.error:
            text = translate("Dashboard", "NOT UPDATING: {error} · last update {taken}").format(
                error=self.error, taken=taken
            )
        elif stale:
            text = translate("Dashboard", "STALE: no update for {age} s").format(age=age)
        return text, stale

    def hub_text(self) -> str:
        """Whether the numbers include every desk: the sync's state, in a few words."""
        state = self.hub
        if state is None:
            return ""
        if state.connected:
            if state.caught_up:
                return translate("Dashboard", "hub: in step")
            return translate("Dashboard", "hub: catching up")
        return translate("Dashboard", "hub OFFLINE: showing this machine's facts only")

    def _on_sync_state(self, state: SyncState) -> None:
        self.hub = state
        self._update_freshness()

    def _update_freshness(self) -> None:
        text, stale = self.freshness_text()
        self.freshness.setText(text)
        self.freshness.setStyleSheet("color: #9a6700; font-weight: bold;" if stale else "")
        self.projector.set_freshness(text, stale=stale)

    def _on_failed(self, message: str) -> None:
        self.error = message
        self._update_freshness()

    # -- projector ---------------------------------------------------------------

    @property
    def projecting(self) -> bool:
        return self.stack.currentWidget() is self.projector

    def set_projector(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.projector if on else self.main)

    def toggle_projector(self) -> None:
        self.set_projector(not self.projecting)

    # -- exports -----------------------------------------------------------------

    def _ask_attendance(self) -> None:
        title = translate("Dashboard", "Export attendance")
        kinds = translate("Dashboard", "Excel (*.xlsx);;CSV (*.csv)")
        if path := self._ask_save_path(title, "attendance.xlsx", kinds):
            self.export_attendance(path)

    def _ask_report(self) -> None:
        title = translate("Dashboard", "Save day report")
        kinds = translate("Dashboard", "PDF (*.pdf);;PNG image (*.png)")
        if path := self._ask_save_path(title, "day-report.pdf", kinds):
            self.save_report(path)

    def _ask_save_path(self, title: str, suggested: str, kinds: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, kinds)
        return Path(path) if path else None

    def export_attendance(self, path: Path) -> None:
        """Write the attendance file on a pool thread; ``exported`` says when it is done."""
        db_path = self.db_path

        def work() -> str:
            from checkin.export.attendance import write_attendance
            from checkin.store import Store

            with Store.open(db_path) as store:
                count = write_attendance(store, path)
            return translate("Dashboard", "Wrote {n} attendees to {path}").format(
                n=f"{count:,}", path=path
            )

        job = _Job(work)
        job.setAutoDelete(False)
        job.signals.done.connect(lambda message: self._job_done(job, message))
        job.signals.failed.connect(lambda message: self._job_failed(job, message))
        self._jobs.add(job)
        QThreadPool.globalInstance().start(job)

    def save_report(self, path: Path) -> None:
        """Draw the day report from the numbers on screen (charts need the UI thread)."""
        from ui.dashboard.day_report import save_report

        if self.snapshot is None:
            self._job_failed(
                None, translate("Dashboard", "No numbers yet: wait for the first update")
            )
            return
        try:
            save_report(self.snapshot, path)
        except Exception as error:  # noqa: BLE001 - shown to the user
            log.exception("report failed")
            self._job_failed(None, str(error))
            return
        self._job_done(
            None, translate("Dashboard", "Saved the day report to {path}").format(path=path)
        )

    def _job_done(self, job: _Job | None, message: str) -> None:
        if job is not None:
            self._jobs.discard(job)
        self.statusBar().showMessage(message, 10000)
        self.exported.emit(message)

    def _job_failed(self, job: _Job | None, message: str) -> None:
        if job is not None:
            self._jobs.discard(job)
        self.statusBar().showMessage(message, 10000)
        self.export_failed.emit(message)
        if self.isVisible() and QCoreApplication.instance() is not None and not _offscreen():
            QMessageBox.warning(self, translate("Dashboard", "Export failed"), message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.freshness_timer.stop()
        self.feed.stop()
        QThreadPool.globalInstance().waitForDone(10000)
        super().closeEvent(event)


def _offscreen() -> bool:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() == "offscreen"
