"""A purge at the organizer's desk covers the venue: every store that syncs, and the hub."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from checkin.cli import main
from checkin.model import AttendeeRecord
from checkin.store import Store
from checkin.sync.hub.info import shared_credentials_file
from checkin.sync.link import HubLink
from checkin.sync.sender import OutboxSender
from checkin.sync.store_thread import StoreWorker
from tests.checkin.sync.conftest import (
    CATEGORIES,
    EVENT,
    GATES,
    KEY,
    Hub,
    HubFactory,
    scan,
    stats_json,
    sync,
)

PEOPLE = 25


def _person(number: int) -> AttendeeRecord:
    return AttendeeRecord(
        f"Purgeable Person {number:03d}",
        f"可清除{number:03d}",
        company=f"Erasable Works {number:03d}",
        email=f"person{number:03d}@purge.example",
        phone=f"+86 139 5550 {number:04d}",
        category="Speaker" if number % 5 == 0 else "Attendee",
    )


def _secrets(numbers: range) -> list[bytes]:
    """Every personal value of these attendees, as the bytes a file would hold."""
    values: list[bytes] = []
    for number in numbers:
        person = _person(number)
        for text in (person.name, person.name_alt, person.company, person.email, person.phone):
            values.append(text.encode())
    return values


def _organizer(path: Path, now: datetime) -> Path:
    with Store.create(
        path, event=EVENT, categories=CATEGORIES, gates=GATES, key=KEY, now=now, desk="office"
    ) as store:
        store.upsert_attendees([_person(n) for n in range(1, PEOPLE + 1)], now)
    return path


def _personal_rows(path: Path) -> list[str]:
    """Whatever of the purged people's data a store still shows or holds in its log."""
    with Store.open(path) as store:
        shown = [
            value
            for attendee in store.attendees()
            for value in (attendee.email, attendee.phone, attendee.company, attendee.name_alt)
            if value
        ]
        shown += [a.name for a in store.attendees() if not a.name.startswith("#")]
        logged = store.conn.execute("SELECT body FROM facts").fetchall()
    return shown + [body for (body,) in logged if "purge.example" in body or "Purgeable" in body]


def _files_holding(folder: Path, secrets: list[bytes]) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)}: {s.decode()}" for s in secrets if s in data]
    return found


def _purge(db: Path, before: datetime, hub: Hub) -> str:
    result = CliRunner().invoke(
        main,
        [
            "purge",
            "--db",
            str(db),
            "--before",
            before.isoformat(),
            "--hub",
            hub.url,
            "--creds",
            str(shared_credentials_file(hub.settings)),
            "--yes",
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_purge_reaches_every_desk_a_late_joiner_and_the_hubs_disk(
    hubs: HubFactory, tmp_path: Path, now: datetime
) -> None:
    hub = hubs.start()
    office = _organizer(tmp_path / "office.db", now)
    sync(office, hub)
    desk_a, desk_b = tmp_path / "desk-a.db", tmp_path / "desk-b.db"
    sync(desk_a, hub, desk="desk-a")
    sync(desk_b, hub, desk="desk-b")
    for number in (1, 2, 3, 5, 10):
        scan(desk_a, number, now + timedelta(minutes=number))
    sync(desk_a, hub)
    sync(office, hub)
    before_purge = stats_json(office)
    assert _personal_rows(desk_b)  # the desks hold the roster before the purge

    output = _purge(office, now + timedelta(days=1), hub)
    sync(desk_a, hub)
    sync(desk_b, hub)
    late = tmp_path / "late.db"
    sync(late, hub, desk="late")

    assert f"of {PEOPLE} attendees" in output
    for desk in (office, desk_a, desk_b, late):
        assert _personal_rows(desk) == [], desk.name
        assert stats_json(desk) == before_purge, desk.name
    with Store.open(late) as store:
        assert store.attendee_count() == PEOPLE
        assert {a.category for a in store.attendees()} == {"Attendee", "Speaker"}
    hub.server.stop()
    assert _files_holding(hub.settings.directory, _secrets(range(1, PEOPLE + 1))) == []


def _push_outbox_only(path: Path, hub: Hub) -> int:
    """Send a desk's outbox without reading the stream first, as a desk does that pushes
    before it has read the purge."""

    async def push() -> int:
        worker = StoreWorker(path)
        await worker.open()
        link = await HubLink.open([hub.url], hub.credentials, None)
        try:
            return await OutboxSender(link, worker).push_all()
        finally:
            await link.close()
            await worker.close()

    return asyncio.run(push())


def test_facts_a_desk_brings_after_the_purge_are_blanked_and_erased_by_purging_again(
    hubs: HubFactory, tmp_path: Path, now: datetime
) -> None:
    hub = hubs.start()
    office = _organizer(tmp_path / "office.db", now)
    sync(office, hub)
    offline = tmp_path / "offline.db"
    sync(offline, hub, desk="offline")
    with Store.open(offline) as store:  # a walk-in registered while cut off from the hub
        walk_in = store.register_attendee(_person(900), now + timedelta(hours=2))
    _purge(office, now + timedelta(days=1), hub)

    assert _push_outbox_only(offline, hub) == 1
    sync(office, hub)
    sync(offline, hub)

    assert _personal_rows(offline) == [] and _personal_rows(office) == []
    with Store.open(office) as store:
        assert store.attendee(walk_in.number).category == "Speaker"  # type: ignore[union-attr]
    assert "Erased 1 messages" in _purge(office, now + timedelta(days=1), hub)
    hub.server.stop()
    assert _files_holding(hub.settings.directory, _secrets(range(900, 901))) == []


def test_a_desk_whose_last_read_message_was_erased_carries_on_from_there(
    hubs: HubFactory, tmp_path: Path, now: datetime
) -> None:
    hub = hubs.start()
    office = _organizer(tmp_path / "office.db", now)
    sync(office, hub)
    desk = tmp_path / "desk.db"
    sync(desk, hub, desk="desk")  # its last message read is an attendee fact

    _purge(office, now + timedelta(days=1), hub)
    report = sync(desk, hub)

    assert report.pushed == 0  # not mistaken for a hub that lost its disk: nothing re-sent
    assert _personal_rows(desk) == []
