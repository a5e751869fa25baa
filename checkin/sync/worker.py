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
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from checkin.facts import Fact, FactError
from checkin.hlc import pack
from checkin.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")

META_EPOCH = "sync.epoch"
META_SEQ = "sync.seq"
META_SEQ_ID = "sync.seq_id"
META_REPLAY = "sync.replay"


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


# -- functions run on the worker thread ----------------------------------


def set_meta(store: Store, key: str, value: str | None) -> None:
    """Sync bookkeeping lives in the store's meta table, written in the caller's transaction."""
    if value is None:
        store.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        store.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def cursor(store: Store) -> int:
    return int(store.meta(META_SEQ) or 0)


def position(store: Store) -> tuple[int, str | None]:
    """The last stream sequence applied and the message id found there."""
    return cursor(store), store.meta(META_SEQ_ID)


def start_over(store: Store) -> None:
    """Read the stream from its start and send every fact again (the hub lost some)."""
    with store.transaction():
        set_meta(store, META_SEQ, "0")
        set_meta(store, META_SEQ_ID, None)
        set_meta(store, META_REPLAY, "0")


def check_epoch(store: Store, epoch: str) -> bool:
    """Note the hub's epoch; on a change, start reading from its first message and re-send all.

    Returns True when a full re-send was scheduled.  A hub whose storage was
    lost comes back with a new epoch and none of the facts that desks had
    already seen acknowledged, so each desk offers everything it holds again;
    the hub drops the copies by message id and the stores by fact id.
    """
    known = store.meta(META_EPOCH)
    if known == epoch:
        return False
    held = store.conn.execute("SELECT 1 FROM facts WHERE acked = 1 LIMIT 1").fetchone()
    replay = known is not None or held is not None
    with store.transaction():
        set_meta(store, META_EPOCH, epoch)
        set_meta(store, META_SEQ, "0")
        set_meta(store, META_SEQ_ID, None)
        set_meta(store, META_REPLAY, "0" if replay else None)
    if known is not None:
        log.warning(
            "the hub's storage is new (epoch %s, was %s): sending every fact again", epoch, known
        )
    return replay


def next_to_send(store: Store, limit: int) -> tuple[list[Fact], int | None]:
    """The next facts to publish: a page of a full re-send if one is under way, else the outbox.

    Returns the facts and, for a re-send page, the local sequence it reaches.
    """
    replay = store.meta(META_REPLAY)
    if replay is not None:
        rows = store.conn.execute(
            "SELECT seq, id, kind, desk, hlc, body FROM facts WHERE seq > ? ORDER BY seq LIMIT ?",
            (int(replay), limit),
        ).fetchall()
        if rows:
            facts = [Fact(i, k, d, h, json.loads(b)) for _, i, k, d, h, b in rows]
            return facts, int(rows[-1][0])
        with store.transaction():
            set_meta(store, META_REPLAY, None)
    return store.outbox(limit), None


def recent_own(store: Store, since_ms: int) -> list[Fact]:
    """This desk's facts stamped at or after ``since_ms``, to offer the hub again."""
    rows = store.conn.execute(
        "SELECT id, kind, desk, hlc, body FROM facts WHERE hlc >= ? AND desk = ? AND acked = 1 "
        "ORDER BY seq",
        (pack(since_ms), store.desk_id),
    ).fetchall()
    return [Fact(i, k, d, h, json.loads(b)) for i, k, d, h, b in rows]


def record_sent(store: Store, fact_ids: Sequence[str], replay_reached: int | None) -> int:
    """Mark facts acknowledged by the hub; returns the outbox size left."""
    with store.transaction():
        store.mark_acked(fact_ids)
        if replay_reached is not None:
            set_meta(store, META_REPLAY, str(replay_reached))
    return store.outbox_size()


def apply_messages(store: Store, messages: Sequence[tuple[int, str, bytes]]) -> tuple[int, int]:
    """Merge facts read from the stream and move the cursor past them: (new facts, rejected).

    A message that is not a valid fact is logged and skipped rather than
    stopping the desk: one bad message must not cut a desk off the event.
    """
    start = cursor(store)
    fresh = [message for message in messages if message[0] > start]
    if not fresh:
        return 0, 0
    facts: list[Fact] = []
    rejected = 0
    for seq, _, data in fresh:
        try:
            facts.append(Fact.decode(data))
        except FactError as error:
            log.error("skipping stream message %d: %s", seq, error)
            rejected += 1
    last, last_id = str(fresh[-1][0]), fresh[-1][1]
    try:
        with store.transaction():
            added = store.merge(facts)
            set_meta(store, META_SEQ, last)
            set_meta(store, META_SEQ_ID, last_id)
        return added, rejected
    except FactError:
        pass  # find the bad ones: each fact in its own transaction
    added = 0
    for fact in facts:
        try:
            added += store.merge([fact])
        except FactError as error:
            log.error("skipping fact %s (%s): %s", fact.id, fact.kind, error)
            rejected += 1
    with store.transaction():
        set_meta(store, META_SEQ, last)
        set_meta(store, META_SEQ_ID, last_id)
    return added, rejected


def data_version(store: Store) -> int:
    """Changes whenever another connection (the kiosk) commits to the store."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])
