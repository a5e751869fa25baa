"""Multi-desk sync over NATS JetStream: every desk and the dashboard converge on the same facts.

Each desk decides and records locally, keeps an outbox of facts the hub has
not acknowledged, publishes it when connected (the fact id is the message
id, so a fact sent twice is kept once), and applies the event's stream from
the last sequence it has applied.  While the hub is reachable, an entry is
also claimed at the hub so that two desks scanning one badge at the same
moment admit the person once.  Nothing here imports Qt.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from checkin.sync.errors import (
    CredentialsError,
    HubAddressError,
    HubAuthError,
    HubEmptyError,
    HubError,
    HubSetupError,
    HubTLSError,
    HubUnreachable,
    SyncError,
    WrongEventError,
)

if TYPE_CHECKING:
    from checkin.sync.address import Credentials, parse_hub_urls
    from checkin.sync.background import BackgroundSync
    from checkin.sync.engine import Syncer, SyncReport, SyncState, run_sync, sync_once
    from checkin.sync.hub.process import HubServer
    from checkin.sync.hub.settings import HubSettings

# The NATS client takes a tenth of a second to import: load it only when used,
# so registering the commands keeps ``checkin --version`` quick.
_LAZY = {
    "Credentials": "checkin.sync.address",
    "parse_hub_urls": "checkin.sync.address",
    "BackgroundSync": "checkin.sync.background",
    "SyncReport": "checkin.sync.engine",
    "SyncState": "checkin.sync.engine",
    "Syncer": "checkin.sync.engine",
    "run_sync": "checkin.sync.engine",
    "sync_once": "checkin.sync.engine",
    "HubServer": "checkin.sync.hub.process",
    "HubSettings": "checkin.sync.hub.settings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'checkin.sync' has no attribute {name!r}")


__all__ = [
    "BackgroundSync",
    "Credentials",
    "CredentialsError",
    "HubAddressError",
    "HubAuthError",
    "HubEmptyError",
    "HubError",
    "HubServer",
    "HubSettings",
    "HubSetupError",
    "HubTLSError",
    "HubUnreachable",
    "SyncError",
    "SyncReport",
    "SyncState",
    "Syncer",
    "WrongEventError",
    "parse_hub_urls",
    "run_sync",
    "sync_once",
]
