"""Each way of pointing a desk at the wrong hub gets its own plain message, never a traceback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from checkin.model import Event
from checkin.store import Store
from checkin.sync.address import Credentials, parse_hub_urls
from checkin.sync.errors import (
    CredentialsError,
    HubAddressError,
    HubAuthError,
    HubEmptyError,
    HubUnreachable,
    WrongEventError,
)
from tests.checkin.sync.conftest import (
    CATEGORIES,
    EVENT,
    GATES,
    KEY,
    Hub,
    create_event,
    fact_ids,
    free_port,
    sync,
)
from ui.commands import main


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("nats://127.0.0.1:4222", ["nats://127.0.0.1:4222"]),
        ("127.0.0.1:5000", ["nats://127.0.0.1:5000"]),
        ("hub.local", ["nats://hub.local:4222"]),
        ("nats://a:1, nats://b:2", ["nats://a:1", "nats://b:2"]),
        ("tls://hub:4443", ["tls://hub:4443"]),
    ],
)
def test_hub_addresses_are_read_as_nats_urls(text: str, urls: list[str]) -> None:
    assert parse_hub_urls(text) == urls


@pytest.mark.parametrize(
    "text", ["http://127.0.0.1:4222", "nats://host:99999", "nats://host/path", "", "  ,  "]
)
def test_a_wrong_hub_address_is_refused_before_connecting(text: str) -> None:
    with pytest.raises(HubAddressError, match="hub address"):
        parse_hub_urls(text)


def test_credentials_never_show_their_password() -> None:
    assert "s3cret" not in repr(Credentials("desks", "s3cret", "nats://h:1"))


@pytest.mark.parametrize(
    "content", ["not json", "[]", '{"user": "x"}', '{"user": "", "password": "p"}']
)
def test_a_file_that_is_not_credentials_is_named(tmp_path: Path, content: str) -> None:
    path = tmp_path / "creds.json"
    path.write_text(content)
    with pytest.raises(CredentialsError, match="not a credentials file"):
        Credentials.load(path)


def test_missing_credentials_say_where_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="copy the one 'checkin hub' wrote"):
        Credentials.load(tmp_path / "nowhere.json")


def test_bad_credentials(event_db: Path, hub: Hub) -> None:
    wrong = Credentials(hub.credentials.user, "not-the-password")
    with pytest.raises(HubAuthError, match="refused this desk's credentials"):
        sync_with(event_db, hub.url, wrong)


def test_an_unreachable_hub(event_db: Path, hub: Hub) -> None:
    with pytest.raises(HubUnreachable, match="cannot reach the hub"):
        sync_with(event_db, f"nats://127.0.0.1:{free_port()}", hub.credentials)


def test_a_desk_of_another_event(event_db: Path, hub: Hub, tmp_path: Path, now: datetime) -> None:
    sync(event_db, hub)
    other = Store.create(
        tmp_path / "other.db",
        event=Event("ev-other", "Another Event", "OT26", capacity=10),
        categories=CATEGORIES,
        gates=GATES,
        key=KEY,
        now=now,
    )
    other.close()

    with pytest.raises(
        WrongEventError, match="'Another Event' but the hub serves 'Sync Test Event'"
    ):
        sync(tmp_path / "other.db", hub)


def test_an_empty_desk_at_an_empty_hub(hub: Hub, tmp_path: Path) -> None:
    with pytest.raises(HubEmptyError, match="serves no event yet"):
        sync(tmp_path / "new.db", hub)
    assert not (tmp_path / "new.db").exists()


def test_a_failed_join_leaves_no_empty_store(hub: Hub, tmp_path: Path) -> None:
    with pytest.raises(HubUnreachable):
        sync_with(tmp_path / "new.db", f"nats://127.0.0.1:{free_port()}", hub.credentials)
    assert not (tmp_path / "new.db").exists()


def sync_with(path: Path, url: str, credentials: Credentials) -> None:
    from checkin.sync.engine import sync_once

    sync_once(path, [url], credentials)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong-url", "is not a hub address"),
        ("bad-password", "refused this desk's credentials"),
        ("unreachable", "cannot reach the hub"),
        ("not-credentials", "not a credentials file"),
    ],
)
def test_the_cli_prints_one_line(
    case: str, message: str, hub: Hub, tmp_path: Path, now: datetime
) -> None:
    db = create_event(tmp_path / "desk.db", now)
    creds = tmp_path / "creds.json"
    url = hub.url
    if case == "bad-password":
        Credentials(hub.credentials.user, "wrong").save(creds)
    else:
        hub.credentials.save(creds)
    if case == "wrong-url":
        url = url.replace("nats://", "http://")
    elif case == "unreachable":
        url = f"nats://127.0.0.1:{free_port()}"
    elif case == "not-credentials":
        creds.write_text("{}")

    result = CliRunner().invoke(
        main, ["sync", "--db", str(db), "--hub", url, "--creds", str(creds), "--once"]
    )

    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_the_cli_reports_a_sync_as_json(event_db: Path, hub: Hub, tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"
    hub.credentials.save(creds)

    def run(db: Path) -> dict[str, int]:
        result = CliRunner().invoke(
            main,
            ["sync", "--db", str(db), "--hub", hub.url, "--creds", str(creds), "--once", "--json"],
        )
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.output))

    facts = len(fact_ids(event_db))
    assert run(event_db) == {"pushed": facts, "pulled": 0, "pending": 0, "event_id": EVENT.id}
    assert run(tmp_path / "joined.db") == {
        "pushed": 0,
        "pulled": facts,
        "pending": 0,
        "event_id": EVENT.id,
    }
