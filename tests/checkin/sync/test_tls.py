"""A hub started with --tls encrypts desk links with its own certificate, which desks pin."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from checkin.sync import tls
from checkin.sync.address import Credentials
from checkin.sync.engine import sync_once
from checkin.sync.errors import CredentialsError, HubTLSError
from tests.checkin.sync.conftest import Hub, HubFactory, fact_ids, sync
from ui.commands import main


@pytest.fixture
def tls_hub(hubs: HubFactory) -> Hub:
    return hubs.start("secure", tls=True)


def test_desks_sync_over_tls_with_the_certificate_from_their_credentials(
    tls_hub: Hub, event_db: Path, tmp_path: Path
) -> None:
    assert tls_hub.url.startswith("tls://")
    assert "BEGIN CERTIFICATE" in tls_hub.credentials.ca
    sync(event_db, tls_hub)
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(tls_hub.settings.directory), "--add-desk", "k2", "--json"]
    )
    assert result.exit_code == 0, result.output
    own = Credentials.load(json.loads(result.output)["credentials"])
    assert own.ca == tls_hub.credentials.ca

    sync_once(tmp_path / "k2.db", [tls_hub.url], own)

    assert fact_ids(tmp_path / "k2.db") == fact_ids(event_db)
    key_mode = stat.S_IMODE(tls_hub.settings.tls_key_file.stat().st_mode)
    assert key_mode == 0o600


def test_a_desk_that_does_not_trust_the_hub_is_told_so(
    tls_hub: Hub, hubs: HubFactory, event_db: Path
) -> None:
    other = hubs.start("impostor", tls=True)
    without = replace(tls_hub.credentials, ca="")
    wrong = replace(tls_hub.credentials, ca=other.credentials.ca)
    for credentials in (without, wrong):
        with pytest.raises(HubTLSError, match="did not prove it is this venue's hub"):
            sync_once(event_db, [tls_hub.url], credentials)


def test_a_desk_that_pins_a_certificate_never_talks_plain(
    hub: Hub, tls_hub: Hub, event_db: Path
) -> None:
    pinned = replace(hub.credentials, ca=tls_hub.credentials.ca)
    with pytest.raises(HubTLSError):
        sync_once(event_db, [hub.url], pinned)


def test_the_certificate_is_kept_across_restarts(tls_hub: Hub, hubs: HubFactory) -> None:
    first = tls_hub.credentials.ca
    tls_hub.server.stop()
    again = hubs.start("secure", tls_hub.port, tls=True)
    assert again.credentials.ca == first


def test_a_credentials_file_with_a_broken_certificate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    path.write_text(json.dumps({"user": "k", "password": "p", "ca": "not a certificate"}))
    with pytest.raises(CredentialsError, match="no valid hub certificate"):
        Credentials.load(path)


def test_a_hub_whose_address_changed_since_its_certificate_is_still_trusted(
    hubs: HubFactory, event_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The certificate pins the hub; the address it was made for may change (DHCP).
    monkeypatch.setattr(tls, "_addresses", lambda host: (["10.9.9.9"], ["old-name"]))
    folder = hubs.root / "moved"
    tls.ensure_certificate(folder / "tls" / "hub-cert.pem", folder / "tls" / "hub-key.pem", "")
    moved = hubs.start("moved", tls=True)
    sync_once(event_db, [moved.url], moved.credentials)


def test_asyncio_s_tls_eof_notice_is_dropped_and_other_warnings_pass(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    import checkin.sync.link  # noqa: F401  (installs the filter)

    noisy = logging.getLogger("asyncio")
    with caplog.at_level(logging.WARNING, logger="asyncio"):
        noisy.warning("returning true from eof_received() has no effect when using ssl")
        noisy.warning("Task was destroyed but it is pending!")
    assert [r.getMessage() for r in caplog.records] == ["Task was destroyed but it is pending!"]
