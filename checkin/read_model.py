"""The read model: every query on the projected tables that the store itself does not answer.

``checkin.projection`` writes the projected tables; this module is the one
place besides ``checkin.store`` that reads them.  Counting, exporting,
searching and printing modules ask for rows here by name and keep their own
logic (what a headcount means, how live counts are kept up to date), so a
change of a table's shape is made in three files, not in eleven.

Each query here is one statement: callers that read many rows get an
iterator over a single cursor, never one round-trip per row.  Rows that a
caller walks in bulk come back as plain tuples in the column order the
function names; the rest as named values.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from typing import Any, NamedTuple

from checkin.facts import Kind
from checkin.projection import SCAN_ORDER
from checkin.store import Store


class ScanRow(NamedTuple):
    """One projected scan, as the counters and the dashboard need it."""

    fact_id: str
    attendee: int | None
    gate: str
    direction: str
    status: str
    accepted: int
    undone: int
    at_ms: int
    desk: str
    hlc: int


SCAN_COLUMNS = ", ".join(ScanRow._fields)
_S_COLUMNS = ", ".join(f"s.{name}" for name in ScanRow._fields)


def _scalar(store: Store, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(store.conn.execute(sql, params).fetchone()[0] or 0)


def _json_list(values: Iterable[Any]) -> str:
    """A list bound as one parameter and read back with ``json_each``: any length, one query."""
    return json.dumps(list(values))


# -- attendees ------------------------------------------------------------------


def registered_count(store: Store) -> int:
    """Attendees not cancelled."""
    return _scalar(store, "SELECT count(*) FROM attendees WHERE state != 'cancelled'")


def attendee_categories(store: Store) -> Iterator[tuple[int, str, str]]:
    """(number, category, state) of every attendee."""
    yield from store.conn.execute("SELECT number, category, state FROM attendees")


def attendee_category(store: Store, number: int) -> tuple[str, str] | None:
    """(category, state) of one attendee, or None when there is no such attendee."""
    row = store.conn.execute(
        "SELECT category, state FROM attendees WHERE number = ?", (number,)
    ).fetchone()
    return None if row is None else (row[0], row[1])


def attendee_names(store: Store, numbers: Collection[int]) -> dict[int, str]:
    """Names of the given attendees; unknown numbers are left out."""
    if not numbers:
        return {}
    return dict(
        store.conn.execute(
            "SELECT number, name FROM attendees WHERE number IN (SELECT value FROM json_each(?))",
            (_json_list(numbers),),
        )
    )


def roster_stamp(store: Store) -> tuple[int, str]:
    """Changes whenever an attendee is added or updated (their source fact moves on)."""
    count, latest = store.conn.execute(
        "SELECT count(*), coalesce(max(source), '') FROM attendees"
    ).fetchone()
    return int(count), str(latest)


def category_counts(store: Store) -> dict[str, tuple[int, int, int]]:
    """Per category: (registered and not cancelled, arrived, inside now)."""
    return {
        row[0]: (row[1] or 0, row[2] or 0, row[3] or 0)
        for row in store.conn.execute(
            "SELECT category, sum(state != 'cancelled'), "
            "sum(presence.first_at IS NOT NULL), sum(coalesce(presence.inside, 0)) "
            "FROM attendees LEFT JOIN presence ON presence.attendee = attendees.number "
            "GROUP BY category"
        )
    }


# -- presence -------------------------------------------------------------------


class PresenceCounts(NamedTuple):
    """What one attendee's presence row adds to the headcounts."""

    first_at: int | None
    first_gate: str | None
    last_gate: str | None
    inside: int
    exits: int
    conflicts: int


_PRESENCE_COUNTS = "first_at, first_gate, last_gate, inside, exits, conflicts"


def presence_counts(store: Store) -> Iterator[tuple[int, PresenceCounts]]:
    """(attendee, counts) for everyone who ever passed."""
    for row in store.conn.execute(f"SELECT attendee, {_PRESENCE_COUNTS} FROM presence"):
        yield row[0], PresenceCounts(*row[1:])


def presence_counts_of(store: Store, number: int) -> PresenceCounts | None:
    row = store.conn.execute(
        f"SELECT {_PRESENCE_COUNTS} FROM presence WHERE attendee = ?", (number,)
    ).fetchone()
    return None if row is None else PresenceCounts(*row)


def checked_in_count(store: Store) -> int:
    """Attendees with at least one accepted entry."""
    return _scalar(store, "SELECT count(*) FROM presence WHERE first_at IS NOT NULL")


def arrived_registered_count(store: Store) -> int:
    """Attendees not cancelled who have arrived."""
    return _scalar(
        store,
        "SELECT count(*) FROM presence JOIN attendees ON number = attendee "
        "WHERE first_at IS NOT NULL AND state != 'cancelled'",
    )


def checked_in_and_inside(store: Store) -> tuple[int, int]:
    """(checked in, inside now) in one pass over the presence table."""
    checked_in, inside = store.conn.execute(
        "SELECT count(*) FILTER (WHERE first_at IS NOT NULL), "
        "coalesce(sum(inside), 0) FROM presence"
    ).fetchone()
    return int(checked_in), int(inside)


def exits_total(store: Store) -> int:
    return _scalar(store, "SELECT coalesce(sum(exits), 0) FROM presence")


def conflicted_count(store: Store) -> int:
    """Attendees admitted twice without an exit between."""
    return _scalar(store, "SELECT count(*) FROM presence WHERE conflicts > 0")


def first_gate_counts(store: Store) -> dict[str, int]:
    """Arrivals per gate of first entry."""
    return dict(
        store.conn.execute(
            "SELECT first_gate, count(*) FROM presence WHERE first_at IS NOT NULL GROUP BY 1"
        )
    )


def inside_gate_counts(store: Store) -> dict[str, int]:
    """People inside now, per gate they last came through."""
    return dict(
        store.conn.execute("SELECT last_gate, count(*) FROM presence WHERE inside = 1 GROUP BY 1")
    )


def arrival_buckets(store: Store, bucket_ms: int) -> list[tuple[int, int]]:
    """(bucket start in epoch ms, first arrivals in it), in time order."""
    return [
        (int(bucket), int(count))
        for bucket, count in store.conn.execute(
            "SELECT (first_at / ?) * ? AS bucket, count(*) FROM presence "
            "WHERE first_at IS NOT NULL GROUP BY bucket ORDER BY bucket",
            (bucket_ms, bucket_ms),
        )
    ]


_CONFLICT_COLUMNS = "attendee, name, conflicts, first_at, first_gate, first_desk"


def conflict_rows(store: Store) -> list[tuple[Any, ...]]:
    """(attendee, name, double entries, first_at, gate, desk) of everyone admitted twice."""
    return store.conn.execute(
        f"SELECT {_CONFLICT_COLUMNS} FROM presence "
        "LEFT JOIN attendees ON number = attendee WHERE conflicts > 0 ORDER BY first_at"
    ).fetchall()


def conflict_rows_of(store: Store, numbers: Collection[int]) -> list[tuple[Any, ...]]:
    """``conflict_rows`` for the given attendees only."""
    return store.conn.execute(
        f"SELECT {_CONFLICT_COLUMNS} FROM presence LEFT JOIN attendees ON number = attendee "
        "WHERE attendee IN (SELECT value FROM json_each(?)) ORDER BY first_at",
        (_json_list(sorted(numbers)),),
    ).fetchall()


def attendance(store: Store) -> Iterator[tuple[Any, ...]]:
    """Everyone admitted at least once, in order of first arrival.

    Columns: attendee, name, name_alt, company, category, first_at, first_gate,
    first_desk, inside, last_at, last_gate, entries, exits, conflicts.
    """
    yield from store.conn.execute(
        "SELECT p.attendee, a.name, a.name_alt, a.company, a.category, p.first_at, "
        "p.first_gate, p.first_desk, p.inside, p.last_at, p.last_gate, p.entries, p.exits, "
        "p.conflicts FROM presence p LEFT JOIN attendees a ON a.number = p.attendee "
        "WHERE p.first_at IS NOT NULL ORDER BY p.first_at, p.attendee"
    )


# -- scans ----------------------------------------------------------------------


def live_scan_count(store: Store) -> int:
    """Scans not undone."""
    return _scalar(store, "SELECT count(*) FROM scans WHERE undone = 0")


def status_counts(store: Store) -> dict[str, int]:
    """Scans not undone, per verdict."""
    return dict(
        store.conn.execute("SELECT status, count(*) FROM scans WHERE undone = 0 GROUP BY status")
    )


def accepted_by_gate(store: Store) -> dict[str, tuple[int, int]]:
    """Accepted scans not undone, per gate: (entries, exits)."""
    return {
        row[0]: (row[1] or 0, row[2] or 0)
        for row in store.conn.execute(
            "SELECT gate, sum(direction = 'entry'), sum(direction = 'exit') FROM scans "
            "WHERE accepted = 1 AND undone = 0 GROUP BY gate"
        )
    }


def scan_kind_counts(store: Store) -> Iterator[tuple[str, str, str, int, int]]:
    """(gate, direction, status, accepted, count) over every scan, undone ones included."""
    yield from store.conn.execute(
        "SELECT gate, direction, status, accepted, count(*) FROM scans GROUP BY 1, 2, 3, 4"
    )


def undone_scans(store: Store) -> Iterator[ScanRow]:
    """Every undone scan, read through the small ``undone`` table."""
    for row in store.conn.execute(
        f"SELECT {_S_COLUMNS} FROM undone u JOIN scans s ON s.fact_id = u.scan_id"
    ):
        yield ScanRow(*row)


def accepted_walk(store: Store) -> Iterator[tuple[int, str, int]]:
    """(attendee, direction, at_ms) of accepted scans not undone, per attendee in fact order."""
    yield from store.conn.execute(
        "SELECT attendee, direction, at_ms FROM scans WHERE accepted = 1 AND undone = 0 "
        f"AND attendee IS NOT NULL ORDER BY attendee, {SCAN_ORDER}"
    )


def inside_series(store: Store, bucket_ms: int) -> list[tuple[int, int]]:
    """(bucket start in epoch ms, inside now at its end), from the accepted scans in fact order.

    A scan changes the count only when it changes that person's state: an
    entry after an entry, as merged from two offline desks, does not count twice.
    """
    rows = store.conn.execute(
        f"""
        WITH ordered AS (
            SELECT at_ms, direction,
                   lag(direction) OVER (PARTITION BY attendee ORDER BY {SCAN_ORDER}) AS before
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
    return [(int(bucket), int(total)) for bucket, total in rows]


def scans_in_fact_order(store: Store) -> Iterator[tuple[Any, ...]]:
    """Every scan for export: fact_id, attendee, gate, direction, status, accepted, at_ms,
    desk, undone."""
    yield from store.conn.execute(
        "SELECT fact_id, attendee, gate, direction, status, accepted, at_ms, desk, undone "
        f"FROM scans ORDER BY {SCAN_ORDER}"
    )


def scans_recorded_between(store: Store, after_seq: int, upto_seq: int) -> list[ScanRow]:
    """The scans whose facts have a local sequence in (after_seq, upto_seq]."""
    return [
        ScanRow(*row)
        for row in store.conn.execute(
            f"SELECT {_S_COLUMNS} FROM facts f JOIN scans s ON s.fact_id = f.id "
            "WHERE f.seq > ? AND f.seq <= ? AND f.kind = ?",
            (after_seq, upto_seq, Kind.SCAN_RECORDED),
        )
    ]


def scan(store: Store, fact_id: str) -> ScanRow | None:
    row = store.conn.execute(
        f"SELECT {SCAN_COLUMNS} FROM scans WHERE fact_id = ?", (fact_id,)
    ).fetchone()
    return None if row is None else ScanRow(*row)


def scans_by_id(store: Store, fact_ids: Collection[str]) -> list[ScanRow]:
    if not fact_ids:
        return []
    placeholders = ",".join("?" * len(fact_ids))
    return [
        ScanRow(*row)
        for row in store.conn.execute(
            f"SELECT {SCAN_COLUMNS} FROM scans WHERE fact_id IN ({placeholders})",
            tuple(fact_ids),
        )
    ]


def accepted_scans_of(store: Store, number: int) -> list[ScanRow]:
    """An attendee's accepted scans, undone ones included, in no particular order."""
    return [
        ScanRow(*row)
        for row in store.conn.execute(
            f"SELECT {SCAN_COLUMNS} FROM scans WHERE attendee = ? AND accepted = 1", (number,)
        )
    ]


def accepted_entries(store: Store, number: int) -> int:
    """Accepted entries ever recorded for an attendee, undone ones included."""
    return _scalar(
        store,
        "SELECT count(*) FROM scans WHERE attendee = ? AND accepted = 1 AND direction = 'entry'",
        (number,),
    )


def scans_since(store: Store, floor_ms: int) -> Iterator[tuple[Any, ...]]:
    """Scans stamped after ``floor_ms`` in time order, as tuples in ``SCAN_COLUMNS`` order."""
    yield from store.conn.execute(
        f"SELECT {SCAN_COLUMNS} FROM scans WHERE at_ms > ? ORDER BY at_ms, hlc", (floor_ms,)
    )


def desk_scan_count(store: Store, desk: str, since_ms: int, until_ms: int) -> int:
    """A desk's scans not undone stamped in [since_ms, until_ms]."""
    return _scalar(
        store,
        "SELECT count(*) FROM scans WHERE desk = ? AND at_ms >= ? AND at_ms <= ? AND undone = 0",
        (desk, since_ms, until_ms),
    )


def scan_codes(store: Store, fact_ids: Collection[str]) -> dict[str, str]:
    """The code read by each of the given scans."""
    return dict(
        store.conn.execute(
            "SELECT fact_id, code FROM scans WHERE fact_id IN (SELECT value FROM json_each(?))",
            (_json_list(fact_ids),),
        )
    )


def last_scan_per_desk(store: Store) -> dict[str, tuple[int, str]]:
    """Each desk that scanned: (at_ms, gate) of its latest scan in clock order.

    The distinct desks are found by hopping through the (desk, hlc) index
    one desk at a time, so a million scans cost a few dozen lookups.
    """
    conn = store.conn
    last: dict[str, tuple[int, str]] = {}
    for (desk,) in conn.execute(
        "WITH RECURSIVE d(desk) AS (SELECT min(desk) FROM scans UNION ALL "
        "SELECT (SELECT min(desk) FROM scans WHERE desk > d.desk) FROM d "
        "WHERE d.desk IS NOT NULL) SELECT desk FROM d WHERE desk IS NOT NULL"
    ):
        row = conn.execute(
            "SELECT at_ms, gate FROM scans WHERE desk = ? ORDER BY hlc DESC LIMIT 1", (desk,)
        ).fetchone()
        last[desk] = (row[0], row[1])
    return last


# -- desks ----------------------------------------------------------------------


def desk_reports(store: Store) -> dict[str, tuple[int, str]]:
    """Each desk's latest status report: (clock stamp, status JSON text)."""
    return {
        desk: (last_hlc, status)
        for desk, last_hlc, status in store.conn.execute("SELECT desk, last_hlc, status FROM desks")
    }
