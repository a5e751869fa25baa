"""Tables built from facts, and how each kind of fact changes them.

Every function here must give the same tables whatever order the facts
arrive in: definitions and attendees are last-writer-wins on the fact order
key, badge versions take the maximum, scans are a set, and each attendee's
presence is recomputed from that attendee's scans whenever one of them
changes.  That is what lets desks merge by union.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from checkin import personal_data
from checkin.facts import Fact, FactError, Kind, order_by
from checkin.model import Direction, Status

# The scans table names the fact id ``fact_id``.
SCAN_ORDER = order_by("fact_id")

PROJECTION_TABLES = (
    "event",
    "categories",
    "gates",
    "attendees",
    "badges",
    "prints",
    "scans",
    "undone",
    "presence",
    "desks",
)

PROJECTION_SCHEMA = """
CREATE TABLE IF NOT EXISTS event (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT NOT NULL, venue TEXT NOT NULL,
    prefix TEXT NOT NULL, capacity INTEGER NOT NULL, timezone TEXT NOT NULL,
    key BLOB NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS categories (
    name TEXT PRIMARY KEY, label_zh TEXT NOT NULL, color TEXT NOT NULL,
    attention INTEGER NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gates (
    name TEXT PRIMARY KEY, categories TEXT, hours TEXT NOT NULL,
    position INTEGER NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attendees (
    number INTEGER PRIMARY KEY, name TEXT NOT NULL, name_alt TEXT NOT NULL,
    company TEXT NOT NULL, title TEXT NOT NULL, email TEXT NOT NULL, phone TEXT NOT NULL,
    category TEXT NOT NULL, note TEXT NOT NULL, ticket_code TEXT NOT NULL,
    state TEXT NOT NULL, badge_version INTEGER NOT NULL, source TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attendees_email ON attendees(email COLLATE NOCASE) WHERE email != '';
CREATE INDEX IF NOT EXISTS attendees_ticket ON attendees(ticket_code) WHERE ticket_code != '';
CREATE TABLE IF NOT EXISTS badges (
    number INTEGER NOT NULL, version INTEGER NOT NULL, fact_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL, desk TEXT NOT NULL, PRIMARY KEY (number, version)
);
CREATE TABLE IF NOT EXISTS prints (
    fact_id TEXT PRIMARY KEY, number INTEGER NOT NULL, version INTEGER NOT NULL,
    at_ms INTEGER NOT NULL, desk TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS prints_number ON prints(number, version);
CREATE TABLE IF NOT EXISTS scans (
    fact_id TEXT PRIMARY KEY, hlc INTEGER NOT NULL, desk TEXT NOT NULL, attendee INTEGER,
    code TEXT NOT NULL, gate TEXT NOT NULL, direction TEXT NOT NULL, status TEXT NOT NULL,
    accepted INTEGER NOT NULL, at_ms INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS scans_attendee ON scans(attendee, hlc);
CREATE INDEX IF NOT EXISTS scans_desk_code ON scans(desk, code, at_ms);
CREATE INDEX IF NOT EXISTS scans_desk_hlc ON scans(desk, hlc);
CREATE INDEX IF NOT EXISTS scans_at ON scans(at_ms);
CREATE TABLE IF NOT EXISTS undone (scan_id TEXT PRIMARY KEY, fact_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS presence (
    attendee INTEGER PRIMARY KEY,
    first_at INTEGER, first_gate TEXT, first_desk TEXT, first_hlc INTEGER,
    last_at INTEGER, last_gate TEXT, last_desk TEXT, last_direction TEXT, last_hlc INTEGER,
    inside INTEGER NOT NULL, entries INTEGER NOT NULL, exits INTEGER NOT NULL,
    conflicts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS presence_inside ON presence(inside);
CREATE INDEX IF NOT EXISTS presence_first_at ON presence(first_at);
CREATE TABLE IF NOT EXISTS desks (
    desk TEXT PRIMARY KEY, last_hlc INTEGER NOT NULL, status TEXT NOT NULL
);
"""

ATTENDEE_FIELDS = (
    "name",
    "name_alt",
    "company",
    "title",
    "email",
    "phone",
    "category",
    "note",
    "ticket_code",
    "state",
)


def _newer(conn: sqlite3.Connection, table: str, key_column: str, key: Any, fact: Fact) -> bool:
    row = conn.execute(f"SELECT source FROM {table} WHERE {key_column} = ?", (key,)).fetchone()
    return row is None or fact.source > row[0]


def _text(body: dict[str, Any], name: str, default: str = "") -> str:
    value = body.get(name, default)
    if not isinstance(value, str):
        raise FactError(f"field {name!r} must be text")
    return value


def _int(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise FactError(f"field {name!r} must be an integer")
    return value


def _event(conn: sqlite3.Connection, fact: Fact) -> None:
    body = fact.body
    event_id = _text(body, "id")
    if not _newer(conn, "event", "id", event_id, fact):
        return
    conn.execute("DELETE FROM event WHERE id != ?", (event_id,))
    conn.execute(
        "INSERT OR REPLACE INTO event VALUES (?,?,?,?,?,?,?,?,?)",
        (
            event_id,
            _text(body, "name"),
            _text(body, "name_zh"),
            _text(body, "venue"),
            _text(body, "prefix"),
            _int(body, "capacity"),
            _text(body, "timezone", "UTC"),
            bytes.fromhex(_text(body, "key")),
            fact.source,
        ),
    )


def _category(conn: sqlite3.Connection, fact: Fact) -> None:
    body = fact.body
    name = _text(body, "name")
    if _newer(conn, "categories", "name", name, fact):
        conn.execute(
            "INSERT OR REPLACE INTO categories VALUES (?,?,?,?,?,?)",
            (
                name,
                _text(body, "label_zh"),
                _text(body, "color", "#2f6fdf"),
                int(bool(body.get("attention"))),
                int(body.get("position", 0)),
                fact.source,
            ),
        )


def _gate(conn: sqlite3.Connection, fact: Fact) -> None:
    body = fact.body
    name = _text(body, "name")
    categories = body.get("categories")
    if categories is not None and not isinstance(categories, list):
        raise FactError("gate categories must be a list or null")
    if _newer(conn, "gates", "name", name, fact):
        conn.execute(
            "INSERT OR REPLACE INTO gates VALUES (?,?,?,?,?)",
            (
                name,
                None if categories is None else json.dumps(categories, ensure_ascii=False),
                json.dumps(body.get("hours", [])),
                int(body.get("position", 0)),
                fact.source,
            ),
        )


def _attendee(conn: sqlite3.Connection, fact: Fact) -> None:
    body = fact.body
    number = _int(body, "number")
    if not _newer(conn, "attendees", "number", number, fact):
        return
    values = [_text(body, name) for name in ATTENDEE_FIELDS]
    version = conn.execute(
        "SELECT max(version) FROM badges WHERE number = ?", (number,)
    ).fetchone()[0]
    conn.execute(
        "INSERT OR REPLACE INTO attendees VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (number, *values, max(1, version or 1), fact.source),
    )


def _badge_issued(conn: sqlite3.Connection, fact: Fact) -> None:
    number, version = _int(fact.body, "number"), _int(fact.body, "version")
    conn.execute(
        "INSERT OR IGNORE INTO badges VALUES (?,?,?,?,?)",
        (number, version, fact.id, _int(fact.body, "at"), fact.desk),
    )
    conn.execute(
        "UPDATE attendees SET badge_version = max(badge_version, ?) WHERE number = ?",
        (version, number),
    )


def _badge_printed(conn: sqlite3.Connection, fact: Fact) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO prints VALUES (?,?,?,?,?)",
        (
            fact.id,
            _int(fact.body, "number"),
            _int(fact.body, "version"),
            _int(fact.body, "at"),
            fact.desk,
        ),
    )


def _scan(conn: sqlite3.Connection, fact: Fact) -> None:
    body = fact.body
    try:
        status = Status(_text(body, "status"))
        direction = Direction(_text(body, "direction"))
    except ValueError:
        raise FactError("scan has an unknown status or direction") from None
    attendee = body.get("attendee")
    if attendee is not None and (not isinstance(attendee, int) or isinstance(attendee, bool)):
        raise FactError("scan attendee must be an integer or null")
    undone = conn.execute("SELECT 1 FROM undone WHERE scan_id = ?", (fact.id,)).fetchone()
    conn.execute(
        "INSERT OR IGNORE INTO scans VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            fact.id,
            fact.hlc,
            fact.desk,
            attendee,
            _text(body, "code")[:200],
            _text(body, "gate"),
            direction.value,
            status.value,
            int(status.accepted),
            _int(body, "at"),
            int(undone is not None),
        ),
    )
    if attendee is not None and status.accepted:
        refresh_presence(conn, attendee)


def _undo(conn: sqlite3.Connection, fact: Fact) -> None:
    scan_id = _text(fact.body, "scan")
    conn.execute("INSERT OR IGNORE INTO undone VALUES (?, ?)", (scan_id, fact.id))
    conn.execute("UPDATE scans SET undone = 1 WHERE fact_id = ?", (scan_id,))
    row = conn.execute("SELECT attendee FROM scans WHERE fact_id = ?", (scan_id,)).fetchone()
    if row is not None and row[0] is not None:
        refresh_presence(conn, row[0])


def _desk_status(conn: sqlite3.Connection, fact: Fact) -> None:
    conn.execute(
        "INSERT INTO desks VALUES (?,?,?) ON CONFLICT(desk) DO UPDATE SET "
        "last_hlc = excluded.last_hlc, status = excluded.status WHERE excluded.last_hlc > last_hlc",
        (fact.desk, fact.hlc, json.dumps(fact.body, ensure_ascii=False)),
    )


def _purged(conn: sqlite3.Connection, fact: Fact) -> None:
    """No table of its own: the store blanks the facts it covers and rebuilds (``Store.merge``)."""
    personal_data.cutoff(fact)


def refresh_presence(conn: sqlite3.Connection, attendee: int) -> None:
    """Recompute one attendee's presence from their accepted, not undone scans.

    Walking the scans in fact order (``SCAN_ORDER``) makes the result
    independent of arrival order; an entry that follows an entry with no
    exit between is a double entry, which happens only when two desks
    admitted the same person while apart.
    """
    rows = conn.execute(
        "SELECT at_ms, gate, desk, hlc, direction FROM scans "
        f"WHERE attendee = ? AND accepted = 1 AND undone = 0 ORDER BY {SCAN_ORDER}",
        (attendee,),
    ).fetchall()
    if not rows:
        conn.execute("DELETE FROM presence WHERE attendee = ?", (attendee,))
        return
    first: tuple[Any, ...] | None = None
    inside = False
    entries = exits = conflicts = 0
    for row in rows:
        if row[4] == Direction.ENTRY:
            entries += 1
            if first is None:
                first = row
            if inside:
                conflicts += 1
            inside = True
        else:
            exits += 1
            inside = False
    last = rows[-1]
    conn.execute(
        "INSERT OR REPLACE INTO presence VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            attendee,
            first[0] if first else None,
            first[1] if first else None,
            first[2] if first else None,
            first[3] if first else None,
            last[0],
            last[1],
            last[2],
            last[4],
            last[3],
            int(inside),
            entries,
            exits,
            conflicts,
        ),
    )


APPLIERS: dict[str, Callable[[sqlite3.Connection, Fact], None]] = {
    Kind.EVENT_CREATED: _event,
    Kind.CATEGORY_DEFINED: _category,
    Kind.GATE_DEFINED: _gate,
    Kind.ATTENDEE_REGISTERED: _attendee,
    Kind.ATTENDEE_UPDATED: _attendee,
    Kind.BADGE_ISSUED: _badge_issued,
    Kind.BADGE_PRINTED: _badge_printed,
    Kind.SCAN_RECORDED: _scan,
    Kind.SCAN_UNDONE: _undo,
    Kind.DESK_STATUS: _desk_status,
    Kind.PERSONAL_DATA_PURGED: _purged,
}


def apply(conn: sqlite3.Connection, fact: Fact) -> None:
    """Apply one fact to the tables (inside the caller's transaction)."""
    applier = APPLIERS.get(fact.kind)
    if applier is None:
        raise FactError(f"unknown fact kind {fact.kind!r}")
    try:
        applier(conn, fact)
    except (TypeError, ValueError, KeyError) as error:
        if isinstance(error, FactError):
            raise
        raise FactError(f"malformed {fact.kind} fact: {error}") from None
