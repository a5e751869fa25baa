"""Headcounts, as the design defines them, computed in SQL.

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


def _scalar(store: Store, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(store.conn.execute(sql, params).fetchone()[0] or 0)


def headcounts(store: Store) -> Headcounts:
    event = store.event()
    conn = store.conn
    registered = _scalar(store, "SELECT count(*) FROM attendees WHERE state != 'cancelled'")
    checked_in = _scalar(store, "SELECT count(*) FROM presence WHERE first_at IS NOT NULL")
    arrived_registered = _scalar(
        store,
        "SELECT count(*) FROM presence JOIN attendees ON number = attendee "
        "WHERE first_at IS NOT NULL AND state != 'cancelled'",
    )

    by_gate: dict[str, GateCount] = {}
    gate_rows = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT gate, sum(direction = 'entry'), sum(direction = 'exit') FROM scans "
            "WHERE accepted = 1 AND undone = 0 GROUP BY gate"
        )
    }
    first_by_gate = dict(
        conn.execute(
            "SELECT first_gate, count(*) FROM presence WHERE first_at IS NOT NULL GROUP BY 1"
        )
    )
    inside_by_gate = dict(
        conn.execute("SELECT last_gate, count(*) FROM presence WHERE inside = 1 GROUP BY 1")
    )
    for gate in store.gates():
        entries, exits = gate_rows.get(gate.name, (0, 0))
        by_gate[gate.name] = GateCount(
            checked_in=first_by_gate.get(gate.name, 0),
            inside=inside_by_gate.get(gate.name, 0),
            entries=entries or 0,
            exits=exits or 0,
        )

    by_category: dict[str, CategoryCount] = {}
    category_rows = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT category, sum(state != 'cancelled'), "
            "sum(presence.first_at IS NOT NULL), sum(coalesce(presence.inside, 0)) "
            "FROM attendees LEFT JOIN presence ON presence.attendee = attendees.number "
            "GROUP BY category"
        )
    }
    for category in store.categories():
        reg, arrived, inside_now = category_rows.get(category.name, (0, 0, 0))
        by_category[category.name] = CategoryCount(reg or 0, arrived or 0, inside_now or 0)

    by_status = dict(
        conn.execute("SELECT status, count(*) FROM scans WHERE undone = 0 GROUP BY status")
    )
    return Headcounts(
        event=event.name,
        capacity=event.capacity,
        registered=registered,
        checked_in=checked_in,
        inside=store.inside_count(),
        not_arrived=registered - arrived_registered,
        exits=_scalar(store, "SELECT coalesce(sum(exits), 0) FROM presence"),
        conflicts=_scalar(store, "SELECT count(*) FROM presence WHERE conflicts > 0"),
        scans=_scalar(store, "SELECT count(*) FROM scans WHERE undone = 0"),
        by_status=by_status,
        by_gate=by_gate,
        by_category=by_category,
        arrivals=arrivals(store),
    )


def arrivals(store: Store, bucket_ms: int = BUCKET_MS) -> list[tuple[str, int]]:
    """First arrivals per time bucket (ISO start of bucket in the event's zone, count)."""
    timezone = store.event().timezone
    rows = store.conn.execute(
        "SELECT (first_at / ?) * ? AS bucket, count(*) FROM presence "
        "WHERE first_at IS NOT NULL GROUP BY bucket ORDER BY bucket",
        (bucket_ms, bucket_ms),
    )
    return [(iso(bucket, timezone), count) for bucket, count in rows]


def inside_series(store: Store, bucket_ms: int = BUCKET_MS) -> list[tuple[str, int]]:
    """Inside-now at the end of each time bucket, from the accepted scans in fact order.

    Each accepted scan changes the count only when it changes that
    person's state (an entry after an entry, as merged from two offline
    desks, does not count twice).
    """
    timezone = store.event().timezone
    rows = store.conn.execute(
        """
        WITH ordered AS (
            SELECT at_ms, direction,
                   lag(direction) OVER (
                       PARTITION BY attendee ORDER BY hlc, desk, fact_id
                   ) AS before
            FROM scans WHERE accepted = 1 AND undone = 0 AND attendee IS NOT NULL
        ),
        changes AS (
            SELECT (at_ms / :bucket) * :bucket AS bucket,
                   sum(CASE
                       WHEN direction = 'entry' AND coalesce(before, 'exit') = 'exit' THEN 1
                       WHEN direction = 'exit' AND before = 'entry' THEN -1
                       ELSE 0 END) AS delta
            FROM ordered GROUP BY bucket
        )
        SELECT bucket, sum(delta) OVER (ORDER BY bucket) FROM changes ORDER BY bucket
        """,
        {"bucket": bucket_ms},
    )
    return [(iso(bucket, timezone), int(total)) for bucket, total in rows]


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Attendees admitted twice without an exit between: two desks that were apart."""
    rows = store.conn.execute(
        "SELECT attendee, name, conflicts, first_at, first_gate, first_desk FROM presence "
        "LEFT JOIN attendees ON number = attendee WHERE conflicts > 0 ORDER BY first_at"
    )
    return conflict_entries(rows, store.event().timezone)


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
