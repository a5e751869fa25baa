"""One matching rule: the store's queries and the importer's indexes find the same attendee."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from checkin import matching
from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT
from checkin.model import AttendeeRecord
from checkin.roster.importing import _Matcher
from checkin.store import Store


def _in_the_store(store: Store, record: AttendeeRecord) -> int | None:
    found = matching.match(record, store)
    return None if found is None else found.number


def _in_the_importer(store: Store, record: AttendeeRecord) -> int | None:
    found = _Matcher(store.attendees()).match(record)
    return None if found is None else found.number


@pytest.fixture
def ann_and_bob(tmp_path: Path, now: datetime) -> Iterator[Store]:
    store = Store.create(
        tmp_path / "event.db",
        event=DEMO_EVENT,
        categories=DEMO_CATEGORIES,
        gates=(),
        key=bytes(32),
        now=now,
    )
    store.upsert_attendees(
        [
            AttendeeRecord(name="Ann", company="Acme", email="ann@example.com", ticket_code="A1"),
            AttendeeRecord(name="Bob", company="Acme", email="bob@example.com", ticket_code="B1"),
            AttendeeRecord(name="Cy", company="Acme"),
        ],
        now,
    )
    yield store
    store.close()


@pytest.mark.parametrize("matcher", [_in_the_store, _in_the_importer], ids=["store", "importer"])
@pytest.mark.parametrize(
    ("record", "number"),
    [
        (AttendeeRecord(name="Someone", number=2, email="ann@example.com"), 2),
        (AttendeeRecord(name="Someone", number=9), None),
        (AttendeeRecord(name="Someone", email="ANN@Example.com", ticket_code="B1"), 1),
        (AttendeeRecord(name="Someone", ticket_code="B1"), 2),
        (AttendeeRecord(name="Someone", ticket_code="b1"), None),
        (AttendeeRecord(name="Ann", company="Acme"), 1),
        (AttendeeRecord(name="Ann", company="Acme", email="ANN@EXAMPLE.COM"), 1),
        # A namesake whose email or ticket code differs is someone else.
        (AttendeeRecord(name="Ann", company="Acme", email="other@example.com"), None),
        (AttendeeRecord(name="Ann", company="Acme", ticket_code="Z9"), None),
        (AttendeeRecord(name="Cy", company="Acme", email="cy@example.com"), 3),
        (AttendeeRecord(name="Ann", company="Other"), None),
    ],
)
def test_a_record_is_matched_by_number_else_email_else_ticket_else_name_and_company(
    ann_and_bob: Store,
    matcher: Callable[[Store, AttendeeRecord], int | None],
    record: AttendeeRecord,
    number: int | None,
) -> None:
    assert matcher(ann_and_bob, record) == number
