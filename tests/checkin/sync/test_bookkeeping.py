"""The sync's bookkeeping in the store: cursor, epoch, what to send again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from checkin.facts import Fact, Kind
from checkin.store import Store
from checkin.sync import bookkeeping
from tests.checkin.sync.conftest import scan


def test_a_desk_offers_again_only_its_own_sent_facts_of_the_last_minute(event_db: Path) -> None:
    now = datetime.now(UTC)
    old = scan(event_db, 1, now - timedelta(minutes=5))
    recent = scan(event_db, 2, now - timedelta(seconds=20))
    scan(event_db, 3, now - timedelta(seconds=10))  # recent but not yet sent
    with Store.open(event_db) as store:
        store.mark_acked([old.fact_id or "", recent.fact_id or ""])
        store.merge(
            [Fact("other-desk-fact", Kind.DESK_STATUS, "desk-b", store.clock.tick(0) + 1, {})]
        )

        offered = bookkeeping.recent_own(
            store, int((now - timedelta(minutes=1)).timestamp() * 1000)
        )

    assert [fact.id for fact in offered] == [recent.fact_id]


def test_a_new_epoch_starts_reading_over_and_sends_everything_held(event_db: Path) -> None:
    with Store.open(event_db) as store:
        assert not bookkeeping.check_epoch(store, "first")  # nothing sent yet: the outbox will do
        store.mark_acked([fact.id for fact in store.outbox(10_000)])
        with store.transaction():
            store.set_meta(bookkeeping.META_SEQ, "65")

        assert not bookkeeping.check_epoch(store, "first")
        assert bookkeeping.cursor(store) == 65
        assert bookkeeping.check_epoch(store, "second")

        assert bookkeeping.cursor(store) == 0
        facts, reached = bookkeeping.next_to_send(store, 1000)
        assert len(facts) == store.fact_count() and reached == store.fact_count()
        bookkeeping.record_sent(store, [f.id for f in facts], reached)
        assert bookkeeping.next_to_send(store, 1000) == ([], None)
