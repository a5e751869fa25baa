"""The sync's state in a few words, for the status line of a desk (kiosk or badge station).

One wording for every desk, so a supervisor walking past reads the same
"connected · 0 to send" everywhere.  The strings live in the kiosk's
catalog (context ``Kiosk``); every window installs all catalogs, so the
badge station shows them in its own language too.
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QCoreApplication

from checkin.sync.engine import SyncState

translate = QCoreApplication.translate


def sync_text(state: SyncState | None, zone: tzinfo) -> str:
    """``state`` is the last one heard from the background sync; None when not syncing.

    The time is on the event's clock (``zone``), as every verdict shows it,
    not in the laptop's own zone.
    """
    if state is None:
        return translate("Kiosk", "Sync: local only")
    if state.connected:
        last = state.last_sync
        when = last.astimezone(zone).strftime("%H:%M:%S") if last else ""
        return translate("Kiosk", "Sync: connected · {n} to send · {time}").format(
            n=state.pending, time=when
        )
    return translate("Kiosk", "Sync: hub unreachable · {n} waiting").format(n=state.pending)
