"""The store: owner-only WAL file, atomic writes, schema versions, projections from facts."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin import store as store_module
from checkin.counts.headcounts import headcounts
from checkin.desk import Desk
from checkin.facts import Fact, FactError, Kind
from checkin.model import Status
from checkin.store import Store, StoreError
from tests.checkin.conftest import code_for


def test_a_new_store_is_owner_only_and_in_wal_mode(small_store: Store) -> None:
    assert stat.S_IMODE(os.stat(small_store.path).st_mode) == 0o600
    assert small_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert small_store.integrity_ok()


def test_opening_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="checkin init"):
        Store.open(tmp_path / "missing.db")


def test_opening_a_file_that_is_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a check-in store"):
        Store.open(junk)


def test_a_store_from_a_newer_version_is_refused(small_store: Store) -> None:
    small_store.conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    small_store.close()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(small_store.path)


def test_an_older_schema_is_migrated_and_projections_rebuilt(
    small_store: Store, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    before = headcounts(small_store)
    small_store.close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, "CREATE TABLE notes (text TEXT)")
    reopened = Store.open(small_store.path)
    assert reopened.meta("schema") == "2"
    assert reopened.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    assert headcounts(reopened) == before
    reopened.close()


def test_rebuilding_from_facts_gives_the_same_tables(demo_store: Store) -> None:
    from checkin.demo import simulate_morning

    simulate_morning(demo_store)
    dump = _dump(demo_store)
    demo_store.rebuild()
    assert _dump(demo_store) == dump


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = ("attendees", "badges", "scans", "presence", "gates", "categories")
    return {
        t: sorted(store.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables
    }


def test_merging_the_same_facts_twice_adds_nothing(
    small_store: Store, tmp_path: Path, now: datetime
) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    copy = Store.new(tmp_path / "copy.db")
    assert copy.merge(small_store.facts()) == small_store.fact_count()
    assert copy.merge(small_store.facts()) == 0
    assert headcounts(copy) == headcounts(small_store)


def test_a_malformed_fact_is_refused_and_nothing_of_its_batch_is_kept(
    small_store: Store, tmp_path: Path
) -> None:
    copy = Store.new(tmp_path / "copy.db")
    facts = list(small_store.facts())
    bad = Fact("bad-1", Kind.SCAN_RECORDED, "desk-x", facts[-1].hlc + 1, {"status": "entered"})
    with pytest.raises(FactError):
        copy.merge([*facts, bad])
    assert copy.fact_count() == 0


@pytest.mark.parametrize(
    "data", [b"", b"[]", b"{}", b'{"id":"x","kind":"nope","desk":"d","hlc":1,"body":{}}']
)
def test_decoding_a_malformed_fact_raises_fact_error(data: bytes) -> None:
    with pytest.raises(FactError):
        Fact.decode(data)


def test_a_full_disk_gives_a_red_not_recorded_verdict_and_records_nothing(
    small_store: Store, now: datetime
) -> None:
    pages = small_store.conn.execute("PRAGMA page_count").fetchone()[0]
    small_store.conn.execute(f"PRAGMA max_page_count = {pages}")
    desk = Desk(small_store, gate="Main")
    for n in range(10_000):  # fill the pages still free until the store is full
        if desk.scan(f"filler-{n}-" + "x" * 150, now).status is Status.NOT_RECORDED:
            break
    else:
        pytest.fail("the store never filled up")
    before = small_store.scan_count()
    verdicts = [
        desk.scan(code_for(small_store, n), now + timedelta(seconds=n)) for n in (1, 2, 5, 6)
    ]
    assert {v.status for v in verdicts} == {Status.NOT_RECORDED}
    assert all("disk full" in v.detail for v in verdicts)
    assert small_store.scan_count() == before
    small_store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert desk.scan(code_for(small_store, 1), now + timedelta(minutes=5)).status is Status.ENTERED


_WRITER = """
import sys
from datetime import timedelta
from checkin.desk import Desk
from checkin.store import Store
from checkin.demo import morning_start
from checkin import badge_codes
store = Store.open(sys.argv[1])
desk = Desk(store, gate="North Hall", desk_id="desk-crash")
key, prefix = store.event_key(), store.event().prefix
start = int(sys.argv[2])
for number in range(start, 3001):
    verdict = desk.scan(badge_codes.mint(key, prefix, number, 1), morning_start() + timedelta(seconds=number))
    print(number, verdict.fact_id, flush=True)
"""


def test_a_desk_killed_at_random_moments_keeps_every_scan_it_showed(
    demo_store: Store, tmp_path: Path
) -> None:
    """SIGKILL while recording: the file stays sound and every shown verdict is kept."""
    demo_store.close()
    rng = random.Random(4)
    shown: dict[int, str] = {}
    start = 1
    for _ in range(8):
        process = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(demo_store.path), str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        for _ in range(rng.randint(5, 60)):
            line = process.stdout.readline()
            if not line:
                break
            number, fact_id = line.split()
            if fact_id != "None":  # a repeat of a scan recorded before the kill
                shown[int(number)] = fact_id
        process.kill()
        process.wait()
        start = max(shown) + 1
    store = Store.open(demo_store.path)
    assert store.integrity_ok()
    query = "SELECT fact_id FROM scans WHERE desk = 'desk-crash'"
    recorded = {row[0] for row in store.conn.execute(query)}
    assert set(shown.values()) <= recorded
    # what was recorded but not yet read from the pipe is kept too, once
    entries = store.conn.execute("SELECT max(entries) FROM presence").fetchone()[0]
    assert entries == 1
    store.close()


def test_two_processes_scanning_the_same_badge_at_once_give_one_entry(demo_store: Store) -> None:
    demo_store.close()
    program = (
        "import sys\nfrom checkin.desk import Desk\nfrom checkin.store import Store\n"
        "from checkin.demo import morning_start\nfrom checkin import badge_codes\n"
        "s = Store.open(sys.argv[1]); d = Desk(s, gate='North Hall', desk_id=sys.argv[2])\n"
        "k, p = s.event_key(), s.event().prefix\n"
        "print(','.join(d.scan(badge_codes.mint(k, p, n, 1), morning_start()).status for n in range(1, 201)))\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", program, str(demo_store.path), f"desk-{i}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0].strip().split(",") for p in processes]
    for number in range(200):
        pair = sorted(outputs[i][number] for i in range(2))
        assert pair in (
            ["already_inside", "entered"],
            ["blocked", "blocked"],
            ["already_inside", "attention"],
            ["not_allowed", "not_allowed"],
        )
    store = Store.open(demo_store.path)
    assert store.conn.execute("SELECT count(*) FROM presence WHERE entries > 1").fetchone()[0] == 0
    store.close()


def test_facts_round_trip_through_json(small_store: Store) -> None:
    for fact in small_store.facts():
        assert Fact.decode(fact.encode()) == fact
        json.loads(fact.encode())


def _sqlite_failure(folder: Path, condition: str) -> sqlite3.Error:
    """Bring about ``condition`` in a real SQLite file and return the error SQLite raised."""
    path = folder / "plain.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (x TEXT)")
        setup.execute("INSERT INTO t VALUES ('a'), ('b')")
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        if condition == "full":
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {pages}")
            for _ in range(1000):
                conn.execute("INSERT INTO t VALUES (?)", ("x" * 4000,))
        elif condition == "read-only":
            conn.close()
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            conn.execute("INSERT INTO t VALUES ('c')")
        elif condition == "not a database":
            junk = folder / "junk.db"
            junk.write_bytes(b"not a database at all" * 100)
            conn.close()
            conn = sqlite3.connect(junk)
            conn.execute("SELECT * FROM t")
        elif condition == "busy":
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("BEGIN IMMEDIATE")
            finally:
                holder.close()
        elif condition == "locked":
            reading = conn.execute("SELECT * FROM t")
            reading.fetchone()
            conn.execute("DROP TABLE t")
        elif condition == "a table named full":
            conn.execute("SELECT * FROM full")
        elif condition == "closed connection":
            conn.close()
            conn.execute("SELECT 1")
    except sqlite3.Error as error:
        return error
    finally:
        conn.close()
    raise AssertionError(f"{condition} raised nothing")


@pytest.mark.parametrize(
    ("condition", "kind", "message"),
    [
        ("full", store_module.StoreFullError, "cannot record: disk full"),
        ("read-only", store_module.StoreReadOnlyError, "is read-only"),
        ("not a database", StoreError, "is not a check-in store or is damaged"),
        ("busy", store_module.StoreBusyError, "is busy in another program; try again"),
        ("locked", store_module.StoreBusyError, "is busy in another program; try again"),
        # The wording of an error says nothing: only its result code does.
        ("a table named full", StoreError, "no such table: full"),
        ("closed connection", StoreError, "closed database"),
    ],
)
def test_sqlite_errors_are_told_apart_by_their_result_code(
    tmp_path: Path, condition: str, kind: type[StoreError], message: str
) -> None:
    error = store_module._translate(_sqlite_failure(tmp_path, condition), tmp_path)
    assert type(error) is kind
    assert message in str(error)


def test_a_read_only_store_gives_not_recorded_never_green(
    small_store: Store, now: datetime
) -> None:
    small_store.conn.execute("PRAGMA query_only = 1")
    verdict = Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    assert verdict.status is Status.NOT_RECORDED and "read-only" in verdict.detail
    small_store.conn.execute("PRAGMA query_only = 0")
    assert (
        Desk(small_store, gate="Main").scan(code_for(small_store, 1), now).status is Status.ENTERED
    )
