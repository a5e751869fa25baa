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
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from checkin.facts import Fact, FactError, Kind
from checkin.hlc import pack
from checkin.store import (
    Store,
    StoreBusyError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)

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


# (stream sequence, Nats-Msg-Id, data) or the same with the message's subject.
Message = tuple[int, str, bytes] | tuple[int, str, bytes, str]


@dataclass(frozen=True)
class Expected:
    """What every message of the event's stream must match to be applied."""

    subject_prefix: str
    event_id: str


class _Foreign(Exception):
    """A well-formed fact that does not belong in this stream or this event."""


def _check(fact: Fact, msg_id: str, subject: str | None, expected: Expected | None) -> None:
    if msg_id and msg_id != fact.id:
        raise _Foreign("message id is not the fact id")
    if expected is None:
        return
    if subject is not None and subject != f"{expected.subject_prefix}.{fact.kind}":
        raise _Foreign("subject does not match the event and fact kind")
    if fact.kind == Kind.EVENT_CREATED and fact.body.get("id") != expected.event_id:
        raise _Foreign("fact creates another event")


def _environmental(error: StoreError) -> bool:
    """Failures of the desk's disk, not of the fact: retry later, never quarantine."""
    return isinstance(error, (StoreFullError, StoreReadOnlyError, StoreBusyError))


def _quarantine(store: Store, message: Message, reason: str) -> None:
    """Keep a message that cannot be applied, for a person to look at; never apply it.

    The log line names the stream position and the reason only: the data may
    hold an attendee's name, and logs travel further than the store.
    """
    seq, msg_id, data = message[0], message[1], message[2]
    subject = message[3] if len(message) == 4 else ""
    store.conn.execute(
        "INSERT OR IGNORE INTO quarantine (stream_seq, msg_id, subject, reason, data, at_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (seq, msg_id[:200], subject[:200], reason, bytes(data), int(time.time() * 1000)),
    )
    log.error("quarantined stream message %d: %s", seq, reason)


def quarantine_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0])


def _decode(message: Message, expected: Expected | None) -> Fact | str:
    """The message's fact, or why it is not one this desk may apply."""
    try:
        fact = Fact.decode(message[2])
    except FactError:
        return "not a valid fact"
    except RecursionError:
        return "not a valid fact (nested too deeply)"
    try:
        _check(fact, message[1], message[3] if len(message) == 4 else None, expected)
    except _Foreign as error:
        return str(error)
    return fact


def apply_messages(
    store: Store, messages: Sequence[Message], expected: Expected | None = None
) -> tuple[int, int]:
    """Merge facts read from the stream and move the cursor past them: (new facts, quarantined).

    A message that is not a valid fact of this event is quarantined rather
    than stopping the desk: one bad message must not cut a desk off the
    event, nor can it change the desk's tables.  The cursor moves with the
    merge in one transaction, so a crash re-reads the batch and re-applying
    is a no-op.
    """
    start = cursor(store)
    fresh = [message for message in messages if message[0] > start]
    if not fresh:
        return 0, 0
    good: list[tuple[Message, Fact]] = []
    bad: list[tuple[Message, str]] = []
    for message in fresh:
        decoded = _decode(message, expected)
        if isinstance(decoded, Fact):
            good.append((message, decoded))
        else:
            bad.append((message, decoded))
    last, last_id = str(fresh[-1][0]), fresh[-1][1]
    if expected is None and store.has_event():
        event_id = store.event().id
        for message, fact in list(good):
            if fact.kind == Kind.EVENT_CREATED and fact.body.get("id") != event_id:
                good.remove((message, fact))
                bad.append((message, "fact creates another event"))
    try:
        with store.transaction():
            added = store.merge([fact for _, fact in good])
            for message, reason in bad:
                _quarantine(store, message, reason)
            set_meta(store, META_SEQ, last)
            set_meta(store, META_SEQ_ID, last_id)
        return added, len(bad)
    except StoreError as error:
        if _environmental(error):
            raise
    except (FactError, ArithmeticError, RecursionError):
        pass
    # Find the bad ones: each fact in its own savepoint-free transaction.
    added = 0
    for message, fact in good:
        try:
            added += store.merge([fact])
        except StoreError as error:
            if _environmental(error):
                raise
            bad.append((message, "the desk's tables refused it"))
        except (FactError, ArithmeticError, RecursionError):
            bad.append((message, "the desk's tables refused it"))
    with store.transaction():
        for message, reason in bad:
            _quarantine(store, message, reason)
        set_meta(store, META_SEQ, last)
        set_meta(store, META_SEQ_ID, last_id)
    return added, len(bad)


def data_version(store: Store) -> int:
    """Changes whenever another connection (the kiosk) commits to the store."""
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])
