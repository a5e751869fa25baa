"""Applying stream messages: merged once, the cursor moved, anything else kept aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from checkin.facts import Fact, Kind
from checkin.store import Store, StoreBusyError
from checkin.sync import inbound
from checkin.sync.bookkeeping import cursor, position


def test_applying_a_message_twice_changes_nothing(event_db: Path, tmp_path: Path) -> None:
    with Store.open(event_db) as source:
        messages = [(seq, f.id, f.encode()) for seq, f in enumerate(source.facts(), start=1)]
    joined = Store.new(tmp_path / "joined.db", desk="joined")

    first = inbound.apply_messages(joined, messages)
    again = inbound.apply_messages(joined, messages)

    assert first == (len(messages), 0) and again == (0, 0)
    assert position(joined) == (len(messages), messages[-1][1])
    joined.close()


def test_a_message_that_is_not_a_fact_is_skipped(event_db: Path, tmp_path: Path) -> None:
    with Store.open(event_db) as source:
        facts = list(source.facts())
    bad_body = Fact("bad", Kind.SCAN_RECORDED, "desk-x", 1, {"status": "nonsense"})
    messages = [
        (1, facts[0].id, facts[0].encode()),
        (2, "garbage", b"not json"),
        (3, "bad", bad_body.encode()),
        (4, facts[1].id, facts[1].encode()),
    ]
    joined = Store.new(tmp_path / "joined.db", desk="joined")

    assert inbound.apply_messages(joined, messages) == (2, 2)
    assert cursor(joined) == 4
    joined.close()


def test_a_store_busy_in_another_program_is_retried_never_quarantined(
    event_db: Path, tmp_path: Path
) -> None:
    with Store.open(event_db) as source:
        messages = [(seq, f.id, f.encode()) for seq, f in enumerate(source.facts(), start=1)]
    joined = Store.new(tmp_path / "joined.db", desk="joined")
    joined.conn.execute("PRAGMA busy_timeout = 0")
    holder = sqlite3.connect(joined.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusyError):
            inbound.apply_messages(joined, messages)
    finally:
        holder.close()

    assert joined.quarantine_count() == 0 and cursor(joined) == 0
    assert inbound.apply_messages(joined, messages) == (len(messages), 0)
    joined.close()
