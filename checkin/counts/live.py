"""Headcounts kept up to date from the fact log, at the cost of the new facts only.

``checkin.counts.headcounts.headcounts`` recomputes everything in SQL: fine for 3,000
people, but about a second and a half at 100,000 attendees and a million
scans, which is too slow to redraw a dashboard whenever a fact lands.
``LiveHeadcounts`` loads the same numbers once, then reads only the facts
with a local sequence number above the last one it saw and adjusts its
counters for the attendees those facts touched.

It stays exact because it never guesses what a fact does: it lets the
store's projection apply the fact as usual, then re-reads the projected rows
of each touched attendee (presence, attendee record, accepted scans) and
swaps that attendee's old contribution for the new one.  A fact that
arrives late by clock is still a new sequence number here, so merges after
a partition are picked up like any other write.  ``headcounts()`` returns
the same ``Headcounts`` as ``checkin.counts.headcounts.headcounts`` on the same store.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checkin import read_model
from checkin.counts.headcounts import BUCKET_MS, CategoryCount, GateCount, Headcounts
from checkin.facts import Kind, order_key
from checkin.model import AttendeeState, Direction
from checkin.read_model import ScanRow
from checkin.store import Store
from checkin.timeutil import iso

log = logging.getLogger(__name__)

_CANCELLED = AttendeeState.CANCELLED.value
_ENTRY = Direction.ENTRY.value
_DEFINITIONS = frozenset({Kind.EVENT_CREATED, Kind.CATEGORY_DEFINED, Kind.GATE_DEFINED})
_ATTENDEE_FACTS = frozenset({Kind.ATTENDEE_REGISTERED, Kind.ATTENDEE_UPDATED})


_Presence = read_model.PresenceCounts


@dataclass
class Batch:
    """What one refresh read: the new scans and what else changed."""

    seq: int
    scans: list[ScanRow] = field(default_factory=list)
    newly_undone: set[str] = field(default_factory=set)
    touched: set[int] = field(default_factory=set)
    definitions: bool = False
    desk_status: bool = False
    reloaded: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.scans or self.newly_undone or self.touched or self.definitions or self.desk_status
        )


def _scan_key(row: ScanRow) -> tuple[str, str, str, int]:
    return (row.gate, row.direction, row.status, row.accepted)


def series_deltas(rows: Iterable[ScanRow], bucket_ms: int) -> Iterator[tuple[int, int]]:
    """(bucket, change in inside-now) for one attendee's accepted scans in fact order.

    Mirrors ``checkin.counts.headcounts.inside_series``: an entry counts only when the
    person was out (or never seen), an exit only when they were in; every
    scan yields a pair, zero or not, so that its bucket shows up.
    """
    before: str | None = None
    for row in rows:
        if row.direction == _ENTRY:
            delta = 1 if before in (None, "exit") else 0
        else:
            delta = -1 if before == _ENTRY else 0
        before = row.direction
        yield (row.at_ms // bucket_ms) * bucket_ms, delta


def _fact_order(row: ScanRow) -> tuple[int, str, str]:
    return order_key(row.hlc, row.desk, row.fact_id)


class LiveHeadcounts:
    """Headcounts of one store, refreshed from the facts added since the last look.

    Not thread-safe: use it from the thread that owns ``store``.
    """

    def __init__(self, store: Store, *, bucket_ms: int = BUCKET_MS) -> None:
        self.store = store
        self.bucket_ms = bucket_ms
        self.seq = -1
        self.event_id = ""
        self.load()

    # -- loading ------------------------------------------------------------

    def load(self) -> None:
        """Compute every counter from scratch (at start, or when the log shrank)."""
        with self.store.read_snapshot():
            self._load()

    def _load(self) -> None:
        store = self.store
        self.seq = store.last_seq()
        self._load_definitions()
        self._attendees: dict[int, tuple[str, bool]] = {}
        self._presence: dict[int, _Presence] = {}
        self.registered = 0
        self.checked_in = 0
        self.arrived_registered = 0
        self.inside = 0
        self.exits = 0
        self.conflicted: set[int] = set()
        self.registered_by_category: Counter[str] = Counter()
        self.checked_in_by_category: Counter[str] = Counter()
        self.inside_by_category: Counter[str] = Counter()
        self.first_by_gate: Counter[str] = Counter()
        self.inside_by_gate: Counter[str] = Counter()
        self.arrival_buckets: Counter[int] = Counter()
        for number, category, state in read_model.attendee_categories(store):
            self._attendees[number] = (category, state != _CANCELLED)
        self._presence.update(read_model.presence_counts(store))
        for number in self._attendees.keys() | self._presence.keys():
            self._account(number, 1)

        self.scans_all: Counter[tuple[str, str, str, int]] = Counter()
        self.scans_undone: Counter[tuple[str, str, str, int]] = Counter()
        self.undone_ids: set[str] = set()
        for gate, direction, status, accepted, count in read_model.scan_kind_counts(store):
            self.scans_all[(gate, direction, status, accepted)] = count
        for scan in read_model.undone_scans(store):
            self.undone_ids.add(scan.fact_id)
            self.scans_undone[_scan_key(scan)] += 1
        self._load_series()

    def _load_series(self) -> None:
        """Inside-now changes per bucket, in one pass over the accepted scans.

        The same walk as ``series_deltas``, inlined: at a million scans the
        per-row overhead of building tuples is most of the window's start-up.
        """
        bucket_ms = self.bucket_ms
        scans: Counter[int] = Counter()
        deltas: Counter[int] = Counter()
        current: int | None = None
        before: str | None = None
        for attendee, direction, at_ms in read_model.accepted_walk(self.store):
            if attendee != current:
                current, before = attendee, None
            bucket = at_ms // bucket_ms * bucket_ms
            scans[bucket] += 1
            if direction == _ENTRY:
                if before != _ENTRY:
                    deltas[bucket] += 1
            elif before == _ENTRY:
                deltas[bucket] -= 1
            before = direction
        self.series_scans = scans
        self.series_delta = deltas

    def _load_definitions(self) -> None:
        store = self.store
        self.event = store.event()
        self.gates = [gate.name for gate in store.gates()]
        self.category_defs = store.categories()
        self.categories = [category.name for category in self.category_defs]

    # -- accounting -----------------------------------------------------------

    def _account(self, number: int, sign: int) -> None:
        """Add (sign 1) or remove (sign -1) what one attendee contributes to the counters."""
        person = self._attendees.get(number)
        presence = self._presence.get(number)
        if person is not None:
            category, active = person
            if active:
                self.registered += sign
                self.registered_by_category[category] += sign
        if presence is None:
            return
        arrived = presence.first_at is not None
        if arrived:
            self.checked_in += sign
            self.first_by_gate[presence.first_gate or ""] += sign
            self.arrival_buckets[(presence.first_at or 0) // self.bucket_ms * self.bucket_ms] += (
                sign
            )
        if presence.inside:
            self.inside += sign
            self.inside_by_gate[presence.last_gate or ""] += sign
        self.exits += sign * presence.exits
        if presence.conflicts > 0:
            if sign > 0:
                self.conflicted.add(number)
            else:
                self.conflicted.discard(number)
        if person is not None:
            category, active = person
            if arrived:
                self.checked_in_by_category[category] += sign
                if active:
                    self.arrived_registered += sign
            if presence.inside:
                self.inside_by_category[category] += sign

    def _add_series(self, rows: list[ScanRow], sign: int) -> None:
        for bucket, delta in series_deltas(rows, self.bucket_ms):
            self.series_scans[bucket] += sign
            self.series_delta[bucket] += sign * delta

    # -- refreshing -----------------------------------------------------------

    def refresh(self) -> Batch:
        """Take in the facts added since the last look; returns what changed."""
        with self.store.read_snapshot():
            top = self.store.last_seq()
            if top < self.seq or self.store.event().id != self.event.id:
                log.info("fact log of %s changed under us; reloading", self.store.path)
                self._load()
                return Batch(seq=self.seq, reloaded=True)
            batch = Batch(seq=top)
            if top == self.seq:
                return batch
            self._read_batch(batch, self.seq, top)
            self._apply_batch(batch)
            self.seq = top
        return batch

    def _read_batch(self, batch: Batch, after: int, upto: int) -> None:
        store = self.store
        batch.scans = read_model.scans_recorded_between(store, after, upto)
        undone_refs: list[str] = []
        for kind, body in store.fact_bodies_between(after, upto, except_kind=Kind.SCAN_RECORDED):
            if kind in _DEFINITIONS:
                batch.definitions = True
            elif kind in _ATTENDEE_FACTS:
                batch.touched.add(int(json.loads(body)["number"]))
            elif kind == Kind.SCAN_UNDONE:
                undone_refs.append(str(json.loads(body)["scan"]))
            elif kind == Kind.DESK_STATUS:
                batch.desk_status = True
        for scan in batch.scans:
            if scan.attendee is not None and scan.accepted:
                batch.touched.add(scan.attendee)
            if scan.undone and scan.fact_id not in self.undone_ids:
                batch.newly_undone.add(scan.fact_id)
        for scan_id in undone_refs:
            target = read_model.scan(store, scan_id)
            if target is None:  # the undo came before its scan: counted when the scan lands
                continue
            if target.undone and target.fact_id not in self.undone_ids:
                batch.newly_undone.add(target.fact_id)
                if target.attendee is not None and target.accepted:
                    batch.touched.add(target.attendee)

    def _apply_batch(self, batch: Batch) -> None:
        store = self.store
        if batch.definitions:
            self._load_definitions()
        new_ids = {scan.fact_id for scan in batch.scans}
        for scan in batch.scans:
            self.scans_all[_scan_key(scan)] += 1
        for number in batch.touched:
            rows = read_model.accepted_scans_of(store, number)
            rows.sort(key=_fact_order)
            before = [
                r for r in rows if r.fact_id not in new_ids and r.fact_id not in self.undone_ids
            ]
            self._add_series(before, -1)
            self._add_series([r for r in rows if not r.undone], 1)
        if batch.newly_undone:
            for scan in read_model.scans_by_id(store, batch.newly_undone):
                self.scans_undone[_scan_key(scan)] += 1
            self.undone_ids |= batch.newly_undone
        for number in batch.touched:
            self._account(number, -1)
            person = read_model.attendee_category(store, number)
            if person is None:
                self._attendees.pop(number, None)
            else:
                self._attendees[number] = (person[0], person[1] != _CANCELLED)
            presence = read_model.presence_counts_of(store, number)
            if presence is None:
                self._presence.pop(number, None)
            else:
                self._presence[number] = presence
            self._account(number, 1)

    # -- reading --------------------------------------------------------------

    def _live_scans(self) -> Counter[tuple[str, str, str, int]]:
        live = Counter(self.scans_all)
        live.subtract(self.scans_undone)
        return Counter({key: count for key, count in live.items() if count > 0})

    def headcounts(self) -> Headcounts:
        """The same value as ``checkin.counts.headcounts.headcounts`` on the store as last refreshed."""
        live = self._live_scans()
        entries: Counter[str] = Counter()
        exits: Counter[str] = Counter()
        by_status: Counter[str] = Counter()
        for (gate, direction, status, accepted), count in live.items():
            by_status[status] += count
            if accepted:
                (entries if direction == _ENTRY else exits)[gate] += count
        by_gate = {
            name: GateCount(
                checked_in=self.first_by_gate[name],
                inside=self.inside_by_gate[name],
                entries=entries[name],
                exits=exits[name],
            )
            for name in self.gates
        }
        by_category = {
            name: CategoryCount(
                self.registered_by_category[name],
                self.checked_in_by_category[name],
                self.inside_by_category[name],
            )
            for name in self.categories
        }
        return Headcounts(
            event=self.event.name,
            event_id=self.event.id,
            capacity=self.event.capacity,
            registered=self.registered,
            checked_in=self.checked_in,
            inside=self.inside,
            not_arrived=self.registered - self.arrived_registered,
            exits=self.exits,
            conflicts=len(self.conflicted),
            scans=sum(live.values()),
            by_status=dict(sorted(by_status.items())),
            by_gate=by_gate,
            by_category=by_category,
            arrivals=[(iso(start, self.event.timezone), n) for start, n in self.arrivals()],
        )

    def arrivals(self) -> list[tuple[int, int]]:
        """First arrivals per bucket: (bucket start in epoch ms, count)."""
        return sorted((start, n) for start, n in self.arrival_buckets.items() if n > 0)

    def inside_series(self) -> list[tuple[int, int]]:
        """Inside-now at the end of each bucket: (bucket start in epoch ms, count)."""
        series = []
        total = 0
        for bucket in sorted(b for b, n in self.series_scans.items() if n > 0):
            total += self.series_delta[bucket]
            series.append((bucket, total))
        return series

    def to_json(self) -> dict[str, Any]:
        return self.headcounts().to_json()
