"""The few numbers a desk's counter strip shows, cheap enough to ask after every scan.

``stats.headcounts`` answers the dashboard's questions (per gate, per
category, over time); a desk needs four numbers and asks after each scan,
so they get their own small queries over the presence projection and the
desk's recent scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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
    checked_in, inside = store.conn.execute(
        "SELECT count(*) FILTER (WHERE first_at IS NOT NULL), "
        "coalesce(sum(inside), 0) FROM presence"
    ).fetchone()
    since = to_millis(now - recent)
    desk_scans = store.conn.execute(
        "SELECT count(*) FROM scans WHERE desk = ? AND at_ms >= ? AND at_ms <= ? AND undone = 0",
        (desk, since, to_millis(now)),
    ).fetchone()[0]
    return DeskCounts(
        checked_in=int(checked_in),
        inside=int(inside),
        capacity=store.event().capacity,
        desk_scans=int(desk_scans),
        outbox=store.outbox_size(),
    )
