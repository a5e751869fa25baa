"""Everything the organizer dashboard and the day report show, as one value.

``DashboardFeed`` watches one store and turns it into a ``DashboardSnapshot``:
the headcounts (kept live by ``LiveHeadcounts``), the two time series, the
health of every desk, merged double entries and the red verdicts of the last
hour.  It costs the new facts only, so the window can ask for a snapshot
whenever the file changes; ``changed()`` is the cheap question it asks first
(SQLite's ``data_version`` moves whenever another connection commits).

Time windows (silent desks, scans in the last 15 minutes, the last hour of
red verdicts) are measured against the clock the feed is given, so tests and
a replay of a past day pass a fixed one.
"""

from __future__ import annotations

import bisect
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from checkin import badge_codes, hlc, read_model
from checkin.counts.headcounts import Headcounts, conflict_entries
from checkin.counts.live import LiveHeadcounts
from checkin.model import Category, Color, Event, Status
from checkin.read_model import ScanRow
from checkin.store import Store
from checkin.timeutil import iso, to_millis, utc_now

log = logging.getLogger(__name__)

SILENT_AFTER_MS = 2 * 60 * 1000
RECENT_MS = 15 * 60 * 1000
RED_WINDOW_MS = 60 * 60 * 1000
RED_SHOWN = 200
AMBER_FILL = 0.9

RED_STATUSES = frozenset(status.value for status in Status if status.color is Color.RED)


class FillLevel(StrEnum):
    """How full the venue is, as the gauge colours it."""

    NORMAL = "normal"
    AMBER = "amber"  # 90% of capacity or more
    RED = "red"  # at or over capacity


def fill_level(inside: int, capacity: int) -> FillLevel:
    """Integer comparisons, so 2,700 of 3,000 is amber exactly, not by float luck."""
    if capacity <= 0:
        return FillLevel.RED if inside > 0 else FillLevel.NORMAL
    if inside >= capacity:
        return FillLevel.RED
    if inside * 10 >= capacity * 9:
        return FillLevel.AMBER
    return FillLevel.NORMAL


@dataclass(frozen=True)
class DeskHealth:
    desk: str
    gate: str | None  # where it last scanned
    last_fact_ms: int | None
    scans_recent: int  # in the last 15 minutes
    outbox: int | None  # as the desk last reported it
    camera: str | None
    silent: bool

    def to_json(self, timezone: str) -> dict[str, Any]:
        return {
            "desk": self.desk,
            "gate": self.gate,
            "last_fact": iso(self.last_fact_ms, timezone) if self.last_fact_ms else None,
            "scans_15min": self.scans_recent,
            "outbox": self.outbox,
            "camera": self.camera,
            "silent": self.silent,
        }


@dataclass(frozen=True)
class RedScan:
    at_ms: int
    desk: str
    gate: str
    status: str
    attendee: int | None
    name: str
    code: str  # redacted: a red scan may be someone's valid badge read at the wrong door

    def to_json(self, timezone: str) -> dict[str, Any]:
        return {
            "time": iso(self.at_ms, timezone),
            "desk": self.desk,
            "gate": self.gate,
            "status": self.status,
            "attendee": self.attendee,
            "name": self.name,
            "code": self.code,
        }


@dataclass(frozen=True)
class DashboardSnapshot:
    counts: Headcounts
    event: Event
    categories: tuple[Category, ...]
    now_ms: int  # the moment the time windows are measured to
    taken_ms: int  # wall clock when the snapshot was read
    newest_fact_ms: int | None
    seq: int
    arrivals: list[tuple[int, int]]
    inside_series: list[tuple[int, int]]
    desks: list[DeskHealth]
    conflicts: list[dict[str, Any]]
    red: list[RedScan]
    red_total: int
    red_by_status: dict[str, int] = field(default_factory=dict)

    @property
    def timezone(self) -> str:
        return self.event.timezone

    @property
    def level(self) -> FillLevel:
        return fill_level(self.counts.inside, self.counts.capacity)

    @property
    def silent_desks(self) -> list[str]:
        return [desk.desk for desk in self.desks if desk.silent]

    def to_json(self) -> dict[str, Any]:
        zone = self.timezone
        return {
            "counts": self.counts.to_json(),
            "level": self.level.value,
            "now": iso(self.now_ms, zone),
            "taken": iso(self.taken_ms, zone),
            "newest_fact": iso(self.newest_fact_ms, zone) if self.newest_fact_ms else None,
            "seq": self.seq,
            "arrivals": [{"start": iso(b, zone), "count": n} for b, n in self.arrivals],
            "inside_series": [{"end": iso(b, zone), "inside": n} for b, n in self.inside_series],
            "desks": [desk.to_json(zone) for desk in self.desks],
            "conflicts": self.conflicts,
            "red_last_hour": self.red_total,
            "red_by_status": self.red_by_status,
            "red": [scan.to_json(zone) for scan in self.red],
        }


def _red_order(row: ScanRow) -> tuple[int, int]:
    return (row.at_ms, row.hlc)


def _red_time(row: ScanRow) -> int:
    return row.at_ms


class RecentScans:
    """The last hour of scans in memory: per-desk times, and the red ones.

    Counting scans in the last 15 minutes per desk in SQL reads every recent
    scan row (tens of thousands an hour at a big venue); sorted per-desk
    lists answer it with two bisections, and keeping the red verdicts sorted
    by time lets an hour-old one drop off the front without a scan.
    """

    def __init__(self, horizon_ms: int = RED_WINDOW_MS) -> None:
        self.horizon_ms = horizon_ms
        self.floor_ms = 0
        self.times: dict[str, list[int]] = {}
        self.red: list[ScanRow] = []

    def load(self, store: Store, now_ms: int) -> None:
        self.floor_ms = now_ms - self.horizon_ms
        self.times = {}
        self.red = []
        times = self.times
        for row in read_model.scans_since(store, self.floor_ms):
            desk_times = times.get(row[8])
            if desk_times is None:
                desk_times = times[row[8]] = []
            desk_times.append(row[7])  # in time order already: no insort needed
            if row[4] in RED_STATUSES:
                self.red.append(ScanRow(*row))

    def add(self, rows: Iterable[ScanRow]) -> None:
        for row in rows:
            if row.at_ms <= self.floor_ms:
                continue  # a late fact from long ago: counted in the totals, not here
            bisect.insort(self.times.setdefault(row.desk, []), row.at_ms)
            if row.status in RED_STATUSES:
                bisect.insort(self.red, row, key=_red_order)

    def prune(self, now_ms: int) -> None:
        floor = now_ms - self.horizon_ms
        if floor <= self.floor_ms:
            return
        self.floor_ms = floor
        for times in self.times.values():
            del times[: bisect.bisect_right(times, floor)]
        del self.red[: bisect.bisect_right(self.red, floor, key=_red_time)]

    def count(self, desk: str, since_ms: int, until_ms: int) -> int:
        times = self.times.get(desk, [])
        return bisect.bisect_right(times, until_ms) - bisect.bisect_right(times, since_ms)

    def red_between(self, since_ms: int, until_ms: int, undone: set[str]) -> list[ScanRow]:
        """Newest first."""
        low = bisect.bisect_right(self.red, since_ms, key=_red_time)
        high = bisect.bisect_right(self.red, until_ms, key=_red_time)
        return [row for row in reversed(self.red[low:high]) if row.fact_id not in undone]


def _desk_status(text: str) -> tuple[int | None, str | None, str | None]:
    """(outbox, camera, gate) from a desk's free-form status; anything odd is left out."""
    try:
        body = json.loads(text)
    except ValueError:
        return None, None, None
    if not isinstance(body, dict):
        return None, None, None
    outbox = body.get("outbox")
    camera = body.get("camera")
    gate = body.get("gate")
    return (
        outbox if isinstance(outbox, int) and not isinstance(outbox, bool) else None,
        str(camera)[:40] if isinstance(camera, str) else None,
        str(gate)[:80] if isinstance(gate, str) else None,
    )


def desk_health(store: Store, now_ms: int, recent: RecentScans) -> list[DeskHealth]:
    """Every desk that has scanned or reported, with how long it has been quiet.

    The last fact of a desk is its latest scan (at the desk's own time) or
    status report (at its clock stamp), whichever is later.
    """
    last = read_model.last_scan_per_desk(store)
    reports = read_model.desk_reports(store)
    health = []
    for desk in sorted(last.keys() | reports.keys()):
        scan_ms, gate = last.get(desk, (0, None))
        report_hlc, status = reports.get(desk, (0, "{}"))
        outbox, camera, reported_gate = _desk_status(status)
        newest = max(scan_ms, hlc.millis(report_hlc))
        last_ms = newest or None
        health.append(
            DeskHealth(
                desk=desk,
                gate=gate or reported_gate,
                last_fact_ms=last_ms,
                scans_recent=recent.count(desk, now_ms - RECENT_MS, now_ms),
                outbox=outbox,
                camera=camera,
                silent=last_ms is None or now_ms - last_ms > SILENT_AFTER_MS,
            )
        )
    return health


class DashboardFeed:
    """Snapshots of one store for the dashboard, each costing only what changed.

    Not thread-safe: build it and call it from the thread that owns ``store``.
    """

    def __init__(self, store: Store, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.clock = clock
        self._data_version: int | None = None
        self.recent = RecentScans()
        # One read snapshot, so a scan committed meanwhile is in both or in neither.
        with store.read_snapshot():
            self.live = LiveHeadcounts(store)
            self.recent.load(store, to_millis(clock()))
        self._conflicts: list[dict[str, Any]] = []
        self._conflicted: frozenset[int] | None = None

    def changed(self) -> bool:
        """True when another connection committed since the last snapshot (a cheap pragma)."""
        return self.store.data_version() != self._data_version

    def snapshot(self) -> DashboardSnapshot:
        self._data_version = self.store.data_version()
        now_ms = to_millis(self.clock())
        with self.store.read_snapshot():
            batch = self.live.refresh()
            if batch.reloaded:
                self.recent.load(self.store, now_ms)
            else:
                self.recent.add(batch.scans)
            self.recent.prune(now_ms)
            desks = desk_health(self.store, now_ms, self.recent)
            conflicts = self._conflict_list(batch.touched)
            red_rows = self.recent.red_between(now_ms - RED_WINDOW_MS, now_ms, self.live.undone_ids)
            red = self._red_scans(red_rows[:RED_SHOWN])
            newest = self.store.newest_hlc()
        red_by_status: dict[str, int] = {}
        for row in red_rows:
            red_by_status[row.status] = red_by_status.get(row.status, 0) + 1
        return DashboardSnapshot(
            counts=self.live.headcounts(),
            event=self.live.event,
            categories=tuple(self.live.category_defs),
            now_ms=now_ms,
            taken_ms=to_millis(utc_now()),
            newest_fact_ms=hlc.millis(newest) if newest else None,
            seq=self.live.seq,
            arrivals=self.live.arrivals(),
            inside_series=self.live.inside_series(),
            desks=desks,
            conflicts=conflicts,
            red=red,
            red_total=len(red_rows),
            red_by_status=dict(sorted(red_by_status.items())),
        )

    def _conflict_list(self, touched: set[int]) -> list[dict[str, Any]]:
        """The same rows as ``checkin.counts.headcounts.conflicts``, re-read only when they may differ."""
        conflicted = frozenset(self.live.conflicted)
        if conflicted == self._conflicted and not (touched & conflicted):
            return self._conflicts
        self._conflicted = conflicted
        rows = read_model.conflict_rows_of(self.store, conflicted)
        self._conflicts = conflict_entries(rows, self.live.event.timezone)
        return self._conflicts

    def _red_scans(self, rows: list[ScanRow]) -> list[RedScan]:
        numbers = sorted({row.attendee for row in rows if row.attendee is not None})
        names = read_model.attendee_names(self.store, numbers)
        codes = read_model.scan_codes(self.store, [row.fact_id for row in rows])
        return [
            RedScan(
                at_ms=row.at_ms,
                desk=row.desk,
                gate=row.gate,
                status=row.status,
                attendee=row.attendee,
                name=names.get(row.attendee, "") if row.attendee is not None else "",
                code=badge_codes.redact(codes.get(row.fact_id, "")),
            )
            for row in rows
        ]


def report_snapshot(store: Store, now: datetime | None = None) -> DashboardSnapshot:
    """One snapshot of the store, for the day report and ``checkin report --json``."""
    moment = now or utc_now()
    return DashboardFeed(store, clock=lambda: moment).snapshot()
