"""Print on arrival: a badge printed when a person's first entry is accepted.

People who come with an emailed code or an imported ticket code have no
badge yet.  The kiosk hands their badge to this queue and goes straight on
to the next scan: a worker thread renders and prints, one badge at a time,
and waits (keeping the queue) while the printer is out of paper or
offline.  The printer's state is a signal the kiosk shows in a corner.

The kiosk calls ``print_on_entry(queue, store, verdict)`` after every scan;
everything else happens here.
"""

from __future__ import annotations

import logging
import queue as stdlib_queue
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from checkin.badges.batch import badge_to_print_on_entry
from checkin.badges.layout import BadgeData
from checkin.badges.template import Template, load_template
from checkin.model import PrintJobState, Verdict
from checkin.printers.errors import PrinterError
from checkin.printers.pool import PrinterPool
from checkin.printers.state import PrinterState
from checkin.store import Store, StoreError
from checkin.timeutil import utc_now
from ui.badges.printers import close_pool, open_pool
from ui.badges.printing import paint_to, prepare, probe_printer, remembered_printer
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.i18n.translator import translate

log = logging.getLogger(__name__)

ENTRY_TEMPLATE = "4x3in"  # the badge printed on arrival, unless the kiosk is told another
BadgeSink = Callable[[BadgeData], None]
Probe = Callable[[], PrinterState]
_WAITING = (PrinterState.OUT_OF_PAPER, PrinterState.OFFLINE, PrinterState.ERROR, PrinterState.NONE)


def holds_badges(state: PrinterState) -> bool:
    """True when a printer in ``state`` takes no badge: the queue keeps them until it can."""
    return state in _WAITING


class PrinterSink:
    """Prints one badge on a named system printer (safe to call from the worker thread)."""

    def __init__(self, template: Template, printer_name: str) -> None:
        self.template = template
        self.printer_name = printer_name

    def __call__(self, badge: BadgeData) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(self.printer_name)
        printer.setDocName(f"badge {badge.number}")
        prepare(printer, self.template)
        paint_to(printer, self.template, [badge])


class PdfFileSink:
    """Prints each badge to its own PDF file in ``folder``: a print without a printer."""

    def __init__(self, template: Template, folder: Path) -> None:
        self.template = template
        self.folder = folder

    def path_of(self, badge: BadgeData) -> Path:
        return self.folder / f"badge-{badge.number}-v{badge.version}.pdf"

    def __call__(self, badge: BadgeData) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.path_of(badge)))
        printer.setDocName(f"badge {badge.number}")
        prepare(printer, self.template)
        paint_to(printer, self.template, [badge])


def pool_state(states: Iterable[PrinterState]) -> PrinterState:
    """What a pool is doing as one printer: ready while any printer takes jobs, else the worst."""
    seen = set(states)
    for state in (
        PrinterState.PRINTING,
        PrinterState.READY,
        PrinterState.OUT_OF_PAPER,
        PrinterState.OFFLINE,
        PrinterState.ERROR,
    ):
        if state in seen:
            return state
    return PrinterState.NONE


class PoolSink:
    """Prints on a pool of printers named by URL, through the pool's print journal.

    A pool belongs to one thread, like its store, so it is opened (with its
    own connection to the desk's store at ``db_path``) on the first call,
    which is the queue's worker thread, and closed there by ``close``.  A
    badge the journal marks done is recorded as printed in the same commit,
    so a queue on this sink records nothing itself.
    """

    def __init__(self, urls: Sequence[str], template: Template, db_path: Path) -> None:
        if not urls:
            raise ValueError("a pool sink needs at least one printer URL")
        self.urls = list(urls)
        self.template = template
        self.db_path = db_path
        self._pool: PrinterPool | None = None

    def _open(self) -> PrinterPool:
        if self._pool is None:
            self._pool = open_pool(self.urls, self.template, Store.open(self.db_path))
        return self._pool

    def probe(self) -> PrinterState:
        return pool_state(self._open().states(probe=True).values())

    def __call__(self, badge: BadgeData) -> None:
        job = self._open().print_badge(badge)
        if job.state is not PrintJobState.DONE:
            # Queued (no printer took it), sent (in doubt: look at the printer) or failed.
            raise PrinterError(
                f"badge {badge.number} v{badge.version} {job.state.value}: {job.error}"
            )

    def close(self) -> None:
        if self._pool is not None:
            close_pool(self._pool)
            self._pool.store.close()
            self._pool = None


class PrintOnEntryQueue(QObject):
    """Badges waiting for the desk's printer; ``submit`` never blocks the scanning thread."""

    state_changed = Signal(PrinterState)
    waiting_changed = Signal(int)  # badges not yet printed
    queued = Signal(int, int)  # attendee number, badge version: accepted by ``submit``
    printed = Signal(int, int)  # attendee number, badge version
    failed = Signal(int, str)  # attendee number, why

    def __init__(
        self,
        sink: BadgeSink,
        probe: Probe,
        *,
        poll_seconds: float = 5.0,
        close: Callable[[], None] | None = None,
        journaled: bool = False,
        name: str = "",
        parent: QObject | None = None,
    ) -> None:
        """``close`` runs on the worker thread as it ends; ``journaled`` sinks record prints.

        ``name`` says which printers these are, for a window to show.
        """
        super().__init__(parent)
        self.name = name
        self._sink = sink
        self._close = close
        self.journaled = journaled
        self._probe = probe
        self._poll = poll_seconds
        self._jobs: stdlib_queue.Queue[BadgeData | None] = stdlib_queue.Queue()
        self._pending: set[tuple[int, int]] = set()
        self._lock = threading.Lock()
        self._state = PrinterState.NONE
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @classmethod
    def for_printer(cls, template: Template, printer_name: str | None = None) -> PrintOnEntryQueue:
        """A queue on the badge printer chosen at the station (or ``printer_name``)."""
        name = printer_name or remembered_printer() or ""
        return cls(PrinterSink(template, name), lambda: probe_printer(name))

    @classmethod
    def for_pool(cls, urls: Sequence[str], template: Template, db_path: Path) -> PrintOnEntryQueue:
        """A queue on the printers ``urls`` name, journaled in the store at ``db_path``."""
        sink = PoolSink(urls, template, db_path)
        return cls(sink, sink.probe, close=sink.close, journaled=True, name=", ".join(urls))

    @property
    def state(self) -> PrinterState:
        return self._state

    def waiting(self) -> int:
        with self._lock:
            return len(self._pending)

    def start(self) -> None:
        if self._thread is None:
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="badge-printer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the badge being printed, then stop (badges still waiting are dropped)."""
        if self._thread is not None:
            self._stopping.set()
            self._jobs.put(None)
            self._thread.join(timeout)
            self._thread = None

    def submit(self, badge: BadgeData) -> bool:
        """Queue ``badge``; False if that badge version is already waiting."""
        key = (badge.number, badge.version)
        with self._lock:
            if key in self._pending:
                return False
            self._pending.add(key)
            count = len(self._pending)
        self._jobs.put(badge)
        self.queued.emit(badge.number, badge.version)
        self.waiting_changed.emit(count)
        return True

    def record_to(self, store: Store) -> None:
        """Record each printed badge in ``store`` (from the thread that owns the store)."""

        @Slot(int, int)
        def record(number: int, version: int) -> None:
            try:
                store.record_print(number, version, utc_now())
            except StoreError as error:
                log.error("badge %d v%d printed but not recorded: %s", number, version, error)

        self.printed.connect(record)

    # -- the worker thread ------------------------------------------------------

    def _set_state(self, state: PrinterState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _check(self) -> PrinterState:
        try:
            state = self._probe()
        except Exception:  # a probe must never stop the queue
            log.exception("printer probe failed")
            state = PrinterState.ERROR
        self._set_state(state)
        return state

    def _run(self) -> None:
        try:
            self._serve()
        finally:
            if self._close is not None:
                try:
                    self._close()
                except Exception:  # closing must not hide why the queue stopped
                    log.exception("closing the badge printer failed")

    def _serve(self) -> None:
        self._check()
        while not self._stopping.is_set():
            try:
                badge = self._jobs.get(timeout=self._poll)
            except stdlib_queue.Empty:
                self._check()
                continue
            if badge is None:
                break
            while holds_badges(self._check()) and not self._stopping.is_set():
                # Keep the badge; try again once the paper is in.
                self._stopping.wait(self._poll)
            if self._stopping.is_set():
                break
            self._print(badge)

    def _print(self, badge: BadgeData) -> None:
        self._set_state(PrinterState.PRINTING)
        try:
            self._sink(badge)
        except Exception as error:
            log.error("badge %d could not be printed: %s", badge.number, error)
            self.failed.emit(badge.number, str(error))
            self._set_state(PrinterState.ERROR)
        else:
            self.printed.emit(badge.number, badge.version)
            self._set_state(PrinterState.READY)
        finally:
            with self._lock:
                self._pending.discard((badge.number, badge.version))
                count = len(self._pending)
            self.waiting_changed.emit(count)


def print_on_entry(
    queue: PrintOnEntryQueue, store: Store, verdict: Verdict, now: datetime | None = None
) -> bool:
    """The kiosk's hook, called after each scan: queue a badge for a first arrival.

    Only the person's first accepted entry prints, and only when their
    current badge version was never printed (an emailed code, an imported
    ticket code); True when a badge was queued.
    """
    del now  # the print time is recorded when the printer has it
    try:
        badge = badge_to_print_on_entry(store, verdict)
    except StoreError as error:
        log.error("print on entry skipped: %s", error)
        return False
    return badge is not None and queue.submit(badge)


def attach_print_on_entry(
    window: QMainWindow,
    template_name: str = ENTRY_TEMPLATE,
    printer_name: str | None = None,
    *,
    printer_urls: Sequence[str] = (),
    queue: PrintOnEntryQueue | None = None,
) -> PrintOnEntryQueue:
    """Make a kiosk window print badges for first arrivals (``checkin kiosk --print-on-entry``).

    ``window`` is the kiosk: it has ``store`` and emits ``verdict_shown``
    after each scan is on screen, so printing starts only once the person
    has seen their verdict.  The printer's state goes in the status bar.
    With ``printer_urls`` (``--printer``) badges go to that pool of printers
    through its journal; without, to the station's system printer.
    ``queue`` replaces either (a screenshot prints to a file instead).
    """
    store: Store = window.store  # type: ignore[attr-defined]
    if queue is None:
        template = load_template(template_name)
        queue = (
            PrintOnEntryQueue.for_pool(printer_urls, template, store.path)
            if printer_urls
            else PrintOnEntryQueue.for_printer(template, printer_name)
        )
    queue.setParent(window)
    if not queue.journaled:
        queue.record_to(store)
    window.verdict_shown.connect(  # type: ignore[attr-defined]
        lambda verdict: print_on_entry(queue, store, verdict)
    )
    label = PrinterStatusLabel(queue, window)
    label.setObjectName("badgePrinterState")
    window.statusBar().addPermanentWidget(label)
    queue.start()
    window.destroyed.connect(lambda *_: queue.stop())
    return queue


STATE_TEXT: dict[PrinterState, str] = {
    PrinterState.READY: QT_TRANSLATE_NOOP("BadgePrinter", "Badge printer ready"),
    PrinterState.PRINTING: QT_TRANSLATE_NOOP("BadgePrinter", "Printing badge…"),
    PrinterState.OUT_OF_PAPER: QT_TRANSLATE_NOOP("BadgePrinter", "Badge printer: out of paper"),
    PrinterState.OFFLINE: QT_TRANSLATE_NOOP("BadgePrinter", "Badge printer offline"),
    PrinterState.ERROR: QT_TRANSLATE_NOOP("BadgePrinter", "Badge printer needs attention"),
    PrinterState.NONE: QT_TRANSLATE_NOOP("BadgePrinter", "No badge printer chosen"),
}
STATE_COLOR = {
    PrinterState.READY: "#1a7f37",
    PrinterState.PRINTING: "#1a7f37",
    PrinterState.OUT_OF_PAPER: "#bf8700",
    PrinterState.OFFLINE: "#cf222e",
    PrinterState.ERROR: "#cf222e",
    PrinterState.NONE: "#57606a",
}


class PrinterStatusLabel(QLabel):
    """A line for the kiosk's corner: the printer's state and how many badges wait."""

    def __init__(self, queue: PrintOnEntryQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._queue = queue
        self._waiting = 0
        queue.state_changed.connect(self._show)
        queue.waiting_changed.connect(self._count)
        self._show(queue.state)

    @Slot(int)
    def _count(self, waiting: int) -> None:
        self._waiting = waiting
        self._show(self._queue.state)

    @Slot(PrinterState)
    def _show(self, printer_state: PrinterState) -> None:
        text = translate("BadgePrinter", STATE_TEXT[printer_state])
        if self._waiting:
            text += translate("BadgePrinter", " · {n} waiting").format(n=self._waiting)
        self.setText(text)
        self.setProperty("printerState", printer_state.value)
        self.setStyleSheet(f"color: {STATE_COLOR[printer_state]}; font-weight: 600;")
