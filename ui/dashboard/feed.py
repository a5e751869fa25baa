"""Snapshots of the store, read on a thread of their own and delivered as signals.

The window never queries SQLite: a worker thread owns its own connection to
the store file, asks SQLite every ``poll_ms`` whether another connection has
committed (``PRAGMA data_version``, which costs nothing), and only then reads
what changed.  Time windows (silent desks, the last 15 minutes) move even
when nothing is written, so it also takes a snapshot every ``tick_ms``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from checkin.counts.dashboard import DashboardFeed, DashboardSnapshot
from checkin.store import Store, StoreError
from checkin.timeutil import utc_now

log = logging.getLogger(__name__)

POLL_MS = 200
TICK_MS = 5000


class SnapshotWorker(QObject):
    """Lives on the feed thread; everything it touches is its own."""

    ready = Signal(DashboardSnapshot)
    failed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        clock: Callable[[], datetime],
        poll_ms: int,
        tick_ms: int,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.poll_ms = poll_ms
        self.tick_ms = tick_ms
        self.store: Store | None = None
        self.feed: DashboardFeed | None = None
        self.timer: QTimer | None = None
        self._last = 0.0

    @Slot()
    def start(self) -> None:
        self.timer = QTimer(self)
        self.timer.setInterval(self.poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.poll()

    @Slot()
    def poll(self) -> None:
        try:
            if self.feed is None:
                # Until the store holds an event (a new machine still joining the hub)
                # this fails; keep the connection and try again at the next poll.
                if self.store is None:
                    self.store = Store.open(self.db_path)
                self.feed = DashboardFeed(self.store, clock=self.clock)
            elif not self.feed.changed() and time.monotonic() - self._last < self.tick_ms / 1000:
                return
            snapshot = self.feed.snapshot()
        except StoreError as error:
            log.warning("dashboard refresh failed: %s", error)
            self.failed.emit(str(error))
            return
        self._last = time.monotonic()
        self.ready.emit(snapshot)

    @Slot()
    def refresh_now(self) -> None:
        self._last = 0.0
        self.poll()

    @Slot()
    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        if self.store is not None:
            self.store.close()
            self.store = None
        self.feed = None


class LiveFeed(QObject):
    """Owns the feed thread; the window connects to ``ready`` and ``failed``."""

    ready = Signal(DashboardSnapshot)
    failed = Signal(str)
    _start = Signal()
    _refresh = Signal()

    def __init__(
        self,
        db_path: Path,
        *,
        clock: Callable[[], datetime] = utc_now,
        poll_ms: int = POLL_MS,
        tick_ms: int = TICK_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.latest: DashboardSnapshot | None = None
        self.worker_thread = QThread(self)
        self.worker_thread.setObjectName("dashboard-feed")
        self.worker = SnapshotWorker(db_path, clock, poll_ms, tick_ms)
        self.worker.moveToThread(self.worker_thread)
        self._start.connect(self.worker.start)
        self._refresh.connect(self.worker.refresh_now)
        self.worker.ready.connect(self._on_ready)
        self.worker.failed.connect(self.failed)
        # ``finished`` is emitted on the feed thread itself: the worker closes
        # its connection there, after its last snapshot.
        self.worker_thread.finished.connect(self.worker.stop, Qt.ConnectionType.DirectConnection)
        self._running = False

    def start(self) -> None:
        if not self._running:
            self._running = True
            self.worker_thread.start()
            self._start.emit()

    def refresh(self) -> None:
        """Take a snapshot now, changed or not (after the language changed, say)."""
        self._refresh.emit()

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self.worker_thread.quit()
        self.worker_thread.wait()

    @Slot(object)
    def _on_ready(self, snapshot: DashboardSnapshot) -> None:
        self.latest = snapshot
        self.ready.emit(snapshot)
