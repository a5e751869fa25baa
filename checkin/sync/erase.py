"""Erasing purged personal data from the hub's stream, so a late joiner never receives it.

Stores blank what a purge covers as soon as they hold the purge fact
(``checkin.personal_data``), but the hub is not a store: its stream still
holds the original messages, and a desk joining afterwards would download
them.  So the organizer's ``checkin purge --hub ... --creds ...`` erases
them, right after syncing the purge fact:

1. read the event's stream once and pick the messages whose fact the purge
   covers and which still hold personal data;
2. publish a blanked copy of each, so a late joiner still learns every
   attendee's number, category, state and badge versions, and every scan:
   what the counts need.  The copy keeps the fact id but travels under the
   message id ``<fact id>.purged`` (``checkin.sync.link.purged_copy_id``):
   the hub remembers message ids for its whole duplicate window and would
   drop a second message under the fact id as a copy of the first;
3. delete each original with JetStream's message delete, which by default
   overwrites the message on disk ("secure erase") rather than only marking
   it deleted, so the bytes are gone from the hub's folder, not just hidden.

Why these choices.  Facts of one kind share one subject
(``checkin.<event>.<kind>``), so a per-subject purge or a rollup would
remove every attendee fact, including ones after the cut-off, and drop
the stream's history; deleting by sequence removes exactly the covered
messages.  The organizer does it, rather than the hub process noticing
the purge fact, because it needs nothing new running at the hub and the
person who decided the purge sees its result.  Desks' own users may not
delete messages (``checkin.sync.hub.desks``): erasing needs the hub's
shared credentials.

Running it again is safe and finds what arrived since: a copy already in
the stream is not published twice, and a desk that comes back online with
facts from before the cut-off gets them erased by the next run.  A store
that already holds a fact ignores its copy and blanks it by the purge fact
anyway.  A clustered hub also keeps recent messages in its replication
log until that log is compacted, which this does not reach.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats.errors
import nats.js.errors
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from checkin.facts import Fact, FactError, Kind
from checkin.personal_data import PERSONAL_KINDS, as_held, cutoff
from checkin.store import Store, StoreError
from checkin.sync.address import Credentials
from checkin.sync.errors import HubError
from checkin.sync.link import HubLink, purged_copy_id

log = logging.getLogger(__name__)

READ_BATCH = 500
READ_TIMEOUT_S = 2.0
# Requests in flight at once: enough to keep the hub busy, few enough that
# a slow hub answers each within the client's timeout.
IN_FLIGHT = 64
# The server's code for a delete refused by a stream made with deny_delete.
ERR_DELETE_NOT_PERMITTED = 10057


@dataclass(frozen=True)
class EraseReport:
    """What one erase did: originals erased, blanked copies published."""

    erased: int
    copies: int

    def to_json(self) -> dict[str, int]:
        return {"erased": self.erased, "copies": self.copies}


@dataclass(frozen=True)
class _Original:
    seq: int
    copy: Fact


def latest_purge(store: Store) -> Fact | None:
    """The purge fact with the latest cut-off the store holds."""
    purges = [fact for fact in store.facts() if fact.kind == Kind.PERSONAL_DATA_PURGED]
    return max(purges, key=cutoff, default=None)


async def _read_stream(link: HubLink, limit: int) -> tuple[list[_Original], set[str]]:
    """(originals to erase, ids of the covered facts already blank in the stream)."""
    binding = link.binding
    sub = await link.js.pull_subscribe(
        binding.all_subjects,
        stream=binding.stream,
        config=ConsumerConfig(
            ack_policy=AckPolicy.NONE,
            deliver_policy=DeliverPolicy.ALL,
            mem_storage=True,
            num_replicas=1,
            inactive_threshold=30.0,
        ),
    )
    originals: list[_Original] = []
    blank: set[str] = set()
    try:
        pending = 1
        while pending:
            try:
                messages = await sub.fetch(READ_BATCH, timeout=READ_TIMEOUT_S)
            except nats.errors.TimeoutError:
                break
            for msg in messages:
                meta = msg.metadata
                pending = meta.num_pending
                try:
                    fact = Fact.decode(msg.data)
                except FactError:
                    continue  # not a fact: desks quarantine it, nothing to blank
                if fact.kind not in PERSONAL_KINDS or fact.hlc >= limit:
                    continue
                held = as_held(fact, limit)
                if held is fact:
                    blank.add(fact.id)
                else:
                    originals.append(_Original(meta.sequence.stream, held))
    finally:
        await sub.unsubscribe()
    return originals, blank


async def _in_batches(calls: Sequence[Any]) -> None:
    for start in range(0, len(calls), IN_FLIGHT):
        await asyncio.gather(*calls[start : start + IN_FLIGHT])


def _refused(error: nats.js.errors.APIError) -> HubError:
    if error.err_code == ERR_DELETE_NOT_PERMITTED:
        return HubError(
            "this hub's stream was made by an older checkin that forbids deleting messages, "
            "so its copy of the personal data cannot be erased: once every desk has synced "
            "the purge, stop the hub and start it in a new folder (checkin hub --dir NEW); "
            "desks then send it their blanked facts"
        )
    return HubError(f"the hub refused to erase purged messages: {error}")


async def erase_purged(link: HubLink, purge: Fact) -> EraseReport:
    """Replace every message of the stream that ``purge`` covers by a blanked copy."""
    limit = cutoff(purge)
    originals, blank = await _read_stream(link, limit)
    binding = link.binding
    fresh = [o for o in originals if o.copy.id not in blank]
    try:
        await _in_batches(
            [
                link.js.publish(
                    binding.subject(o.copy.kind),
                    o.copy.encode(),
                    headers={"Nats-Msg-Id": purged_copy_id(o.copy.id)},
                    stream=binding.stream,
                )
                for o in fresh
            ]
        )
        await _in_batches([link.js.delete_msg(binding.stream, o.seq) for o in originals])
        await _end_on_a_kept_message(link, purge)
    except nats.js.errors.APIError as error:
        raise _refused(error) from None
    except (nats.errors.TimeoutError, nats.errors.NoRespondersError):
        raise HubError(
            "the hub did not answer the erase: these credentials may not delete messages "
            "(use the hub's own credentials, credentials/desks.json in its folder), or "
            "the hub is down; run the purge again"
        ) from None
    log.info("erased %d purged messages, published %d blanked copies", len(originals), len(fresh))
    return EraseReport(len(originals), len(fresh))


async def _end_on_a_kept_message(link: HubLink, purge: Fact) -> None:
    """Keep the stream ending on a message that exists, so a desk can tell it read to the end.

    A desk syncing once reads up to the stream's last sequence; if that
    message was just erased, it would wait for it.  The purge fact again,
    under its copy id, ends the stream instead; stores ignore it as held.
    """
    last = (await link.stream_info()).state.last_seq
    try:
        await link.js.get_msg(link.binding.stream, seq=last)
    except nats.js.errors.NotFoundError:
        await link.js.publish(
            link.binding.subject(purge.kind),
            purge.encode(),
            headers={"Nats-Msg-Id": purged_copy_id(purge.id)},
            stream=link.binding.stream,
        )


async def _erase(db_path: Path, urls: list[str], credentials: Credentials) -> EraseReport:
    with Store.open(db_path) as store:
        purge = latest_purge(store)
        event = store.event()
    if purge is None:
        raise StoreError(f"{db_path} holds no purge to apply at the hub: run 'checkin purge'")
    link = await HubLink.open(urls, credentials, event, name="checkin purge")
    try:
        return await erase_purged(link, purge)
    finally:
        await link.close()


def erase_at_hub(db_path: Path, urls: list[str], credentials: Credentials) -> EraseReport:
    """Erase from the hub what the latest purge held in ``db_path`` covers."""
    return asyncio.run(_erase(db_path, urls, credentials))
