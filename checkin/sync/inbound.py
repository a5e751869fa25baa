"""Applying messages read from the event's stream: merged when valid, quarantined when not.

A message that is not a valid fact of this event is kept aside for a
person to look at rather than stopping the desk; a failure of the desk's
own disk is raised instead, to be retried, since the message is not at
fault.  These functions run on the store thread (``checkin.sync.store_thread``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from checkin.facts import Fact, FactError, Kind
from checkin.store import (
    Store,
    StoreBusyError,
    StoreError,
    StoreFullError,
    StoreReadOnlyError,
)
from checkin.sync.bookkeeping import META_SEQ, META_SEQ_ID, cursor
from checkin.sync.link import purged_copy_id

log = logging.getLogger(__name__)


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
    if msg_id and msg_id not in (fact.id, purged_copy_id(fact.id)):
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
    store.quarantine(seq, msg_id[:200], subject[:200], reason, bytes(data), int(time.time() * 1000))
    log.error("quarantined stream message %d: %s", seq, reason)


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
            store.set_meta(META_SEQ, last)
            store.set_meta(META_SEQ_ID, last_id)
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
        store.set_meta(META_SEQ, last)
        store.set_meta(META_SEQ_ID, last_id)
    return added, len(bad)
