"""The sync's bookkeeping in the store: cursor, epoch, what to send again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from checkin.facts import Fact, Kind
from checkin.store import Store
from checkin.sync import worker
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

        offered = worker.recent_own(store, int((now - timedelta(minutes=1)).timestamp() * 1000))

    assert [fact.id for fact in offered] == [recent.fact_id]


def test_a_new_epoch_starts_reading_over_and_sends_everything_held(event_db: Path) -> None:
    with Store.open(event_db) as store:
        assert not worker.check_epoch(store, "first")  # nothing sent yet: the outbox will do
        store.mark_acked([fact.id for fact in store.outbox(10_000)])
        with store.transaction():
            worker.set_meta(store, worker.META_SEQ, "65")

        assert not worker.check_epoch(store, "first")
        assert worker.cursor(store) == 65
        assert worker.check_epoch(store, "second")

        assert worker.cursor(store) == 0
        facts, reached = worker.next_to_send(store, 1000)
        assert len(facts) == store.fact_count() and reached == store.fact_count()
        worker.record_sent(store, [f.id for f in facts], reached)
        assert worker.next_to_send(store, 1000) == ([], None)


def test_applying_a_message_twice_changes_nothing(event_db: Path, tmp_path: Path) -> None:
    with Store.open(event_db) as source:
        messages = [(seq, f.id, f.encode()) for seq, f in enumerate(source.facts(), start=1)]
    joined = Store.new(tmp_path / "joined.db", desk="joined")

    first = worker.apply_messages(joined, messages)
    again = worker.apply_messages(joined, messages)

    assert first == (len(messages), 0) and again == (0, 0)
    assert worker.position(joined) == (len(messages), messages[-1][1])
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

    assert worker.apply_messages(joined, messages) == (2, 2)
    assert worker.cursor(joined) == 4
    joined.close()
