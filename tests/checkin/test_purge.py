"""Purging personal data keeps the counts and keeps the data from coming back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from checkin.counts.headcounts import headcounts
from checkin.desk import Desk
from checkin.purge import purge_personal_data
from checkin.store import Store
from tests.checkin.conftest import code_for


def test_purge_blanks_personal_fields_and_keeps_counts(
    small_store: Store, now: datetime, tmp_path: Path
) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    backup = Store.new(tmp_path / "peer.db")
    backup.merge(small_store.facts())
    before = headcounts(small_store)

    result = purge_personal_data(small_store, now + timedelta(days=1))

    assert result.attendees == 6
    assert headcounts(small_store) == before
    for attendee in small_store.attendees():
        assert (attendee.email, attendee.phone, attendee.name_alt, attendee.company) == (
            "",
            "",
            "",
            "",
        )
        assert attendee.name == f"#{attendee.number}"
    raw = small_store.conn.execute("SELECT group_concat(body) FROM facts").fetchone()[0]
    assert "li@example.com" not in raw and "李伟" not in raw
    small_store.merge(backup.facts())  # the same facts again, as from the hub
    assert small_store.attendee(1) is not None and small_store.attendee(1).email == ""  # type: ignore[union-attr]


def test_purge_leaves_later_records_alone(small_store: Store, now: datetime) -> None:
    result = purge_personal_data(small_store, now - timedelta(days=1))
    assert result.facts == 0 and small_store.attendee(1).email == "li@example.com"  # type: ignore[union-attr]
