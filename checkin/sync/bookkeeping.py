"""Where a desk stands with the hub: its stream cursor, the hub's epoch, what to send next.

All of it lives in the store (meta values and the facts' acknowledged
flag), written in the store's transactions, so a desk that crashes resumes
from exactly what it had applied and sent.  These functions run on the
store thread (``checkin.sync.store_thread``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from checkin.facts import Fact
from checkin.hlc import pack
from checkin.store import Store

log = logging.getLogger(__name__)

META_EPOCH = "sync.epoch"
META_SEQ = "sync.seq"
META_SEQ_ID = "sync.seq_id"
META_REPLAY = "sync.replay"


def cursor(store: Store) -> int:
    return int(store.meta(META_SEQ) or 0)


def position(store: Store) -> tuple[int, str | None]:
    """The last stream sequence applied and the message id found there."""
    return cursor(store), store.meta(META_SEQ_ID)


def start_over(store: Store) -> None:
    """Read the stream from its start and send every fact again (the hub lost some)."""
    with store.transaction():
        store.set_meta(META_SEQ, "0")
        store.set_meta(META_SEQ_ID, None)
        store.set_meta(META_REPLAY, "0")


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
    replay = known is not None or store.has_acked_facts()
    with store.transaction():
        store.set_meta(META_EPOCH, epoch)
        store.set_meta(META_SEQ, "0")
        store.set_meta(META_SEQ_ID, None)
        store.set_meta(META_REPLAY, "0" if replay else None)
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
        page = store.facts_after(int(replay), limit)
        if page:
            return [fact for _, fact in page], page[-1][0]
        with store.transaction():
            store.set_meta(META_REPLAY, None)
    return store.outbox(limit), None


def recent_own(store: Store, since_ms: int) -> list[Fact]:
    """This desk's facts stamped at or after ``since_ms``, to offer the hub again."""
    return store.own_acked_facts_since(pack(since_ms))


def record_sent(store: Store, fact_ids: Sequence[str], replay_reached: int | None) -> int:
    """Mark facts acknowledged by the hub; returns the outbox size left."""
    with store.transaction():
        store.mark_acked(fact_ids)
        if replay_reached is not None:
            store.set_meta(META_REPLAY, str(replay_reached))
    return store.outbox_size()
