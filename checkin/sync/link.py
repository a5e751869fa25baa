"""A desk's connection to the hub, and the names of what the event keeps there.

One hub serves one event.  The first desk that holds the event binds the hub
to it (a key-value ``create``, so two desks of different events cannot both
win); every later desk checks the binding and refuses to mix events.  The
binding carries an epoch, a random token made at binding time: a hub whose
storage was wiped gets a new epoch, and desks that see it change push their
whole log again, so no fact is lost with the hub's disk.

Names, per event: the stream ``CHECKIN_<token>`` holds every fact on the
subject ``checkin.<token>.<fact kind>`` with the fact id as ``Nats-Msg-Id``;
the key-value bucket ``CHECKIN_CLAIMS_<token>`` holds entry claims.  The
one other message id is ``purged_copy_id``: the blanked copy of a fact
whose original a purge erased (``checkin.sync.erase``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets
import ssl
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client as NATS
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig, StreamInfo
from nats.js.kv import KeyValue

from checkin.model import Event
from checkin.sync.address import INBOX_ROOT, Credentials
from checkin.sync.errors import (
    DeskRevokedError,
    HubAddressError,
    HubAuthError,
    HubEmptyError,
    HubError,
    HubTLSError,
    HubUnreachable,
    WrongEventError,
)
from checkin.sync.hub.desks import BINDING_KEY, HUB_BUCKET
from checkin.sync.tls import client_context

log = logging.getLogger(__name__)


class QuietTlsEof(logging.Filter):
    """Drops asyncio's "returning true from eof_received() has no effect when using ssl".

    nats-py's protocol returns True from ``eof_received``; over TLS asyncio
    logs that warning at every disconnect, so every ``checkin sync`` over
    ``--tls`` ended with a line a user cannot act on.  Other asyncio messages
    pass.
    """

    NOISE = "eof_received() has no effect when using ssl"

    def filter(self, record: logging.LogRecord) -> bool:
        return self.NOISE not in record.getMessage()


logging.getLogger("asyncio").addFilter(QuietTlsEof())

# JetStream forgets message ids after this window; the store's dedupe by fact
# id covers anything older, but a long window keeps the stream itself free of
# copies over a whole event.
DUPLICATE_WINDOW_S = 7 * 24 * 3600.0
# Short enough that a desk whose hub is electing a new leader retries soon.
API_TIMEOUT_S = 2.0
CONNECT_TIMEOUT_S = 3.0
PING_INTERVAL_S = 3
MAX_OUTSTANDING_PINGS = 2
# Error codes from the server's JetStream API.
ERR_REPLICAS_NOT_CLUSTERED = 10074
ERR_WRONG_LAST_SEQUENCE = 10071

_TOKEN = re.compile(r"[^A-Za-z0-9_-]")


def purged_copy_id(fact_id: str) -> str:
    """The message id of a fact's blanked copy: the fact id is taken for the duplicate window."""
    return f"{fact_id}.purged"


def event_token(event_id: str) -> str:
    """A name part safe in stream names, bucket names and subjects."""
    return _TOKEN.sub("_", event_id)[:48] or "event"


@dataclass(frozen=True)
class Binding:
    """The event a hub serves and where it keeps it."""

    event_id: str
    event_name: str
    stream: str
    subject_prefix: str
    claims_bucket: str
    epoch: str

    @classmethod
    def for_event(cls, event: Event) -> Binding:
        token = event_token(event.id)
        return cls(
            event_id=event.id,
            event_name=event.name,
            stream=f"CHECKIN_{token}",
            subject_prefix=f"checkin.{token}",
            claims_bucket=f"CHECKIN_CLAIMS_{token}",
            epoch=secrets.token_hex(8),
        )

    @classmethod
    def from_json(cls, data: bytes) -> Binding:
        try:
            raw = json.loads(data)
            return cls(**{name: str(raw[name]) for name in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError):
            raise HubError(
                "the hub holds an event binding this version of checkin cannot read: "
                "upgrade checkin on this desk"
            ) from None

    def to_json(self) -> bytes:
        return json.dumps(asdict(self)).encode()

    def subject(self, kind: str) -> str:
        return f"{self.subject_prefix}.{kind}"

    @property
    def all_subjects(self) -> str:
        return f"{self.subject_prefix}.>"


class Revocation:
    """Tells whether the hub revoked this desk, from the permission errors it sends.

    A hub keeps a revoked desk's user, allowed nothing
    (``checkin.sync.hub.desks.revoke_desk``), so the desk still logs in.  Every
    desk of its own may subscribe to its own inbox, and the shared user may
    subscribe anywhere; so "permissions violation for subscription" to this
    desk's inbox can only mean the hub revoked it.  ``connect`` subscribes
    there first and waits for the hub's answer, and a running connection
    watches for the same error when the hub reloads its users.
    """

    def __init__(
        self, credentials: Credentials, on_revoked: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.user = credentials.user
        self.inbox = credentials.inbox_prefix.lower()
        self.on_revoked = on_revoked
        self.revoked = False

    @property
    def probe_subject(self) -> str:
        return f"{INBOX_ROOT}.{self.user}.revocation-check"

    def error(self, where: str) -> DeskRevokedError:
        return DeskRevokedError(
            f"the hub at {where} revoked this desk's credentials (desk {self.user}): "
            f"ask the organiser for a new credentials file ('checkin hub --add-desk "
            f"{self.user}' on the hub machine)"
        )

    async def on_error(self, error: Exception) -> None:
        text = str(error).lower()
        if "permissions violation for subscription" in text and f'"{self.inbox}.' in text:
            first = not self.revoked
            self.revoked = True
            if first and self.on_revoked is not None:
                await self.on_revoked()
            return
        log.debug("hub connection: %r", error)


def _is_auth_error(error: BaseException) -> bool:
    text = str(error).lower()
    return "authorization" in text or "authentication" in text or "permissions" in text


async def connect(
    urls: list[str],
    credentials: Credentials,
    *,
    name: str = "checkin desk",
    timeout: float = CONNECT_TIMEOUT_S,
    on_lost: Callable[[], Awaitable[None]] | None = None,
    revocation: Revocation | None = None,
) -> NATS:
    """Connect to the first hub URL that answers; errors are mapped to what the user can fix.

    The client does not reconnect on its own: the sync engine starts a new
    session after any loss, from what its store has kept, which is simpler
    to reason about than a connection that resumes half-way.  A desk that
    the hub revoked is told so (``Revocation``), whatever it connects for.
    """
    revocation = revocation or Revocation(credentials)
    auth_failed: BaseException | None = None
    tls_failed: BaseException | None = None
    last: BaseException | None = None
    pinned = client_context(credentials.ca) if credentials.ca else None
    for url in urls:
        tls = pinned
        if tls is not None and url.startswith("nats://"):
            url = "tls://" + url[len("nats://") :]
        elif tls is None and url.startswith("tls://"):
            tls = ssl.create_default_context()  # fails on a hub's own certificate: says so
        try:
            nc = await asyncio.wait_for(
                nats.connect(
                    servers=[url],
                    tls=tls,
                    tls_handshake_first=tls is not None,
                    user=credentials.user,
                    password=credentials.password,
                    name=name,
                    inbox_prefix=credentials.inbox_prefix,
                    allow_reconnect=False,
                    max_reconnect_attempts=1,
                    reconnect_time_wait=0.05,
                    connect_timeout=timeout,
                    ping_interval=PING_INTERVAL_S,
                    max_outstanding_pings=MAX_OUTSTANDING_PINGS,
                    error_cb=revocation.on_error,
                    disconnected_cb=on_lost,
                    closed_cb=on_lost,
                ),
                timeout + 1.0,
            )
            await _check_not_revoked(nc, revocation, url, timeout)
            return nc
        except nats.errors.Error as error:
            if "invalid connect url" in str(error):
                raise HubAddressError(f"{url!r} is not a hub address") from None
            if _is_auth_error(error):
                auth_failed = error
            last = error
        except ssl.SSLError as error:
            tls_failed = last = error
        except (TimeoutError, OSError) as error:
            last = error
    where = ", ".join(urls)
    if tls_failed is not None:
        raise HubTLSError(
            f"the hub at {where} did not prove it is this venue's hub ({tls_failed}): copy "
            "the credentials file written by this hub's 'checkin hub --tls' to this machine"
        )
    if auth_failed is not None:
        raise HubAuthError(
            f"the hub at {where} refused this desk's credentials: use the credentials "
            "file written by this hub's 'checkin hub' (a hub started in a new folder "
            "makes new ones)"
        )
    reason = f" ({last})" if last is not None and str(last) else ""
    raise HubUnreachable(
        f"cannot reach the hub at {where}{reason}: check that 'checkin hub' is running "
        "there and that this machine is on the venue network"
    )


async def _check_not_revoked(nc: NATS, revocation: Revocation, url: str, timeout: float) -> None:
    """Subscribe to this desk's inbox and wait for the hub: a refusal means it was revoked.

    The hub answers a subscription in order: its permissions error (if any)
    comes before the PONG that ends ``flush``, and the client handles it on
    the way, so the flag is set by the time ``flush`` returns.
    """
    try:
        probe = await nc.subscribe(revocation.probe_subject)
        await nc.flush(max(1, round(timeout)))
        if not revocation.revoked:
            await probe.unsubscribe()
    except BaseException:
        await _close_quietly(nc)
        raise
    if revocation.revoked:
        await _close_quietly(nc)
        raise revocation.error(url)


def _unavailable(error: BaseException) -> HubError:
    return HubError(
        f"the hub's storage is not ready ({type(error).__name__}: {error}); "
        "a clustered hub may still be electing a leader: try again in a few seconds"
    )


class HubLink:
    """An open connection to the hub with the event's stream and buckets ready."""

    def __init__(self, nc: NATS, binding: Binding, claims: KeyValue, replicas: int) -> None:
        self.nc = nc
        self.js: JetStreamContext = nc.jetstream(timeout=API_TIMEOUT_S)
        self.binding = binding
        self.claims = claims
        self.replicas = replicas
        self.revocation: Revocation | None = None

    def revoked_error(self) -> DeskRevokedError | None:
        """Why the session must end, if the hub revoked this desk while it was connected."""
        revocation = self.revocation
        if revocation is None or not revocation.revoked:
            return None
        return revocation.error(self.url or "the hub")

    @classmethod
    async def open(
        cls,
        urls: list[str],
        credentials: Credentials,
        event: Event | None,
        *,
        name: str = "checkin desk",
        on_lost: Callable[[], Awaitable[None]] | None = None,
    ) -> HubLink:
        # Revoked while connected: the session ends as if the connection were lost,
        # and the engine asks ``revoked_error`` why.
        revocation = Revocation(credentials, on_lost)
        nc = await connect(urls, credentials, name=name, on_lost=on_lost, revocation=revocation)
        try:
            js = nc.jetstream(timeout=API_TIMEOUT_S)
            binding, replicas = await _bind(js, event)
            await _ensure_stream(js, binding, replicas)
            claims = await _ensure_bucket(js, binding.claims_bucket, replicas)
        except BaseException as error:
            await _close_quietly(nc)
            if revocation.revoked and isinstance(error, Exception):
                # Revoked while binding: the hub's refusal is the reason, not a timeout.
                raise revocation.error(", ".join(urls)) from None
            raise
        link = cls(nc, binding, claims, replicas)
        link.revocation = revocation
        return link

    async def close(self) -> None:
        await _close_quietly(self.nc)

    @property
    def url(self) -> str:
        url = self.nc.connected_url
        return "" if url is None else f"{url.scheme}://{url.hostname}:{url.port}"

    def discovered_urls(self) -> list[str]:
        """Other hubs of the cluster that this hub told us about."""
        return [f"nats://{u.hostname}:{u.port}" for u in self.nc.discovered_servers]

    async def stream_info(self) -> StreamInfo:
        return await self.js.stream_info(self.binding.stream)


async def _close_quietly(nc: NATS) -> None:
    try:
        await asyncio.wait_for(nc.close(), 2.0)
    except (TimeoutError, nats.errors.Error, OSError):
        log.debug("closing the hub connection did not finish cleanly")


async def _bind(js: JetStreamContext, event: Event | None) -> tuple[Binding, int]:
    hub_bucket, replicas = await _ensure_bucket_replicas(js, HUB_BUCKET)
    binding: Binding | None = None
    try:
        binding = Binding.from_json((await hub_bucket.get(BINDING_KEY)).value or b"")
    except nats.js.errors.KeyNotFoundError:
        binding = None
    except (nats.errors.TimeoutError, nats.js.errors.ServiceUnavailableError) as error:
        raise _unavailable(error) from None
    if binding is None:
        if event is None:
            raise HubEmptyError(
                "the hub serves no event yet: run 'checkin sync' first on a desk that holds "
                "the event (made with 'checkin init' or 'checkin demo')"
            )
        proposed = Binding.for_event(event)
        try:
            await hub_bucket.create(BINDING_KEY, proposed.to_json())
            log.info("bound the hub to event %s (%s)", event.name, event.id)
            binding = proposed
        except nats.js.errors.KeyWrongLastSequenceError:
            # Another desk bound it first: read what it chose.
            binding = Binding.from_json((await hub_bucket.get(BINDING_KEY)).value or b"")
    if event is not None and binding.event_id != event.id:
        raise WrongEventError(
            f"this desk holds the event {event.name!r} but the hub serves "
            f"{binding.event_name!r}: connect to that event's hub, or start a new hub "
            "(checkin hub --dir NEW_FOLDER) for this event"
        )
    return binding, replicas


async def served_binding(urls: list[str], credentials: Credentials) -> Binding | None:
    """The event a running hub serves, or None when no desk has bound it yet."""
    nc = await connect(urls, credentials, name="checkin hub admin")
    try:
        js = nc.jetstream(timeout=API_TIMEOUT_S)
        try:
            bucket = await js.key_value(HUB_BUCKET)
            return Binding.from_json((await bucket.get(BINDING_KEY)).value or b"")
        except (nats.js.errors.BucketNotFoundError, nats.js.errors.KeyNotFoundError):
            return None
        except (nats.errors.TimeoutError, nats.js.errors.ServiceUnavailableError) as error:
            raise _unavailable(error) from None
    finally:
        await _close_quietly(nc)


async def _with_replicas(create: Callable[[int], Awaitable[Any]]) -> int:
    """Create with three replicas on a cluster, one on a single hub; returns the count used."""
    try:
        await create(3)
        return 3
    except nats.js.errors.APIError as error:
        if error.err_code != ERR_REPLICAS_NOT_CLUSTERED:
            raise
    await create(1)
    return 1


@contextmanager
def _keeping(what: str) -> Iterator[None]:
    """The hub's answers to setting up ``what`` (a bucket, the stream) as the sync's errors."""
    try:
        yield
    except (
        nats.errors.TimeoutError,
        nats.errors.NoRespondersError,
        nats.js.errors.ServiceUnavailableError,
    ) as error:
        raise _unavailable(error) from None
    except nats.js.errors.APIError as error:
        raise HubError(f"the hub refused to keep {what}: {error}") from None


async def _ensure_bucket_replicas(js: JetStreamContext, bucket: str) -> tuple[KeyValue, int]:
    with _keeping(f"the {bucket} bucket"):
        try:
            kv = await js.key_value(bucket)
            info = await js.stream_info(f"KV_{bucket}")
            return kv, info.config.num_replicas or 1
        except nats.js.errors.BucketNotFoundError:
            pass
        replicas = await _with_replicas(
            lambda r: js.create_key_value(bucket=bucket, history=1, replicas=r)
        )
        return await js.key_value(bucket), replicas


async def _ensure_bucket(js: JetStreamContext, bucket: str, replicas: int) -> KeyValue:
    with _keeping(f"the {bucket} bucket"):
        try:
            return await js.key_value(bucket)
        except nats.js.errors.BucketNotFoundError:
            return await js.create_key_value(bucket=bucket, history=1, replicas=replicas)


def stream_config(binding: Binding, replicas: int) -> StreamConfig:
    """Every fact kept: no limits, no purges; duplicates dropped by fact id.

    Single messages may be deleted, only so that a purge can erase personal
    data (``checkin.sync.erase``); desks' own users are not allowed to
    (``checkin.sync.hub.desks``).  A stream cannot be changed to allow it
    later, so streams made before this keep refusing.
    """
    return StreamConfig(
        name=binding.stream,
        description=f"check-in facts of {binding.event_name}",
        subjects=[binding.all_subjects],
        storage=StorageType.FILE,
        num_replicas=replicas,
        duplicate_window=DUPLICATE_WINDOW_S,
        deny_delete=False,
        deny_purge=True,
        allow_direct=True,
    )


async def _ensure_stream(js: JetStreamContext, binding: Binding, replicas: int) -> None:
    with _keeping("the event's stream"):
        try:
            await js.stream_info(binding.stream)
            return
        except nats.js.errors.NotFoundError:
            pass
        await js.add_stream(stream_config(binding, replicas))
        log.info("created stream %s with %d replica(s)", binding.stream, replicas)
