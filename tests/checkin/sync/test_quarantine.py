"""Garbage on the event's stream is kept aside, counted and never applied; the rest still is."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from pathlib import Path

import nats
import pytest

from checkin.counts.headcounts import headcounts
from checkin.facts import Fact, Kind, new_fact_id
from checkin.model import Status
from checkin.store import Store
from checkin.sync import inbound
from checkin.sync.address import Credentials
from checkin.sync.bookkeeping import start_over
from checkin.sync.link import HubLink
from tests.checkin.sync.conftest import Clock, Hub, LiveDesk, fact_ids, scan, sync

SECRET_NAME = "Quarantined Person 秘密"
PREFIX = "checkin.ev-sync-test"


def fact(kind: str, body: dict[str, object]) -> Fact:
    return Fact(new_fact_id(), kind, "intruder", 1, body)


def garbage() -> list[tuple[str, bytes, str]]:
    """(subject suffix, data, message id): one of each way a message can be wrong."""
    foreign_event = fact(Kind.EVENT_CREATED, {"id": "other-event", "name": SECRET_NAME})
    refused = fact(Kind.SCAN_RECORDED, {"status": "nonsense", "name": SECRET_NAME})
    misfiled = fact(Kind.ATTENDEE_REGISTERED, {"number": 9999, "name": SECRET_NAME})
    return [
        ("scan.recorded", b"{not json", "g1"),
        ("scan.recorded", json.dumps({"kind": "scan.recorded"}).encode(), "g2"),
        ("bogus.kind", json.dumps({**refused.to_json(), "kind": "bogus.kind"}).encode(), "g3"),
        (Kind.EVENT_CREATED, foreign_event.encode(), foreign_event.id),
        (Kind.SCAN_RECORDED, refused.encode(), refused.id),
        (Kind.SCAN_RECORDED, misfiled.encode(), misfiled.id),  # subject says scan, fact says not
        ("scan.recorded", b"\xff\xfe\x00", "g7"),
        ("scan.recorded", b"[" * 100_000, "g8"),
    ]


def publish_raw(hub: Hub, items: list[tuple[str, bytes, str]]) -> None:
    """Publish straight to the stream subjects, as a broken or hostile client would."""

    async def send() -> None:
        nc = await nats.connect(
            servers=[hub.url], user=hub.credentials.user, password=hub.credentials.password
        )
        try:
            js = nc.jetstream()
            for suffix, data, msg_id in items:
                await js.publish(f"{PREFIX}.{suffix}", data, headers={"Nats-Msg-Id": msg_id})
        finally:
            await nc.close()

    asyncio.run(send())


def test_garbage_between_good_facts_is_quarantined_and_the_rest_applied(
    event_db: Path,
    hub: Hub,
    tmp_path: Path,
    clock: Clock,
    live_desks: Callable[[Path, list[str], Credentials], LiveDesk],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    sync(event_db, hub)
    publish_raw(hub, garbage())
    for number in (1, 2, 3):
        assert scan(event_db, number, clock()).status is Status.ENTERED
    sync(event_db, hub)
    publish_raw(hub, garbage()[:1] + [("scan.recorded", b"null", "g9")])  # g1 again: kept once
    assert scan(event_db, 4, clock()).status is Status.ENTERED
    sync(event_db, hub)

    sync(tmp_path / "joiner.db", hub, desk="joiner")
    joiner = live_desks(tmp_path / "joiner.db", [hub.url], hub.credentials)
    joiner.wait_in_step()

    assert fact_ids(joiner.path) == fact_ids(event_db)
    with Store.open(joiner.path) as store:
        assert store.event().id == "ev-sync-test"
        assert headcounts(store).checked_in == 4
        assert store.quarantine_count() == 9
        reasons = {r for (r,) in store.conn.execute("SELECT reason FROM quarantine")}
    assert joiner.background.state.quarantined == 9
    assert reasons == {
        "not a valid fact",
        "not a valid fact (nested too deeply)",
        "fact creates another event",
        "the desk's tables refused it",
        "subject does not match the event and fact kind",
    }
    assert "quarantined stream message" in caplog.text
    assert SECRET_NAME not in caplog.text


def test_a_desk_that_holds_the_event_is_not_rewritten_by_a_foreign_one(
    event_db: Path, hub: Hub
) -> None:
    sync(event_db, hub)
    foreign = fact(Kind.EVENT_CREATED, {"id": "other-event", "name": SECRET_NAME})
    publish_raw(hub, [(Kind.EVENT_CREATED, foreign.encode(), foreign.id)])

    sync(event_db, hub)

    with Store.open(event_db) as store:
        assert store.event().id == "ev-sync-test"
        assert store.quarantine_count() == 1
        assert foreign.id not in fact_ids(event_db)


def test_a_quarantined_message_is_kept_once_when_read_again(event_db: Path, tmp_path: Path) -> None:
    joined = Store.new(tmp_path / "joined.db", desk="joined")
    bad = [(1, "x", b"junk", f"{PREFIX}.scan.recorded")]
    inbound.apply_messages(joined, bad)
    start_over(joined)
    inbound.apply_messages(joined, bad)
    assert joined.quarantine_count() == 1
    joined.close()


def test_the_stream_reader_names_the_event_it_expects(hub: Hub, event_db: Path) -> None:
    sync(event_db, hub)

    async def binding_prefix() -> str:
        link = await HubLink.open([hub.url], hub.credentials, None)
        await link.close()
        return link.binding.subject_prefix

    assert asyncio.run(binding_prefix()) == PREFIX
