"""Reading the event's stream into the desk's store, from where the store says it stopped.

The reader is a push consumer of its own rather than the client's ordered
consumer: it starts from the cursor kept in the store (not from memory),
checks every delivery's sequence, answers flow control only once what came
before is applied, and starts over from the cursor on any gap or silence.
Each batch is merged and the cursor moved in one transaction, so a crash
re-reads at most one batch, and re-applying a fact is a no-op.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

import nats.errors
import nats.js.errors
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from checkin.sync import inbound
from checkin.sync.bookkeeping import position, start_over
from checkin.sync.errors import ConnectionLost
from checkin.sync.link import HubLink
from checkin.sync.store_thread import StoreWorker

log = logging.getLogger(__name__)

APPLY_BATCH = 1000
HEARTBEAT_S = 1.0


class StreamReader:
    """Reads the event's stream from the store's cursor and applies it in batches."""

    def __init__(
        self, link: HubLink, worker: StoreWorker, on_applied: Callable[[int, int, int], None]
    ) -> None:
        self.link = link
        self.worker = worker
        self.on_applied = on_applied
        self.cursor = 0
        self.remote_pending = 0
        self.known_end = 0
        self.applying = False
        self.queue: asyncio.Queue[tuple[int, Msg]] = asyncio.Queue()
        self.generation = 0
        self.expected = 1
        self.sub: Subscription | None = None
        self.consumer = ""
        self.last_activity = time.monotonic()
        self.advanced = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.cursor, cursor_id = await self.worker.call(position)
        self.known_end = (await self.link.stream_info()).state.last_seq
        found = await self._message_id(self.cursor) if self.cursor else cursor_id
        # A message missing below the stream's end was erased by a purge: the
        # stream is the one this desk read, and the cursor stays.
        erased = found is None and self.cursor <= self.known_end
        if self.cursor and found != cursor_id and not erased:
            # The hub came back from an older copy of its disk, and its stream
            # no longer is the one this desk read: read it all again, and offer
            # the hub everything this desk holds.
            log.warning("the hub's stream changed under message %d: reading it again", self.cursor)
            await self.worker.call(start_over)
            self.cursor = 0
        await self._subscribe()
        self.tasks = [
            asyncio.create_task(self._apply_loop()),
            asyncio.create_task(self._watchdog()),
        ]

    async def _message_id(self, seq: int) -> str | None:
        try:
            msg = await self.link.js.get_msg(self.link.binding.stream, seq=seq)
        except nats.js.errors.NotFoundError:
            return None
        return (msg.headers or {}).get("Nats-Msg-Id")

    async def _subscribe(self) -> None:
        self.generation += 1
        generation = self.generation
        self.expected = 1
        self.last_activity = time.monotonic()
        nc = self.link.nc
        inbox = nc.new_inbox()

        async def deliver(msg: Msg) -> None:
            self.queue.put_nowait((generation, msg))

        self.sub = await nc.subscribe(inbox, cb=deliver)
        info = await self.link.js.add_consumer(
            self.link.binding.stream,
            ConsumerConfig(
                deliver_subject=inbox,
                deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                opt_start_seq=self.cursor + 1,
                ack_policy=AckPolicy.NONE,
                flow_control=True,
                idle_heartbeat=HEARTBEAT_S,
                mem_storage=True,
                num_replicas=1,
                inactive_threshold=30.0,
            ),
        )
        self.consumer = info.name
        log.debug("reading %s from %d", self.link.binding.stream, self.cursor + 1)

    async def restart(self, reason: str) -> None:
        log.info("restarting the stream reader at %d: %s", self.cursor + 1, reason)
        old_sub, old_consumer = self.sub, self.consumer
        self.sub = None
        if old_sub is not None:
            with contextlib.suppress(nats.errors.Error):
                await old_sub.unsubscribe()
        if old_consumer:
            with contextlib.suppress(nats.errors.Error, asyncio.TimeoutError):
                await self.link.js.delete_consumer(self.link.binding.stream, old_consumer)
        await self._subscribe()

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.sub is not None and self.link.nc.is_connected:
            with contextlib.suppress(nats.errors.Error):
                await self.sub.unsubscribe()

    async def _watchdog(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            if time.monotonic() - self.last_activity > 3 * HEARTBEAT_S:
                await self.restart("no heartbeat from the hub")

    async def _apply_loop(self) -> None:
        while True:
            items = [await self.queue.get()]
            while not self.queue.empty() and len(items) < APPLY_BATCH:
                items.append(self.queue.get_nowait())
            await self._handle(items)

    async def _handle(self, items: list[tuple[int, Msg]]) -> None:
        records: list[inbound.Message] = []
        replies: list[str] = []
        gap = ""
        for generation, msg in items:
            if generation != self.generation:
                continue  # from a reader already replaced
            self.last_activity = time.monotonic()
            headers = msg.headers or {}
            if headers.get("Status"):
                if msg.reply:  # flow control: answer once what came before is applied
                    replies.append(msg.reply)
                    continue
                stalled = headers.get("Nats-Consumer-Stalled")
                if stalled:
                    replies.append(stalled)
                last = headers.get("Nats-Last-Consumer")
                if last is not None and int(last) != self.expected - 1:
                    gap = f"heartbeat says {last} delivered, {self.expected - 1} received"
                    break
                continue
            meta = msg.metadata
            if meta.sequence.consumer != self.expected:
                gap = f"expected message {self.expected}, got {meta.sequence.consumer}"
                break
            self.expected += 1
            records.append(
                (meta.sequence.stream, headers.get("Nats-Msg-Id", ""), msg.data, msg.subject)
            )
            self.remote_pending = meta.num_pending
        if records:
            self.applying = True
            try:
                binding = self.link.binding
                expected = inbound.Expected(binding.subject_prefix, binding.event_id)
                added, rejected = await self.worker.call(
                    lambda store: inbound.apply_messages(store, records, expected)
                )
            finally:
                self.applying = False
            self.cursor = max(self.cursor, records[-1][0])
            self.on_applied(added, rejected, self.cursor)
            self.advanced.set()
        for reply in replies:
            await self.link.nc.publish(reply, b"")
        if gap:
            await self.restart(gap)

    async def wait_for(self, target: int) -> None:
        """Wait until the stream is applied up to ``target``; a failed reader raises here."""
        while self.cursor < target:
            self.advanced.clear()
            waiter = asyncio.ensure_future(self.advanced.wait())
            done, _ = await asyncio.wait({waiter, *self.tasks}, return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            for task in self.tasks:
                if task in done:
                    task.result()
                    raise ConnectionLost("the stream reader stopped")

    @property
    def caught_up(self) -> bool:
        """Everything the stream held at connection time, and since, is applied."""
        return (
            self.cursor >= self.known_end
            and self.remote_pending == 0
            and self.queue.empty()
            and not self.applying
        )
