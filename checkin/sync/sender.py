"""Sending the desk's outbox to the hub: a whole batch published, then all its acks awaited.

Waiting for each acknowledgement before the next publish would cost one
round trip per fact; publishing a batch and then collecting the acks keeps
the hub busy.  The fact id travels as ``Nats-Msg-Id``, so a fact sent again
after a crash or a lost ack is stored once.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from typing import Any

import nats.js.errors

from checkin.facts import Fact
from checkin.sync import bookkeeping
from checkin.sync.errors import ConnectionLost, HubError
from checkin.sync.link import HubLink
from checkin.sync.store_thread import StoreWorker

PUSH_BATCH = 1000
ACK_TIMEOUT_S = 10.0
# On each connection a desk offers its facts of the last minute again: the
# hub drops the copies by message id, and gets back any it acknowledged but
# had not yet written to disk when it lost power.
RESEND_S = 60.0


class OutboxSender:
    """Publishes what the hub has not acknowledged, batch by batch, and records the acks."""

    def __init__(
        self,
        link: HubLink,
        worker: StoreWorker,
        on_batch: Callable[[int, int], None] | None = None,
    ) -> None:
        self.link = link
        self.worker = worker
        self.on_batch = on_batch
        self.pending: int | None = None  # unknown until the first pass over the outbox

    async def push_all(self) -> int:
        total = 0
        while True:
            facts, reached = await self.worker.call(
                lambda s: bookkeeping.next_to_send(s, PUSH_BATCH)
            )
            if not facts:
                self.pending = 0
                return total
            acked = await self.publish(facts)
            reached_now = reached if len(acked) == len(facts) else None
            self.pending = await self.worker.call(
                functools.partial(
                    bookkeeping.record_sent, fact_ids=acked, replay_reached=reached_now
                )
            )
            total += len(acked)
            if self.on_batch is not None:
                self.on_batch(len(acked), self.pending)
            if len(acked) < len(facts):
                raise ConnectionLost(
                    f"the hub acknowledged {len(acked)} of {len(facts)} facts; retrying"
                )

    async def resend_recent(self) -> None:
        """Offer the last minute of this desk's acknowledged facts again (not counted as sent)."""
        since = int((time.time() - RESEND_S) * 1000)
        facts = await self.worker.call(lambda s: bookkeeping.recent_own(s, since))
        for start in range(0, len(facts), PUSH_BATCH):
            batch = facts[start : start + PUSH_BATCH]
            acked = await self.publish(batch)
            if len(acked) < len(batch):
                raise ConnectionLost("the hub stopped acknowledging; retrying")

    async def publish(self, facts: list[Fact]) -> list[str]:
        binding = self.link.binding
        js = self.link.js
        futures: list[asyncio.Future[Any]] = []
        for fact in facts:
            futures.append(
                await js.publish_async(
                    binding.subject(fact.kind),
                    fact.encode(),
                    headers={"Nats-Msg-Id": fact.id},
                    stream=binding.stream,
                )
            )
        done, waiting = await asyncio.wait(futures, timeout=ACK_TIMEOUT_S)
        for future in waiting:
            future.cancel()
        acked: list[str] = []
        refused: BaseException | None = None
        for fact, future in zip(facts, futures, strict=True):
            if future in done and not future.cancelled():
                error = future.exception()
                if error is None:
                    acked.append(fact.id)
                else:
                    refused = error
        if refused is not None and not acked:
            if isinstance(refused, nats.js.errors.APIError):
                raise HubError(f"the hub refused the desk's facts: {refused}")
            raise ConnectionLost(f"publishing to the hub failed: {refused!r}")
        return acked
