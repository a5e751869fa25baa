"""The few numbers a desk's counter strip shows, cheap enough to ask after every scan.

``stats.headcounts`` answers the dashboard's questions (per gate, per
category, over time); a desk needs four numbers and asks after each scan,
so they get their own small queries over the presence projection and the
desk's recent scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from checkin import read_model
from checkin.store import Store
from checkin.timeutil import to_millis

RECENT = timedelta(minutes=15)


@dataclass(frozen=True)
class DeskCounts:
    checked_in: int
    inside: int
    capacity: int
    desk_scans: int  # this desk's scans (not undone) in the last ``RECENT``
    outbox: int  # facts written here and not yet acknowledged by the hub


def desk_counts(store: Store, desk: str, now: datetime, recent: timedelta = RECENT) -> DeskCounts:
    checked_in, inside = read_model.checked_in_and_inside(store)
    desk_scans = read_model.desk_scan_count(store, desk, to_millis(now - recent), to_millis(now))
    return DeskCounts(
        checked_in=checked_in,
        inside=inside,
        capacity=store.event().capacity,
        desk_scans=desk_scans,
        outbox=store.outbox_size(),
    )
