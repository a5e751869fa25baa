"""The sync engine: push the outbox, apply the stream, claim entries, over one hub session.

A session is one connection.  It pushes what the desk has not had
acknowledged (publishing a whole batch, then awaiting the acks), and reads
the stream from the last sequence the store has applied with a push
consumer of its own: flow controlled, with heartbeats, and restarted from
the store's cursor on any gap.  When the connection is lost the session
ends; the next one starts from what the store kept, so nothing depends on
in-memory state surviving a disconnect, a hub restart or a desk crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import signal
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import nats.errors
import nats.js.errors
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from checkin.facts import Fact
from checkin.store import Store, StoreError
from checkin.sync import worker as ops
from checkin.sync.address import Credentials
from checkin.sync.errors import (
    HubAddressError,
    HubAuthError,
    HubEmptyError,
    HubError,
    HubUnreachable,
    SyncError,
    WrongEventError,
)
from checkin.sync.link import ERR_WRONG_LAST_SEQUENCE, HubLink
from checkin.sync.worker import StoreWorker

log = logging.getLogger(__name__)

T = TypeVar("T")

PUSH_BATCH = 1000
APPLY_BATCH = 1000
ACK_TIMEOUT_S = 10.0
HEARTBEAT_S = 1.0
POLL_S = 0.05
CLAIM_TIMEOUT_S = 0.5
# After a claim went unanswered, decide alone for a while rather than make
# every volunteer wait half a second while the hub recovers.
CLAIM_PAUSE_S = 10.0
# A claim whose scan never reached us after this long belongs to a desk that
# crashed or could not record it; honour it no longer.
STALE_CLAIM_S = 120.0
# On each connection a desk offers its facts of the last minute again: the
# hub drops the copies by message id, and gets back any it acknowledged but
# had not yet written to disk when it lost power.
RESEND_S = 60.0
RETRY_MIN_S = 0.2
RETRY_MAX_S = 2.0
RETRY_SLOW_S = 10.0


class ConnectionLost(HubUnreachable):
    """The hub connection dropped during a sync."""


@dataclass(frozen=True)
class SyncState:
    """What a desk shows about its sync: connected, how much is waiting, when last in step."""

    connected: bool = False
    hub: str = ""
    pending: int = 0
    last_sync: datetime | None = None
    caught_up: bool = False
    pushed: int = 0
    pulled: int = 0
    rejected: int = 0
    cursor: int = 0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "connected": self.connected,
            "hub": self.hub,
            "pending": self.pending,
            "last_sync": None if self.last_sync is None else self.last_sync.isoformat(),
            "caught_up": self.caught_up,
            "pushed": self.pushed,
            "pulled": self.pulled,
            "rejected": self.rejected,
            "cursor": self.cursor,
            "error": self.error,
        }


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    pulled: int
    pending: int

    def to_json(self) -> dict[str, int]:
        return {"pushed": self.pushed, "pulled": self.pulled, "pending": self.pending}


@dataclass
class _Counters:
    pushed: int = 0
    pulled: int = 0
    extra: dict[str, int] = field(default_factory=dict)


async def _race(work: Coroutine[Any, Any, T], lost: asyncio.Event) -> T:
    """Run ``work`` unless the connection is lost first; client errors become ConnectionLost."""
    task = asyncio.ensure_future(work)
    waiter = asyncio.ensure_future(lost.wait())
    try:
        done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            try:
                return task.result()
            except (TimeoutError, nats.errors.Error, OSError) as error:
                raise ConnectionLost(
                    f"the hub stopped answering during sync ({error!r}): run it again"
                ) from None
        raise ConnectionLost("lost the connection to the hub during sync: run it again")
    finally:
        for pending in (task, waiter):
            if not pending.done():
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending


class Puller:
    """Reads the event's stream from the store's cursor and applies it in batches.

    Each batch is merged and the cursor moved in one transaction, so a crash
    re-reads at most one batch, and re-applying a fact is a no-op.
    """

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
        self.cursor, cursor_id = await self.worker.call(ops.position)
        self.known_end = (await self.link.stream_info()).state.last_seq
        if self.cursor and await self._message_id(self.cursor) != cursor_id:
            # The hub came back from an older copy of its disk, and its stream
            # no longer is the one this desk read: read it all again, and offer
            # the hub everything this desk holds.
            log.warning("the hub's stream changed under message %d: reading it again", self.cursor)
            await self.worker.call(ops.start_over)
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
        records: list[tuple[int, str, bytes]] = []
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
            records.append((meta.sequence.stream, headers.get("Nats-Msg-Id", ""), msg.data))
            self.remote_pending = meta.num_pending
        if records:
            self.applying = True
            try:
                added, rejected = await self.worker.call(
                    lambda store: ops.apply_messages(store, records)
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


class Pusher:
    """Publishes what the hub has not acknowledged: a batch at once, then all the acks."""

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
            facts, reached = await self.worker.call(lambda s: ops.next_to_send(s, PUSH_BATCH))
            if not facts:
                self.pending = 0
                return total
            acked = await self.publish(facts)
            reached_now = reached if len(acked) == len(facts) else None
            self.pending = await self.worker.call(
                functools.partial(ops.record_sent, fact_ids=acked, replay_reached=reached_now)
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
        facts = await self.worker.call(lambda s: ops.recent_own(s, since))
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


def _claim_key(number: int, entries: int) -> str:
    """One key per (attendee, how many accepted entries they have had): a re-entry claims anew."""
    return f"a{number}.e{entries + 1}"


class Syncer:
    """Syncs one desk store with the hub: once (the CLI) or for as long as it runs."""

    def __init__(
        self,
        db_path: Path,
        urls: list[str],
        credentials: Credentials,
        *,
        desk: str | None = None,
        on_state: Callable[[SyncState], None] | None = None,
    ) -> None:
        self.db_path = db_path
        self.urls = list(urls)
        self.credentials = credentials
        self.worker = StoreWorker(db_path, desk=desk)
        self.on_state = on_state
        self.state = SyncState()
        self.link: HubLink | None = None
        self.desk_id = ""
        self.wake = asyncio.Event()
        self.claims_paused_until = 0.0

    # -- state -------------------------------------------------------------

    def _update(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)
        if self.on_state is not None:
            try:
                self.on_state(self.state)
            except Exception:
                log.exception("sync state callback failed")

    def _pushed(self, acked: int, pending: int) -> None:
        self._update(pushed=self.state.pushed + acked, pending=pending)

    def _applied(self, added: int, rejected: int, cursor: int) -> None:
        self._update(
            pulled=self.state.pulled + added,
            rejected=self.state.rejected + rejected,
            cursor=cursor,
        )

    # -- lifecycle ---------------------------------------------------------

    async def open(self) -> None:
        await self.worker.open()
        self.desk_id = await self.worker.call(lambda s: s.desk_id)
        pending = await self.worker.call(lambda s: s.outbox_size())
        self._update(pending=pending)

    async def close(self) -> None:
        await self.worker.close()

    async def _connect(self, lost: asyncio.Event) -> HubLink:
        async def on_lost() -> None:
            lost.set()

        event = await self.worker.call(lambda s: s.event() if s.has_event() else None)
        link = await HubLink.open(
            self.urls,
            self.credentials,
            event,
            name=f"checkin {self.desk_id}",
            on_lost=on_lost,
        )
        for url in link.discovered_urls():
            if url not in self.urls:
                self.urls.append(url)
        epoch = link.binding.epoch
        await self.worker.call(lambda s: ops.check_epoch(s, epoch))
        return link

    async def once(self) -> SyncReport:
        """Push the outbox, apply the stream up to its end as of now, and return the counts."""
        lost = asyncio.Event()
        link = await self._connect(lost)
        self.link = link
        puller = Puller(link, self.worker, self._applied)
        try:
            self._update(connected=True, hub=link.url, error=None)
            await _race(puller.start(), lost)
            pusher = Pusher(link, self.worker, self._pushed)
            await _race(pusher.resend_recent(), lost)
            await _race(pusher.push_all(), lost)
            target = (await _race(link.stream_info(), lost)).state.last_seq
            await _race(puller.wait_for(target), lost)
            pending = await self.worker.call(lambda s: s.outbox_size())
            self._update(pending=pending, caught_up=True, last_sync=datetime.now(UTC))
            return SyncReport(self.state.pushed, self.state.pulled, pending)
        finally:
            self.link = None
            await puller.stop()
            await link.close()
            self._update(connected=False)

    async def run(self, stop: asyncio.Event) -> None:
        """Keep the desk in sync until ``stop`` is set, reconnecting after any failure."""
        delay = RETRY_MIN_S
        while not stop.is_set():
            try:
                await self._session(stop)
                delay = RETRY_MIN_S
            except (HubAuthError, WrongEventError, HubEmptyError, HubAddressError) as error:
                log.warning("sync stopped: %s", error)
                self._update(connected=False, error=str(error))
                delay = RETRY_SLOW_S
            except (SyncError, StoreError) as error:
                log.info("sync interrupted: %s", error)
                self._update(connected=False, error=str(error))
            except (TimeoutError, nats.errors.Error, OSError) as error:
                log.info("sync interrupted: %r", error)
                self._update(connected=False, error=f"hub connection: {error!r}")
            if stop.is_set():
                break
            await self._wait_offline(stop, delay)
            delay = min(delay * 2, RETRY_MAX_S) if delay < RETRY_SLOW_S else delay

    async def _wait_offline(self, stop: asyncio.Event, delay: float) -> None:
        """Wait before reconnecting, keeping the pending count current for the screen."""
        deadline = time.monotonic() + delay
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            try:
                pending = await self.worker.call(lambda s: s.outbox_size())
            except StoreError:
                pending = self.state.pending
            if pending != self.state.pending:
                self._update(pending=pending)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), min(left, 0.5))

    async def _session(self, stop: asyncio.Event) -> None:
        lost = asyncio.Event()
        link = await self._connect(lost)
        puller = Puller(link, self.worker, self._applied)
        pusher = Pusher(link, self.worker, self._pushed)
        tasks: list[asyncio.Task[Any]] = []
        try:
            await _race(puller.start(), lost)
            self.link = link
            self._update(connected=True, hub=link.url, error=None)
            tasks = [
                asyncio.create_task(self._push_loop(pusher)),
                asyncio.create_task(self._status_loop(puller, pusher)),
                asyncio.create_task(stop.wait()),
                asyncio.create_task(lost.wait()),
                *puller.tasks,
            ]
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                error = None if task.cancelled() else task.exception()
                if error is not None:
                    raise error
            if lost.is_set() and not stop.is_set():
                raise ConnectionLost("lost the connection to the hub; reconnecting")
        finally:
            self.link = None
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await puller.stop()
            await link.close()
            self._update(connected=False, caught_up=False)

    async def _push_loop(self, pusher: Pusher) -> None:
        await pusher.resend_recent()
        version = -1
        while True:
            current = await self.worker.call(ops.data_version)
            if current != version or self.wake.is_set():
                self.wake.clear()
                version = current
                await pusher.push_all()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), POLL_S)

    async def _status_loop(self, puller: Puller, pusher: Pusher) -> None:
        while True:
            caught_up = puller.caught_up and pusher.pending == 0
            if caught_up:
                self._update(caught_up=True, last_sync=datetime.now(UTC), pending=0)
            elif self.state.caught_up:
                self._update(caught_up=False)
            await asyncio.sleep(0.25)

    # -- entry claims ------------------------------------------------------

    async def claim(self, number: int, entries: int) -> bool:
        """Claim an attendee's next entry at the hub; False if another desk holds it.

        Without a connection there is nothing to ask, and the desk decides
        alone (a double entry then shows as a conflict after the merge).
        """
        link = self.link
        if link is None or time.monotonic() < self.claims_paused_until:
            return True
        key = _claim_key(number, entries)
        subject = f"$KV.{link.binding.claims_bucket}.{key}"
        value = json.dumps({"desk": self.desk_id, "at": int(time.time() * 1000)}).encode()
        try:
            await link.js.publish(
                subject,
                value,
                timeout=CLAIM_TIMEOUT_S,
                headers={"Nats-Expected-Last-Subject-Sequence": "0"},
            )
            return True
        except nats.js.errors.APIError as error:
            if error.err_code != ERR_WRONG_LAST_SEQUENCE:
                return self._pause_claims(error)
        except (nats.errors.Error, OSError) as error:
            return self._pause_claims(error)
        return await self._holder_allows(link, subject)

    def _pause_claims(self, error: BaseException) -> bool:
        log.warning("entry claims unanswered (%r): deciding alone for %.0f s", error, CLAIM_PAUSE_S)
        self.claims_paused_until = time.monotonic() + CLAIM_PAUSE_S
        return True

    async def _holder_allows(self, link: HubLink, subject: str) -> bool:
        held = await link.js.get_msg(f"KV_{link.binding.claims_bucket}", subject=subject)
        try:
            holder = json.loads(held.data or b"{}").get("desk")
        except ValueError:
            holder = None
        if holder == self.desk_id:
            return True  # our own claim, whose scan was never recorded (crash, full disk)
        age = (datetime.now(UTC) - held.time).total_seconds() if held.time else 0.0
        if age > STALE_CLAIM_S:
            log.warning(
                "entry claim %s by %s is %.0f s old with no scan: ignoring", subject, holder, age
            )
            return True
        return False


def _remove_if_empty(path: Path) -> None:
    try:
        with Store.open(path) as store:
            empty = store.fact_count() == 0
    except StoreError:
        return
    if empty:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{path}{suffix}").unlink()


async def _sync_once(
    db_path: Path, urls: list[str], credentials: Credentials, desk: str | None
) -> SyncReport:
    syncer = Syncer(db_path, urls, credentials, desk=desk)
    await syncer.open()
    try:
        return await syncer.once()
    finally:
        await syncer.close()


def sync_once(
    db_path: Path, urls: list[str], credentials: Credentials, *, desk: str | None = None
) -> SyncReport:
    """One full sync of a desk store: the core of ``checkin sync --once``.

    A path that does not exist yet becomes a new desk that joins the event
    from the hub; if that join fails, the empty file is removed again.
    """
    new = not db_path.exists()
    try:
        return asyncio.run(_sync_once(db_path, urls, credentials, desk))
    except BaseException:
        if new and db_path.exists():
            _remove_if_empty(db_path)
        raise


def run_sync(
    db_path: Path,
    urls: list[str],
    credentials: Credentials,
    *,
    desk: str | None = None,
    on_state: Callable[[SyncState], None] | None = None,
) -> None:
    """Sync continuously until SIGINT or SIGTERM (``checkin sync`` without --once)."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        syncer = Syncer(db_path, urls, credentials, desk=desk, on_state=on_state)
        await syncer.open()
        try:
            await syncer.run(stop)
        finally:
            await syncer.close()

    asyncio.run(main())
