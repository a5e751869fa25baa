"""The sync engine: one hub session at a time, to send the outbox, read the stream, claim entries.

A session is one connection: an ``OutboxSender`` publishes what the hub has
not acknowledged, and a ``StreamReader`` applies the event's stream from the
sequence the store has applied.  When the connection is lost the session
ends; the next one starts from what the store kept, so nothing depends on
in-memory state surviving a disconnect, a hub restart or a desk crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import nats.errors
import nats.js.errors

from checkin.store import Store, StoreError
from checkin.sync.address import Credentials
from checkin.sync.bookkeeping import check_epoch
from checkin.sync.errors import (
    ConnectionLost,
    HubAddressError,
    HubAuthError,
    HubEmptyError,
    SyncError,
    WrongEventError,
)
from checkin.sync.link import ERR_WRONG_LAST_SEQUENCE, HubLink
from checkin.sync.reader import StreamReader
from checkin.sync.sender import OutboxSender
from checkin.sync.store_thread import StoreWorker

log = logging.getLogger(__name__)

# Told of every change of the sync state (on the sync thread); None: nobody listens.
StateCallback = Callable[["SyncState"], None] | None

T = TypeVar("T")

POLL_S = 0.05
CLAIM_TIMEOUT_S = 0.5
# After a claim went unanswered, decide alone for a while rather than make
# every volunteer wait half a second while the hub recovers.
CLAIM_PAUSE_S = 10.0
# A claim whose scan never reached us after this long belongs to a desk that
# crashed or could not record it; honour it no longer.
STALE_CLAIM_S = 120.0
RETRY_MIN_S = 0.2
RETRY_MAX_S = 2.0
RETRY_SLOW_S = 10.0


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
    # Messages from the stream this desk keeps aside and never applies (all time).
    quarantined: int = 0
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
            "quarantined": self.quarantined,
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


def _raise_if_revoked(link: HubLink) -> None:
    """Whatever broke a session, a revocation seen on its connection is the reason to give."""
    revoked = link.revoked_error()
    if revoked is not None:
        raise revoked from None


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
        on_state: StateCallback = None,
    ) -> None:
        self.db_path = db_path
        self.urls = list(urls)
        self.credentials = credentials
        self.worker = StoreWorker(db_path, desk=desk or credentials.desk_name)
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
            quarantined=self.state.quarantined + rejected,
            cursor=cursor,
        )

    # -- lifecycle ---------------------------------------------------------

    async def open(self) -> None:
        await self.worker.open()
        self.desk_id = await self.worker.call(lambda s: s.desk_id)
        pending = await self.worker.call(lambda s: s.outbox_size())
        quarantined = await self.worker.call(Store.quarantine_count)
        self._update(pending=pending, quarantined=quarantined)

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
        await self.worker.call(lambda s: check_epoch(s, epoch))
        return link

    async def once(self) -> SyncReport:
        """Push the outbox, apply the stream up to its end as of now, and return the counts."""
        lost = asyncio.Event()
        link = await self._connect(lost)
        self.link = link
        puller = StreamReader(link, self.worker, self._applied)
        try:
            self._update(connected=True, hub=link.url, error=None)
            await _race(puller.start(), lost)
            pusher = OutboxSender(link, self.worker, self._pushed)
            await _race(pusher.resend_recent(), lost)
            await _race(pusher.push_all(), lost)
            target = (await _race(link.stream_info(), lost)).state.last_seq
            await _race(puller.wait_for(target), lost)
            pending = await self.worker.call(lambda s: s.outbox_size())
            self._update(pending=pending, caught_up=True, last_sync=datetime.now(UTC))
            return SyncReport(self.state.pushed, self.state.pulled, pending)
        except Exception:
            _raise_if_revoked(link)
            raise
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
        puller = StreamReader(link, self.worker, self._applied)
        pusher = OutboxSender(link, self.worker, self._pushed)
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
        except Exception:
            _raise_if_revoked(link)
            raise
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

    async def _push_loop(self, pusher: OutboxSender) -> None:
        await pusher.resend_recent()
        version = -1
        while True:
            current = await self.worker.call(Store.data_version)
            if current != version or self.wake.is_set():
                self.wake.clear()
                version = current
                await pusher.push_all()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), POLL_S)

    async def _status_loop(self, puller: StreamReader, pusher: OutboxSender) -> None:
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
    db_path: Path, urls: list[str], credentials: Credentials, on_state: StateCallback = None
) -> None:
    """Sync an existing store continuously until SIGINT or SIGTERM (``checkin sync``).

    A new store joins first with ``sync_once``, which names the desk.
    """

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        syncer = Syncer(db_path, urls, credentials, on_state=on_state)
        await syncer.open()
        try:
            await syncer.run(stop)
        finally:
            await syncer.close()

    asyncio.run(main())
