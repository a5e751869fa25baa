"""Purging personal data keeps the counts and keeps the data from coming back."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from checkin.counts.headcounts import headcounts
from checkin.desk import Desk
from checkin.facts import Fact, Kind
from checkin.model import AttendeeRecord
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


def _bodies(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT id, body FROM facts").fetchall())


def _purge_fact(store: Store) -> list[Fact]:
    return [f for f in store.facts() if f.kind == Kind.PERSONAL_DATA_PURGED]


def test_a_purge_is_a_fact_that_another_store_applies_on_merge(
    small_store: Store, now: datetime, tmp_path: Path
) -> None:
    peer = Store.new(tmp_path / "peer.db")
    peer.merge(small_store.facts())
    assert peer.attendee(1).email == "li@example.com"  # type: ignore[union-attr]

    purge_personal_data(small_store, now + timedelta(days=1), now=now + timedelta(hours=2))
    peer.merge(_purge_fact(small_store))

    assert peer.attendee(1).email == "" and peer.attendee(1).name == "#1"  # type: ignore[union-attr]
    assert _bodies(peer) == _bodies(small_store)
    peer.close()


def test_facts_from_before_the_cut_off_that_arrive_after_the_purge_are_blanked_on_arrival(
    small_store: Store, now: datetime, tmp_path: Path
) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 6), now)
    original = list(small_store.facts())
    purge_personal_data(small_store, now + timedelta(days=1), now=now + timedelta(hours=2))
    late = Store.new(tmp_path / "late.db")

    late.merge(_purge_fact(small_store))  # the purge first, then everything it covers
    late.merge(original)

    assert _bodies(late) == _bodies(small_store)
    assert [a.as_record() for a in late.attendees()] == [
        a.as_record() for a in small_store.attendees()
    ]
    raw = late.conn.execute("SELECT group_concat(body) FROM facts").fetchone()[0]
    assert "li@example.com" not in raw and "EXT-2026-ABC1" not in raw
    late.close()


def test_any_arrival_order_gives_the_same_store(
    small_store: Store, now: datetime, tmp_path: Path
) -> None:
    Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    purge_personal_data(small_store, now + timedelta(minutes=30), now=now + timedelta(hours=2))
    small_store.register_attendee(
        AttendeeRecord("Late Walk-in", email="late@example.com"), now + timedelta(hours=3)
    )
    everything = list(small_store.facts())
    stores = []
    for index, order in enumerate(
        (everything, everything[::-1], everything[1::2] + everything[::2])
    ):
        store = Store.new(tmp_path / f"order-{index}.db")
        for fact in order:
            store.merge([fact])
        stores.append(store)

    for store in stores:
        assert _bodies(store) == _bodies(small_store)
        assert store.attendees() == small_store.attendees()
        store.close()
    assert small_store.attendee(7).email == "late@example.com"  # type: ignore[union-attr]


def test_a_fact_recorded_here_before_the_cut_off_is_kept_blank(
    small_store: Store, now: datetime
) -> None:
    purge_personal_data(small_store, now + timedelta(days=1), now=now)

    walk_in = small_store.register_attendee(
        AttendeeRecord("Walk In", email="walk@example.com"), now + timedelta(hours=1)
    )

    assert (walk_in.name, walk_in.email) == (f"#{walk_in.number}", "")


def test_purging_again_records_no_second_purge(small_store: Store, now: datetime) -> None:
    purge_personal_data(small_store, now + timedelta(days=1))
    again = purge_personal_data(small_store, now + timedelta(days=1))

    assert (again.facts, again.attendees) == (0, 0)
    assert len(_purge_fact(small_store)) == 1


def test_a_store_that_applies_a_purge_keeps_no_old_copy_in_its_file(
    small_store: Store, now: datetime, tmp_path: Path
) -> None:
    peer = Store.new(tmp_path / "peer.db")
    peer.merge(small_store.facts())
    purge_personal_data(small_store, now + timedelta(days=1), now=now)

    peer.merge(_purge_fact(small_store))

    for path in tmp_path.glob("peer.db*"):
        data = path.read_bytes()
        assert b"li@example.com" not in data and "李伟".encode() not in data, path.name
    peer.close()
