"""Headcounts, as the design defines them, computed in SQL (through ``checkin.read_model``).

checked in: distinct attendees with at least one accepted entry;
inside now: attendees whose latest accepted scan (in fact order) is an entry.
Both are counts over the per-attendee ``presence`` table (one row per person
who ever passed), never over the scan log, so they stay fast at a million
scans and are exact however the scans were merged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from checkin import read_model
from checkin.store import Store
from checkin.timeutil import iso

BUCKET_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class GateCount:
    checked_in: int  # first entry through this gate
    inside: int  # inside now, having last come in through this gate
    entries: int  # accepted entry scans here
    exits: int  # accepted exit scans here


@dataclass(frozen=True)
class CategoryCount:
    registered: int
    checked_in: int
    inside: int


@dataclass(frozen=True)
class Headcounts:
    event: str
    # The event's id: what 'checkin hub --add-desk NAME --event EVENT_ID' asks for.
    event_id: str
    capacity: int
    registered: int
    checked_in: int
    inside: int
    not_arrived: int
    exits: int
    conflicts: int
    scans: int
    by_status: dict[str, int]
    by_gate: dict[str, GateCount]
    by_category: dict[str, CategoryCount]
    arrivals: list[tuple[str, int]] = field(default_factory=list)

    @property
    def fill(self) -> float:
        return self.inside / self.capacity if self.capacity else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["arrivals"] = [{"start": start, "count": count} for start, count in self.arrivals]
        data["fill"] = round(self.fill, 4)
        return data


def headcounts(store: Store) -> Headcounts:
    event = store.event()
    registered = read_model.registered_count(store)
    checked_in = read_model.checked_in_count(store)
    arrived_registered = read_model.arrived_registered_count(store)

    by_gate: dict[str, GateCount] = {}
    gate_rows = read_model.accepted_by_gate(store)
    first_by_gate = read_model.first_gate_counts(store)
    inside_by_gate = read_model.inside_gate_counts(store)
    for gate in store.gates():
        entries, exits = gate_rows.get(gate.name, (0, 0))
        by_gate[gate.name] = GateCount(
            checked_in=first_by_gate.get(gate.name, 0),
            inside=inside_by_gate.get(gate.name, 0),
            entries=entries,
            exits=exits,
        )

    by_category: dict[str, CategoryCount] = {}
    category_rows = read_model.category_counts(store)
    for category in store.categories():
        reg, arrived, inside_now = category_rows.get(category.name, (0, 0, 0))
        by_category[category.name] = CategoryCount(reg, arrived, inside_now)

    return Headcounts(
        event=event.name,
        event_id=event.id,
        capacity=event.capacity,
        registered=registered,
        checked_in=checked_in,
        inside=store.inside_count(),
        not_arrived=registered - arrived_registered,
        exits=read_model.exits_total(store),
        conflicts=read_model.conflicted_count(store),
        scans=read_model.live_scan_count(store),
        by_status=read_model.status_counts(store),
        by_gate=by_gate,
        by_category=by_category,
        arrivals=arrivals(store),
    )


def arrivals(store: Store, bucket_ms: int = BUCKET_MS) -> list[tuple[str, int]]:
    """First arrivals per time bucket (ISO start of bucket in the event's zone, count)."""
    timezone = store.event().timezone
    return [
        (iso(bucket, timezone), count)
        for bucket, count in read_model.arrival_buckets(store, bucket_ms)
    ]


def inside_series(store: Store, bucket_ms: int = BUCKET_MS) -> list[tuple[str, int]]:
    """Inside-now at the end of each time bucket (``read_model.inside_series``), in ISO time."""
    timezone = store.event().timezone
    return [
        (iso(bucket, timezone), total)
        for bucket, total in read_model.inside_series(store, bucket_ms)
    ]


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Attendees admitted twice without an exit between: two desks that were apart."""
    return conflict_entries(read_model.conflict_rows(store), store.event().timezone)


def conflict_entries(rows: Iterable[tuple[Any, ...]], timezone: str) -> list[dict[str, Any]]:
    """Rows of (attendee, name, double entries, first_at, gate, desk) as JSON-ready dicts."""
    return [
        {
            "attendee": attendee,
            "name": name,
            "double_entries": count,
            "first_at": iso(first_at, timezone) if first_at else None,
            "first_gate": gate,
            "first_desk": desk,
        }
        for attendee, name, count, first_at, gate, desk in rows
    ]
