"""The desk's store, owned by one thread, so the sync event loop never waits on SQLite.

A kiosk writes scans on its own thread and connection while the sync
thread merges facts from the hub into the same file.  If the event loop ran
SQLite itself it would block whenever the kiosk holds the write lock, and a
kiosk waiting for an entry claim answered by that same loop would wait for
nothing until its timeout.  So every store call of the sync goes through this
single worker thread, with its own connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from checkin.store import Store

T = TypeVar("T")


class StoreWorker:
    def __init__(self, path: Path, *, desk: str | None = None) -> None:
        self.path = path
        self.desk = desk
        self.created = False
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="checkin-sync-store")
        self._store: Store | None = None

    def _open(self) -> Store:
        if self.path.exists():
            return Store.open(self.path)
        self.created = True
        return Store.new(self.path, desk=self.desk)

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        self._store = await loop.run_in_executor(self._executor, self._open)

    async def call(self, function: Callable[[Store], T]) -> T:
        store = self._store
        if store is None:
            raise RuntimeError("the store worker is not open")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, function, store)

    async def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(self._executor, store.close)
        self._executor.shutdown(wait=True)
