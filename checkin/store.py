"""The desk's SQLite store: the fact log, its projections and the queries on them.

The store owns its tables: ``checkin.projection`` writes the projected ones
and ``checkin.read_model`` holds the queries on them that are not methods
here; nothing else touches ``Store.conn``.

One file per desk, in WAL mode, created owner-only (it holds the event key
and attendees' personal data).  Every change is one ``BEGIN IMMEDIATE``
transaction that appends facts and applies them, so a process killed at any
moment leaves either the whole change or none of it, and two processes
writing the same file are serialised by SQLite rather than racing.

Everything goes through plain ``sqlite3`` calls on one connection opened in
autocommit mode, with transactions begun and ended here: a helper library
that commits on its own would split a change in two.  This module creates
the fact log's tables and ``checkin.projection`` the projected ones.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from checkin import facts as facts_module
from checkin import matching, personal_data, projection
from checkin.errors import UserError
from checkin.facts import Fact, FactError, Kind, new_fact_id
from checkin.hlc import HybridClock, pack
from checkin.model import (
    Attendee,
    AttendeeRecord,
    AttendeeState,
    Category,
    Event,
    Gate,
    OpeningHours,
    Presence,
    PrintJob,
    PrintJobState,
    RecentScan,
)
from checkin.timeutil import to_millis

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    desk TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    body TEXT NOT NULL,
    acked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS facts_outbox ON facts(seq) WHERE acked = 0;
CREATE INDEX IF NOT EXISTS facts_hlc ON facts(hlc);
CREATE INDEX IF NOT EXISTS facts_purges ON facts(seq) WHERE kind = 'personal_data.purged';
CREATE TABLE IF NOT EXISTS quarantine (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_seq INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason TEXT NOT NULL,
    data BLOB NOT NULL,
    at_ms INTEGER NOT NULL,
    UNIQUE (stream_seq, msg_id)
);
CREATE TABLE IF NOT EXISTS print_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number INTEGER NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    printer TEXT NOT NULL DEFAULT '',
    error TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    queued_ms INTEGER NOT NULL,
    changed_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS print_jobs_open ON print_jobs(number, version)
    WHERE state IN ('queued', 'sent');
"""

# MIGRATIONS[n] upgrades a store from schema version n to n + 1.  Projections
# are rebuilt from the facts after any migration, so a migration only has to
# keep the fact log and meta readable.
MIGRATIONS: dict[int, str] = {}


class StoreError(UserError):
    """The store cannot be opened or written; the message says why and what to do."""


class StoreFullError(StoreError):
    """The disk holding the store is full: nothing was recorded."""


class StoreReadOnlyError(StoreError):
    """The store file or its folder cannot be written: nothing was recorded."""


def _create_owner_only(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class StoreBusyError(StoreError):
    """Another connection holds the store's lock past the timeout: nothing was recorded."""


def primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code for ``error`` (extended codes folded), if it has one.

    Errors raised by the ``sqlite3`` module itself, such as using a closed
    connection, carry no code.
    """
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


_DAMAGED = frozenset({sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT})
_CONTENDED = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _translate(error: sqlite3.Error, path: Path) -> StoreError:
    """The store error a person can act on, chosen by SQLite's result code, never its wording."""
    code = primary_code(error)
    if code == sqlite3.SQLITE_FULL:
        return StoreFullError(f"cannot record: disk full ({path}); free some space")
    if code == sqlite3.SQLITE_READONLY:
        return StoreReadOnlyError(f"cannot record: store {path} is read-only")
    if code in _DAMAGED:
        return StoreError(f"{path} is not a check-in store or is damaged: {error}")
    if code in _CONTENDED:
        return StoreBusyError(f"store {path} is busy in another program; try again")
    return StoreError(f"store {path}: {error}")


class Store:
    """A desk's store.  Not thread-safe: use one per thread (open the same file)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, synchronous: str) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0
        # Set when a purge rewrote fact bodies in the open transaction: the
        # old page images in the write-ahead log are cleared after it commits.
        self._erased = False
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        # Freed space is zeroed, so a purged body leaves no copy in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        last = conn.execute("SELECT max(hlc) FROM facts").fetchone()[0]
        self.clock = HybridClock(last or 0)
        self.desk_id = self.meta("desk") or ""

    # -- opening -----------------------------------------------------------

    @classmethod
    def _connect(cls, path: Path, synchronous: str) -> Store:
        try:
            conn = sqlite3.connect(
                path, isolation_level=None, timeout=10.0, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = OFF")
            for statement in LOG_SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            store = cls(path, conn, synchronous)
            store._migrate()
        except sqlite3.Error as error:
            raise _translate(error, path) from None
        return store

    @classmethod
    def open(cls, path: Path | str, *, synchronous: str = "NORMAL") -> Store:
        """Open an existing store."""
        path = Path(path)
        if not path.exists():
            raise StoreError(
                f"no store at {path}: create one with 'checkin init' or 'checkin demo'"
            )
        store = cls._connect(path, synchronous)
        if store.meta("schema") is None:
            store.close()
            raise StoreError(f"{path} is an SQLite file but not a check-in store")
        return store

    @classmethod
    def new(
        cls, path: Path | str, *, desk: str | None = None, synchronous: str = "NORMAL"
    ) -> Store:
        """Create an empty store (no event yet): a desk about to join from the hub."""
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path} already exists; choose a new file or open it")
        _create_owner_only(path)
        store = cls._connect(path, synchronous)
        with store.transaction():
            store._set_meta("schema", str(SCHEMA_VERSION))
            store._set_meta("desk", desk or f"desk-{secrets.token_hex(3)}")
        store.desk_id = store.meta("desk") or ""
        return store

    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        event: Event,
        categories: Sequence[Category],
        gates: Sequence[Gate],
        key: bytes,
        now: datetime,
        desk: str | None = None,
    ) -> Store:
        """Create a store holding a new event, its categories and gates."""
        store = cls.new(path, desk=desk)
        with store.transaction():
            store.append(
                Kind.EVENT_CREATED,
                {
                    "id": event.id,
                    "name": event.name,
                    "name_zh": event.name_zh,
                    "venue": event.venue,
                    "prefix": event.prefix,
                    "capacity": event.capacity,
                    "timezone": event.timezone,
                    "key": key.hex(),
                },
                now,
            )
            for position, category in enumerate(categories):
                store.define_category(category, now, position=position)
            for position, gate in enumerate(gates):
                store.define_gate(gate, now, position=position)
        return store

    def _migrate(self) -> None:
        version = int(self.meta("schema") or SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of checkin "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); upgrade checkin"
            )
        if version < SCHEMA_VERSION:
            with self.transaction():
                for step in range(version, SCHEMA_VERSION):
                    log.info("migrating %s from schema %d", self.path, step)
                    self._run_script(MIGRATIONS[step])
                self._set_meta("schema", str(SCHEMA_VERSION))
            self.rebuild()
            return
        self._run_script(projection.PROJECTION_SCHEMA)

    def _run_script(self, script: str) -> None:
        # executescript() would commit the surrounding transaction first.
        for statement in script.split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _translate(error, self.path) from None
        self._depth = 1
        try:
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise _translate(error, self.path) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0
            erased, self._erased = self._erased, False
        if erased:
            self._truncate_wal()

    def _truncate_wal(self) -> None:
        """Copy the log into the file and empty it, so purged bodies leave no old page behind.

        Another connection reading at that moment keeps the log alive; its
        pages are then overwritten by later writes, and the next purge tries again.
        """
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            log.info(
                "could not empty the write-ahead log of %s after a purge: %s", self.path, error
            )

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Read several queries from one state of the file; joins a transaction already open.

        Another connection may commit between two queries; inside this block
        a scan committed meanwhile is seen by all of them or by none.
        """
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (a cheap pragma)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def vacuum(self) -> None:
        """Rewrite the file without its free pages (outside any transaction)."""
        self.conn.execute("VACUUM")

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.debug("rollback after a failed commit found no transaction")

    def _set_meta(self, key: str, value: str) -> None:
        self.set_meta(key, value)

    def set_meta(self, key: str, value: str | None) -> None:
        """Set (or, given None, remove) a meta value, in the caller's transaction."""
        if value is None:
            self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def append(
        self, kind: str, body: dict[str, Any], now: datetime, desk: str | None = None
    ) -> Fact:
        """Record a new local fact and apply it (inside one transaction).

        A fact stamped before a purge's cut-off is recorded without its
        personal data, as it would be had it come from another desk.
        """
        with self.transaction():
            fact = Fact(
                new_fact_id(), kind, desk or self.desk_id, self.clock.tick(to_millis(now)), body
            )
            fact = personal_data.as_held(fact, self.purge_limit())
            self._insert(fact, acked=False)
            projection.apply(self.conn, fact)
        return fact

    def _insert(self, fact: Fact, *, acked: bool) -> bool:
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO facts (id, kind, desk, hlc, body, acked) VALUES (?,?,?,?,?,?)",
            (
                fact.id,
                fact.kind,
                fact.desk,
                fact.hlc,
                json.dumps(fact.body, ensure_ascii=False, separators=(",", ":")),
                int(acked),
            ),
        )
        return cursor.rowcount == 1

    def merge(self, facts: Iterable[Fact], *, acked: bool = True) -> int:
        """Add facts from elsewhere; ones already held are skipped.  Returns how many were new.

        A fact that cannot be applied raises ``FactError`` and nothing of the
        batch is kept, so the caller can quarantine it and retry the rest.
        A fact stamped before a purge's cut-off is kept blanked, whether the
        purge came before it or comes later in the batch
        (``checkin.personal_data``).
        """
        added = 0
        with self.transaction():
            limit = self.purge_limit()
            purged = False
            for fact in facts:
                held = personal_data.as_held(fact, limit)
                if self._insert(held, acked=acked):
                    projection.apply(self.conn, held)
                    self.clock.observe(fact.hlc)
                    added += 1
                    if fact.kind == Kind.PERSONAL_DATA_PURGED:
                        limit, purged = self.purge_limit(), True
            if purged:
                self.erase_personal_data()
        if self.desk_id == "" and (desk := self.meta("desk")):
            self.desk_id = desk
        return added

    def rebuild(self) -> None:
        """Drop every projection and replay the fact log in fact order."""
        with self.transaction():
            for table in projection.PROJECTION_TABLES:
                self.conn.execute(f"DROP TABLE IF EXISTS {table}")
            self._run_script(projection.PROJECTION_SCHEMA)
            for fact in self.facts(order="clock"):
                projection.apply(self.conn, fact)

    # -- the fact log ------------------------------------------------------

    def facts(self, since_seq: int = 0, *, order: str = "seq") -> Iterator[Fact]:
        order_by = "seq" if order == "seq" else facts_module.order_by()
        cursor = self.conn.execute(
            f"SELECT id, kind, desk, hlc, body FROM facts WHERE seq > ? ORDER BY {order_by}",
            (since_seq,),
        )
        for fact_id, kind, desk, hlc, body in cursor:
            yield Fact(fact_id, kind, desk, hlc, json.loads(body))

    def facts_after(self, seq: int, limit: int) -> list[tuple[int, Fact]]:
        """Up to ``limit`` facts with a local sequence above ``seq``, with their sequence."""
        rows = self.conn.execute(
            "SELECT seq, id, kind, desk, hlc, body FROM facts WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        return [(int(s), Fact(i, k, d, h, json.loads(b))) for s, i, k, d, h, b in rows]

    def fact_bodies_between(
        self, after_seq: int, upto_seq: int, *, except_kind: str
    ) -> Iterator[tuple[str, str]]:
        """(kind, body as JSON text) of facts with a sequence in (after_seq, upto_seq]."""
        yield from self.conn.execute(
            "SELECT kind, body FROM facts WHERE seq > ? AND seq <= ? AND kind != ?",
            (after_seq, upto_seq, except_kind),
        )

    def last_seq(self) -> int:
        """The local sequence of the newest fact held, 0 when there is none."""
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM facts").fetchone()[0])

    def newest_hlc(self) -> int | None:
        """The latest clock stamp of any fact held."""
        value = self.conn.execute("SELECT max(hlc) FROM facts").fetchone()[0]
        return None if value is None else int(value)

    def own_acked_facts_since(self, hlc: int) -> list[Fact]:
        """This desk's acknowledged facts stamped at or after ``hlc``, oldest first."""
        rows = self.conn.execute(
            "SELECT id, kind, desk, hlc, body FROM facts WHERE hlc >= ? AND desk = ? "
            "AND acked = 1 ORDER BY seq",
            (hlc, self.desk_id),
        ).fetchall()
        return [Fact(i, k, d, h, json.loads(b)) for i, k, d, h, b in rows]

    def has_acked_facts(self) -> bool:
        """True once any fact was acknowledged by a hub (or came from one)."""
        return (
            self.conn.execute("SELECT 1 FROM facts WHERE acked = 1 LIMIT 1").fetchone() is not None
        )

    # -- purges ------------------------------------------------------------

    def purge_limit(self) -> int | None:
        """The latest cut-off of the purges held, as a clock value; None when none is held."""
        # The literal kind lets SQLite use the small facts_purges index.
        rows = self.conn.execute(
            "SELECT id, kind, desk, hlc, body FROM facts WHERE kind = 'personal_data.purged'"
        ).fetchall()
        cutoffs = [personal_data.cutoff(Fact(i, k, d, h, json.loads(b))) for i, k, d, h, b in rows]
        return max(cutoffs, default=None)

    def record_purge(self, before_ms: int, now: datetime) -> tuple[int, set[int]]:
        """Record a purge of what was recorded before ``before_ms`` and apply it here.

        Returns what ``erase_personal_data`` blanked.  A purge already held
        with this cut-off or a later one is not recorded again.
        """
        with self.transaction():
            held = self.purge_limit()
            if held is None or held < pack(before_ms):
                self.append(Kind.PERSONAL_DATA_PURGED, personal_data.purge_body(before_ms), now)
            return self.erase_personal_data()

    def erase_personal_data(self) -> tuple[int, set[int]]:
        """Blank every fact the purges held cover, then rebuild: (facts blanked, attendees).

        This rewrites fact bodies in place, the one exception to facts being
        immutable.  The fact ids stay, so the same facts arriving again from
        the hub are recognised as held and do not bring the data back.
        """
        limit = self.purge_limit()
        if limit is None:
            return 0, set()
        blanked = 0
        numbers: set[int] = set()
        with self.transaction():
            rows = self.conn.execute(
                f"SELECT seq, kind, body FROM facts WHERE hlc < ? AND kind IN "
                f"({', '.join('?' * len(personal_data.PERSONAL_KINDS))})",
                (limit, *sorted(personal_data.PERSONAL_KINDS)),
            ).fetchall()
            for seq, kind, text in rows:
                body = json.loads(text)
                clean = personal_data.blanked(kind, body)
                if clean is None:
                    continue
                self.conn.execute(
                    "UPDATE facts SET body = ? WHERE seq = ?",
                    (json.dumps(clean, ensure_ascii=False, separators=(",", ":")), seq),
                )
                blanked += 1
                if kind in personal_data.ATTENDEE_KINDS:
                    numbers.add(int(body.get("number", 0)))
            if blanked:
                self._erased = True
                self.rebuild()
        return blanked, numbers

    def outbox(self, limit: int = 1000) -> list[Fact]:
        """Local facts not yet acknowledged by the hub, oldest first."""
        rows = self.conn.execute(
            "SELECT id, kind, desk, hlc, body FROM facts WHERE acked = 0 ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        return [Fact(i, k, d, h, json.loads(b)) for i, k, d, h, b in rows]

    def outbox_size(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM facts WHERE acked = 0").fetchone()[0])

    def mark_acked(self, fact_ids: Sequence[str]) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE facts SET acked = 1 WHERE id = ?", [(i,) for i in fact_ids]
            )

    def fact_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM facts").fetchone()[0])

    # -- quarantine --------------------------------------------------------

    def quarantine(
        self, stream_seq: int, msg_id: str, subject: str, reason: str, data: bytes, at_ms: int
    ) -> None:
        """Keep a stream message that cannot be applied; the same message is kept once."""
        self.conn.execute(
            "INSERT OR IGNORE INTO quarantine (stream_seq, msg_id, subject, reason, data, at_ms) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (stream_seq, msg_id, subject, reason, data, at_ms),
        )

    def quarantine_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0])

    # -- event definition --------------------------------------------------

    def define_category(self, category: Category, now: datetime, *, position: int = 0) -> Fact:
        return self.append(
            Kind.CATEGORY_DEFINED,
            {
                "name": category.name,
                "label_zh": category.label_zh,
                "color": category.color,
                "attention": category.attention,
                "position": position,
            },
            now,
        )

    def define_gate(self, gate: Gate, now: datetime, *, position: int = 0) -> Fact:
        return self.append(
            Kind.GATE_DEFINED,
            {
                "name": gate.name,
                "categories": None if gate.categories is None else list(gate.categories),
                "hours": [[h.start, h.end] for h in gate.hours],
                "position": position,
            },
            now,
        )

    def has_event(self) -> bool:
        return self.conn.execute("SELECT 1 FROM event").fetchone() is not None

    def event(self) -> Event:
        row = self.conn.execute(
            "SELECT id, name, prefix, capacity, timezone, name_zh, venue FROM event"
        ).fetchone()
        if row is None:
            raise StoreError(f"{self.path} holds no event yet: sync it from the hub first")
        return Event(*row)

    def event_key(self) -> bytes:
        row = self.conn.execute("SELECT key FROM event").fetchone()
        if row is None:
            raise StoreError(f"{self.path} holds no event yet: sync it from the hub first")
        return bytes(row[0])

    def categories(self) -> list[Category]:
        rows = self.conn.execute(
            "SELECT name, label_zh, color, attention FROM categories ORDER BY position, name"
        )
        return [Category(n, z, c, bool(a)) for n, z, c, a in rows]

    def category(self, name: str) -> Category | None:
        row = self.conn.execute(
            "SELECT name, label_zh, color, attention FROM categories WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else Category(row[0], row[1], row[2], bool(row[3]))

    @staticmethod
    def _gate(row: tuple[Any, ...]) -> Gate:
        name, categories, hours = row
        return Gate(
            name,
            None if categories is None else tuple(json.loads(categories)),
            tuple(OpeningHours(start, end) for start, end in json.loads(hours)),
        )

    def gates(self) -> list[Gate]:
        rows = self.conn.execute(
            "SELECT name, categories, hours FROM gates ORDER BY position, name"
        )
        return [self._gate(row) for row in rows]

    def gate(self, name: str) -> Gate | None:
        row = self.conn.execute(
            "SELECT name, categories, hours FROM gates WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else self._gate(row)

    # -- attendees ---------------------------------------------------------

    _ATTENDEE_COLUMNS = (
        "number, name, name_alt, company, title, email, phone, category, note, "
        "ticket_code, state, badge_version"
    )

    @staticmethod
    def _attendee(row: tuple[Any, ...]) -> Attendee:
        values = list(row)
        values[10] = AttendeeState(values[10])
        return Attendee(*values)

    def attendees(self) -> list[Attendee]:
        rows = self.conn.execute(f"SELECT {self._ATTENDEE_COLUMNS} FROM attendees ORDER BY number")
        return [self._attendee(row) for row in rows]

    def attendee(self, number: int) -> Attendee | None:
        row = self.conn.execute(
            f"SELECT {self._ATTENDEE_COLUMNS} FROM attendees WHERE number = ?", (number,)
        ).fetchone()
        return None if row is None else self._attendee(row)

    def attendee_by_ticket(self, ticket_code: str) -> Attendee | None:
        row = self.conn.execute(
            f"SELECT {self._ATTENDEE_COLUMNS} FROM attendees WHERE ticket_code = ? AND ticket_code != ''",
            (ticket_code,),
        ).fetchone()
        return None if row is None else self._attendee(row)

    def has_ticket_codes(self) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM attendees WHERE ticket_code != '' LIMIT 1").fetchone()
            is not None
        )

    def attendee_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM attendees").fetchone()[0])

    def next_number(self) -> int:
        return int(
            self.conn.execute("SELECT coalesce(max(number), 0) + 1 FROM attendees").fetchone()[0]
        )

    def _attendee_body(self, number: int, record: AttendeeRecord) -> dict[str, Any]:
        return {
            "number": number,
            "name": record.name,
            "name_alt": record.name_alt,
            "company": record.company,
            "title": record.title,
            "email": record.email,
            "phone": record.phone,
            "category": record.category,
            "note": record.note,
            "ticket_code": record.ticket_code,
            "state": AttendeeState(record.state).value,
        }

    def attendee_by_email(self, email: str) -> Attendee | None:
        """An attendee with this email, in any case; an empty email finds nobody."""
        row = self.conn.execute(
            f"SELECT {self._ATTENDEE_COLUMNS} FROM attendees "
            "WHERE email = ? COLLATE NOCASE AND email != ''",
            (email,),
        ).fetchone()
        return None if row is None else self._attendee(row)

    def attendee_by_name(self, name: str, company: str) -> Attendee | None:
        """An attendee with this name at this company."""
        row = self.conn.execute(
            f"SELECT {self._ATTENDEE_COLUMNS} FROM attendees WHERE name = ? AND company = ?",
            (name, company),
        ).fetchone()
        return None if row is None else self._attendee(row)

    def upsert_attendees(
        self, records: Sequence[AttendeeRecord], now: datetime
    ) -> tuple[int, int, int]:
        """Add or update attendees in one transaction: (added, updated, unchanged).

        A record is matched to an attendee by ``checkin.matching.match``; an
        unchanged one writes nothing, so importing the same roster twice
        changes nothing.
        """
        added = updated = unchanged = 0
        with self.transaction():
            next_number = self.next_number()
            for record in records:
                existing = matching.match(record, self)
                if existing is None:
                    number = record.number if record.number is not None else next_number
                    next_number = max(next_number, number + 1)
                    self.append(Kind.ATTENDEE_REGISTERED, self._attendee_body(number, record), now)
                    added += 1
                    continue
                merged = AttendeeRecord(**{**record.__dict__, "number": existing.number})
                if merged == existing.as_record():
                    unchanged += 1
                    continue
                self.append(
                    Kind.ATTENDEE_UPDATED, self._attendee_body(existing.number, merged), now
                )
                updated += 1
        return added, updated, unchanged

    def register_attendee(self, record: AttendeeRecord, now: datetime) -> Attendee:
        """Register one new attendee (a walk-in) and return them with their number."""
        with self.transaction():
            number = record.number if record.number is not None else self.next_number()
            self.append(Kind.ATTENDEE_REGISTERED, self._attendee_body(number, record), now)
        attendee = self.attendee(number)
        assert attendee is not None
        return attendee

    def update_attendee(self, number: int, record: AttendeeRecord, now: datetime) -> None:
        self.append(Kind.ATTENDEE_UPDATED, self._attendee_body(number, record), now)

    def reissue_badge(self, number: int, now: datetime) -> int:
        """Issue a new badge version for an attendee; older codes become revoked."""
        with self.transaction():
            attendee = self.attendee(number)
            if attendee is None:
                raise StoreError(f"no attendee number {number}")
            version = attendee.badge_version + 1
            self.append(
                Kind.BADGE_ISSUED, {"number": number, "version": version, "at": to_millis(now)}, now
            )
        return version

    def record_print(self, number: int, version: int, now: datetime) -> Fact:
        return self.append(
            Kind.BADGE_PRINTED, {"number": number, "version": version, "at": to_millis(now)}, now
        )

    def latest_printed_version(self, number: int) -> int:
        """The newest badge version printed for an attendee, 0 when none was."""
        row = self.conn.execute(
            "SELECT coalesce(max(version), 0) FROM prints WHERE number = ?", (number,)
        ).fetchone()
        return int(row[0])

    def printed_versions(self) -> dict[int, int]:
        """Latest printed badge version per attendee."""
        rows = self.conn.execute("SELECT number, max(version) FROM prints GROUP BY number")
        return {number: version for number, version in rows}

    # -- the print journal -------------------------------------------------
    #
    # Local to the desk and never synced: the printers are this desk's own.
    # A job is claimed (queued -> sent) by a conditional update before its
    # first byte leaves, so two programs on one store never send it both.

    _JOB_COLUMNS = "id, number, version, state, printer, error, attempts, queued_ms, changed_ms"

    @staticmethod
    def _job(row: tuple[Any, ...]) -> PrintJob:
        values = list(row)
        values[3] = PrintJobState(values[3])
        return PrintJob(*values)

    def queue_print_jobs(self, badges: Sequence[tuple[int, int]], now: datetime) -> list[PrintJob]:
        """Journal (number, version) badges to print, in one transaction, in that order.

        A badge already queued or sent is not queued again: its open job is
        returned instead, so a second scan or a re-run batch prints nothing twice.
        """
        at = to_millis(now)
        ids: list[int] = []
        with self.transaction():
            for number, version in badges:
                row = self.conn.execute(
                    "SELECT id FROM print_jobs WHERE number = ? AND version = ? "
                    "AND state IN ('queued', 'sent')",
                    (number, version),
                ).fetchone()
                if row is None:
                    cursor = self.conn.execute(
                        "INSERT INTO print_jobs (number, version, state, queued_ms, changed_ms) "
                        "VALUES (?, ?, 'queued', ?, ?)",
                        (number, version, at, at),
                    )
                    row = (cursor.lastrowid,)
                ids.append(int(row[0]))
        jobs = {job.id: job for job in self._jobs_by_id(ids)}
        return [jobs[i] for i in ids]

    def _jobs_by_id(self, ids: Sequence[int]) -> list[PrintJob]:
        found: list[PrintJob] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT {self._JOB_COLUMNS} FROM print_jobs "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found += [self._job(row) for row in rows]
        return found

    def print_job(self, job_id: int) -> PrintJob | None:
        row = self.conn.execute(
            f"SELECT {self._JOB_COLUMNS} FROM print_jobs WHERE id = ?", (job_id,)
        ).fetchone()
        return None if row is None else self._job(row)

    def print_jobs(self, *states: PrintJobState) -> list[PrintJob]:
        """Jobs in any of ``states`` (all jobs without), oldest first."""
        wanted = [PrintJobState(s).value for s in states] or [s.value for s in PrintJobState]
        rows = self.conn.execute(
            f"SELECT {self._JOB_COLUMNS} FROM print_jobs "
            f"WHERE state IN ({', '.join('?' * len(wanted))}) ORDER BY id",
            wanted,
        )
        return [self._job(row) for row in rows]

    def claim_print_job(self, job_id: int, printer: str, now: datetime) -> bool:
        """Mark a queued job sent to ``printer`` before it is sent; False if it was not queued."""
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE print_jobs SET state = 'sent', printer = ?, error = '', "
                "attempts = attempts + 1, changed_ms = ? WHERE id = ? AND state = 'queued'",
                (printer, to_millis(now), job_id),
            )
        return cursor.rowcount == 1

    def requeue_print_job(self, job_id: int, error: str, now: datetime) -> None:
        """A sent job certainly did not print (or staff checked): queue it again."""
        self._move_job(job_id, PrintJobState.QUEUED, error, now)

    def doubt_print_job(self, job_id: int, error: str, now: datetime) -> None:
        """Keep a sent job sent, with why nobody knows whether it printed."""
        self._move_job(job_id, PrintJobState.SENT, error, now)

    def fail_print_job(self, job_id: int, error: str, now: datetime) -> None:
        self._move_job(job_id, PrintJobState.FAILED, error, now)

    def finish_print_job(self, job_id: int, now: datetime) -> None:
        """The printer confirmed the job: mark it done and record the print, in one commit."""
        with self.transaction():
            job = self.print_job(job_id)
            if job is None or job.state is PrintJobState.DONE:
                return
            self._move_job(job_id, PrintJobState.DONE, "", now)
            self.record_print(job.number, job.version, now)

    def _move_job(self, job_id: int, state: PrintJobState, error: str, now: datetime) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE print_jobs SET state = ?, error = ?, changed_ms = ? WHERE id = ?",
                (state.value, error, to_millis(now), job_id),
            )

    # -- presence and scans ------------------------------------------------

    def presence(self, number: int) -> Presence | None:
        row = self.conn.execute(
            "SELECT attendee, first_at, first_gate, first_desk, last_at, last_gate, last_desk, "
            "last_direction, inside, entries, exits, conflicts FROM presence WHERE attendee = ?",
            (number,),
        ).fetchone()
        if row is None:
            return None
        values = list(row)
        values[8] = bool(values[8])
        return Presence(*values)

    def inside_count(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM presence WHERE inside = 1").fetchone()[0]
        )

    def recent_scan(self, desk: str, code: str, since_ms: int) -> RecentScan | None:
        """This desk's latest scan of ``code`` at or after ``since_ms``, if any."""
        return self._latest_scan("AND code = ? AND at_ms >= ?", (desk, code, since_ms))

    def last_scan(self, desk: str) -> RecentScan | None:
        """The latest scan at ``desk`` that has not been undone."""
        return self._latest_scan("", (desk,))

    def _latest_scan(self, condition: str, params: tuple[Any, ...]) -> RecentScan | None:
        """This desk's newest scan (not undone) matching ``condition``, by clock."""
        row = self.conn.execute(
            "SELECT fact_id, status, at_ms, attendee FROM scans "
            f"WHERE desk = ? {condition} AND undone = 0 ORDER BY hlc DESC LIMIT 1",
            params,
        ).fetchone()
        return None if row is None else RecentScan(*row)

    def scan_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM scans").fetchone()[0])

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")


__all__ = [
    "FactError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreFullError",
    "StoreReadOnlyError",
]
