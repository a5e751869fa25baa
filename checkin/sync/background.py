"""Sync in the background of a kiosk, badge station or dashboard.

``BackgroundSync`` runs the sync engine on its own thread with its own
asyncio loop and its own store connection (SQLite connections belong to the
thread that made them), and reports a ``SyncState`` through a callback, so a
window can show "connected, 3 pending, last sync 10:42:07" without knowing
anything about NATS.  The callback runs on the sync thread: a Qt window must
hand it to its own thread (a queued signal) before touching widgets.

It also lends the desk an entry claim (``claimer``) that asks the hub, while
connected, whether another desk admitted the same person a moment earlier.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from checkin import read_model
from checkin.store import Store
from checkin.sync.address import Credentials
from checkin.sync.engine import CLAIM_TIMEOUT_S, Syncer, SyncState

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 10.0


class BackgroundSync:
    def __init__(
        self,
        db_path: Path | str,
        urls: list[str],
        credentials: Credentials,
        *,
        on_state: Callable[[SyncState], None] | None = None,
    ) -> None:
        self.db_path = Path(db_path)
        self.urls = urls
        self.credentials = credentials
        self.on_state = on_state
        self._state = SyncState()
        self._changed = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._syncer: Syncer | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None

    # -- state -------------------------------------------------------------

    @property
    def state(self) -> SyncState:
        return self._state

    def _on_state(self, state: SyncState) -> None:
        with self._changed:
            self._state = state
            self._changed.notify_all()
        if self.on_state is not None:
            self.on_state(state)

    def wait_until(self, predicate: Callable[[SyncState], bool], timeout: float) -> bool:
        """Block until the state satisfies ``predicate`` (True) or ``timeout`` passes (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self._state), timeout)

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this background sync is already started")
        self._thread = threading.Thread(target=self._main, name="checkin-sync", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            raise self._failure

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._run())
        finally:
            loop.close()

    async def _run(self) -> None:
        self._stop = asyncio.Event()
        syncer = Syncer(self.db_path, self.urls, self.credentials, on_state=self._on_state)
        try:
            await syncer.open()
        except BaseException as error:
            self._failure = error
            self._ready.set()
            await syncer.close()
            return
        self._syncer = syncer
        self._ready.set()
        try:
            await syncer.run(self._stop)
        finally:
            self._syncer = None
            await syncer.close()

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """Stop syncing and close the store connection; safe to call twice."""
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None or loop is None:
            return
        if stop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(stop.set)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("the sync thread did not stop within %.0f s", timeout)
        self._thread = None

    def __enter__(self) -> BackgroundSync:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- for the desk ------------------------------------------------------

    def notify(self) -> None:
        """Tell the sync a fact was just written, to send it now rather than at the next poll."""
        loop, syncer = self._loop, self._syncer
        if loop is not None and syncer is not None and not loop.is_closed():
            loop.call_soon_threadsafe(syncer.wake.set)

    def claimer(self, store: Store) -> Callable[[int], bool]:
        """An entry claim for a ``Desk`` over ``store`` (the desk's own connection and thread).

        Called inside the desk's scan transaction; it answers True (admit)
        whenever the hub cannot answer within a fraction of a second, so a
        slow network never stops the queue.
        """

        def claim(number: int) -> bool:
            loop, syncer = self._loop, self._syncer
            if loop is None or syncer is None or not self._state.connected:
                return True
            # Undone entries count too, so an entry undone at the desk does not
            # leave its claim blocking the next one.
            entries = read_model.accepted_entries(store, number)
            future = asyncio.run_coroutine_threadsafe(syncer.claim(number, entries), loop)
            try:
                return future.result(CLAIM_TIMEOUT_S + 0.1)
            except concurrent.futures.TimeoutError:
                future.cancel()
                log.warning("entry claim for attendee %d timed out; admitting", number)
            except Exception as error:
                log.warning("entry claim for attendee %d failed (%r); admitting", number, error)
            return True

        return claim
