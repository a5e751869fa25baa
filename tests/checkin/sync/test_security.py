"""The hub lets each desk of its own touch its event only, and a revoked desk not at all."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import nats
import nats.errors
import pytest
from click.testing import CliRunner

from checkin.export.rows import export_scans
from checkin.store import Store
from checkin.sync.address import Credentials
from checkin.sync.engine import sync_once
from checkin.sync.errors import DeskRevokedError, HubAuthError, SyncError
from checkin.sync.hub.desks import render_users, revoke_desk
from checkin.sync.hub.passwords import Secrets
from tests.checkin.sync.conftest import (
    Hub,
    HubFactory,
    LiveDesk,
    fact_ids,
    scan,
    sync,
    wait_for,
)
from ui.commands import main


def add_desk(hub: Hub, name: str, *extra: str) -> Credentials:
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--add-desk", name, "--json", *extra]
    )
    assert result.exit_code == 0, result.output
    return Credentials.load(json.loads(result.output)["credentials"])


def accepted(path: Path, hub: Hub, credentials: Credentials) -> bool:
    try:
        sync_once(path, [hub.url], credentials)
    except HubAuthError:
        return False
    return True


@pytest.fixture
def own_desk(hub: Hub, event_db: Path, tmp_path: Path) -> Credentials:
    """A desk of its own on a hub already bound to the test event."""
    sync(event_db, hub)
    credentials = add_desk(hub, "kiosk-7")
    wait_for(lambda: accepted(tmp_path / "kiosk-7.db", hub, credentials), what="the desk joins")
    return credentials


def test_the_hub_refuses_desks_without_credentials(hub: Hub, event_db: Path) -> None:
    with pytest.raises(HubAuthError, match="refused this desk's credentials"):
        sync_once(event_db, [hub.url], Credentials("", ""))
    with pytest.raises(HubAuthError, match="refused this desk's credentials"):
        sync_once(event_db, [hub.url], Credentials("desks", "guessed"))


def test_every_user_of_a_desk_of_its_own_is_limited(tmp_path: Path) -> None:
    users = render_users(Secrets({"desks": "a", "kiosk-1": "b"}, "r", {"kiosk-1": "ev1"}))
    kiosk_line = next(line for line in users.splitlines() if '"kiosk-1"' in line)
    assert '"checkin.ev1.>"' in kiosk_line
    assert '"_INBOX.kiosk-1.>"' in kiosk_line
    assert "$JS.API.>" not in kiosk_line and '"_INBOX.>"' not in kiosk_line


def test_a_desk_of_its_own_syncs_scans_both_ways(
    hub: Hub, own_desk: Credentials, event_db: Path, tmp_path: Path, now: datetime
) -> None:
    scan(tmp_path / "kiosk-7.db", 5, now)
    report = sync_once(tmp_path / "kiosk-7.db", [hub.url], own_desk)
    assert report.pending == 0
    sync(event_db, hub)
    assert fact_ids(event_db) == fact_ids(tmp_path / "kiosk-7.db")


async def _try(hub: Hub, credentials: Credentials, subject: str) -> str:
    """Publish to ``subject`` as this desk; returns the server's complaint, if any."""
    errors: list[str] = []

    async def on_error(error: Exception) -> None:
        errors.append(str(error))

    nc = await nats.connect(
        servers=[hub.url],
        user=credentials.user,
        password=credentials.password,
        inbox_prefix=credentials.inbox_prefix,
        error_cb=on_error,
        allow_reconnect=False,
    )
    try:
        with contextlib.suppress(nats.errors.TimeoutError, nats.errors.NoRespondersError):
            await nc.request(subject, b"{}", timeout=0.5)
        await nc.flush()
    finally:
        await nc.close()
    return " ".join(errors)


@pytest.mark.parametrize(
    "subject",
    [
        "checkin.other_event.scan.recorded",
        "$JS.API.STREAM.DELETE.CHECKIN_ev-sync-test",
        "$JS.API.STREAM.PURGE.CHECKIN_ev-sync-test",
        "$JS.API.STREAM.LIST",
        "$KV.CHECKIN_HUB.anything",
        "$KV.CHECKIN_HUB.event",
        "$JS.API.STREAM.CREATE.KV_CHECKIN_HUB",
        "_INBOX.desks.stolen",
    ],
)
def test_a_desk_of_its_own_cannot_reach_beyond_its_event(
    hub: Hub, own_desk: Credentials, subject: str
) -> None:
    complaint = asyncio.run(_try(hub, own_desk, subject))
    assert "permissions violation" in complaint.lower()


def test_a_revoked_desk_is_told_it_was_revoked_at_the_hub(
    hub: Hub, own_desk: Credentials, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--revoke-desk", "kiosk-7"]
    )
    assert result.exit_code == 0, result.output
    assert not (hub.settings.credentials_dir / "kiosk-7.json").exists()
    wait_for(lambda: not accepted(tmp_path / "kiosk-7.db", hub, own_desk), what="the refusal")
    with pytest.raises(DeskRevokedError, match=r"revoked this desk's credentials \(desk kiosk-7\)"):
        sync_once(tmp_path / "kiosk-7.db", [hub.url], own_desk)
    assert accepted(tmp_path / "other.db", hub, hub.credentials)  # the others keep working


def test_a_wrong_password_is_not_taken_for_a_revocation(
    hub: Hub, own_desk: Credentials, tmp_path: Path
) -> None:
    wrong = Credentials("kiosk-7", "not-the-password")
    with pytest.raises(HubAuthError, match="refused this desk's credentials") as refused:
        sync_once(tmp_path / "kiosk-7.db", [hub.url], wrong)
    assert not isinstance(refused.value, DeskRevokedError)


def test_a_revoked_desk_added_again_gets_new_credentials_and_the_old_stay_refused(
    hub: Hub, own_desk: Credentials, tmp_path: Path
) -> None:
    revoke_desk(hub.settings, "kiosk-7")
    again = add_desk(hub, "kiosk-7")
    assert again.password != own_desk.password
    wait_for(lambda: accepted(tmp_path / "new.db", hub, again), what="the new file accepted")
    with pytest.raises(HubAuthError):
        sync_once(tmp_path / "old.db", [hub.url], own_desk)


def desk_of(path: Path) -> str:
    with Store.open(path) as store:
        return store.desk_id


def test_a_desk_joining_with_its_own_credentials_is_named_after_them(
    hub: Hub, own_desk: Credentials, event_db: Path, tmp_path: Path, now: datetime
) -> None:
    kiosk = tmp_path / "kiosk-7.db"  # joined by the fixture
    assert desk_of(kiosk) == "kiosk-7"
    scan(kiosk, 5, now)
    sync_once(kiosk, [hub.url], own_desk)
    sync(event_db, hub)
    with Store.open(event_db) as store:
        assert [row["desk"] for row in export_scans(store)] == ["kiosk-7"]


def test_a_desk_is_named_by_desk_over_its_credentials_and_the_shared_file_names_none(
    hub: Hub, own_desk: Credentials, tmp_path: Path
) -> None:
    sync_once(tmp_path / "front.db", [hub.url], own_desk, desk="front")
    assert desk_of(tmp_path / "front.db") == "front"
    sync(tmp_path / "shared-1.db", hub)
    sync(tmp_path / "shared-2.db", hub)
    generated = {desk_of(tmp_path / "shared-1.db"), desk_of(tmp_path / "shared-2.db")}
    assert len(generated) == 2 and all(name.startswith("desk-") for name in generated)


def test_revoking_an_unknown_desk_says_which_exist(hub: Hub, own_desk: Credentials) -> None:
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--revoke-desk", "kiosk-9"]
    )
    assert result.exit_code == 1
    assert "no desk named 'kiosk-9'" in result.output and "kiosk-7" in result.output


def test_a_desk_for_an_unbound_hub_needs_its_event(hubs: HubFactory) -> None:
    hub = hubs.start("fresh")
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--add-desk", "k1"]
    )
    assert result.exit_code == 1
    assert "--event EVENT_ID" in result.output
    assert add_desk(hub, "k1", "--event", "ev-sync-test").user == "k1"


def test_no_password_reaches_the_logs(
    hub: Hub, own_desk: Credentials, event_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    add_desk(hub, "kiosk-8")
    sync(event_db, hub)
    with pytest.raises(SyncError):
        sync_once(event_db, [hub.url], Credentials("desks", "wrong-password"))
    secrets = json.loads(hub.settings.secrets_file.read_text())
    passwords = [*secrets["users"].values(), secrets["route_password"]]
    assert caplog.records
    for password in passwords:
        assert password not in caplog.text
    assert own_desk.password not in repr(own_desk)


def test_a_running_desk_is_dropped_when_revoked(
    hub: Hub,
    own_desk: Credentials,
    tmp_path: Path,
    live_desks: Callable[[Path, list[str], Credentials], LiveDesk],
) -> None:
    desk = live_desks(tmp_path / "kiosk-7.db", [hub.url], own_desk)
    desk.wait_in_step()

    revoke_desk(hub.settings, "kiosk-7")

    desk.wait(
        lambda s: not s.connected and "revoked this desk's credentials" in (s.error or ""),
        "the desk says it was revoked",
    )


def test_the_hub_log_holds_no_password(hub: Hub, own_desk: Credentials, event_db: Path) -> None:
    with pytest.raises(HubAuthError):
        sync_once(event_db, [hub.url], Credentials("kiosk-7", "not-the-password"))
    log_text = hub.settings.log_file.read_text(errors="replace")
    assert own_desk.password not in log_text and hub.credentials.password not in log_text
    assert "not-the-password" not in log_text
