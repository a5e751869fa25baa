"""Background sync for a window: join the hub when new, then sync on a thread while it runs.

The kiosk, the badge station and the dashboard start sync the same way: the
hub's URL comes from ``--hub`` or else the credentials file, a store that
does not exist yet joins the event first (taking the event and the roster
from the hub), and a ``BackgroundSync`` keeps it in step.  Its states arrive
on the sync thread before the window exists; ``SyncRelay`` keeps the latest
and hands each one to the window's typed ``Signal(SyncState)``, whose emit
Qt queues to the window's thread.  Nothing here imports Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from checkin.sync import BackgroundSync, SyncState


class SyncRelay:
    """Hands sync states from the sync thread to the window, once it exists."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._target: Callable[[SyncState], None] | None = None
        self.latest: SyncState | None = None

    def __call__(self, state: SyncState) -> None:
        with self._lock:
            self.latest = state
            target = self._target
        if target is not None:
            target(state)

    def attach(self, target: Callable[[SyncState], None]) -> None:
        """Send every state from now on to ``target``, starting with the latest one heard."""
        with self._lock:
            self._target = target
            latest = self.latest
        if latest is not None:
            target(latest)


def start_sync(
    db_path: Path, hub: str | None, creds: Path, *, desk: str | None = None
) -> tuple[BackgroundSync, SyncRelay]:
    """Join (when ``db_path`` does not exist yet) and start syncing it in the background.

    ``desk`` names the store a join makes (default: a random desk id).  The
    caller stops the returned sync when its window closes.
    """
    from checkin.sync import BackgroundSync, Credentials, parse_hub_urls, sync_once

    credentials = Credentials.load(creds)
    text = hub or credentials.hub
    if not text:
        raise click.UsageError("give --hub nats://HOST:PORT (as printed by 'checkin hub')")
    urls = parse_hub_urls(text)
    if not db_path.exists():
        sync_once(db_path, urls, credentials, desk=desk)
    relay = SyncRelay()
    sync = BackgroundSync(db_path, urls, credentials, on_state=relay)
    sync.start()
    return sync, relay
