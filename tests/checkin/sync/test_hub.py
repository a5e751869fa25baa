"""``checkin hub`` runs a password-protected nats-server and stops it on a signal."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checkin.sync.address import Credentials
from checkin.sync.errors import HubAuthError, HubSetupError
from checkin.sync.hub.process import HubServer
from tests.checkin.sync.conftest import Hub, HubFactory, free_port, sync, wait_for
from ui.commands import main


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_hub_command_writes_a_private_hub_file_and_stops_its_server_on_sigterm(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "hub"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ui.commands import main; main()",
            "hub",
            "--dir",
            str(folder),
            "--listen",
            "127.0.0.1:0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    server_pid = 0
    try:
        wait_for(
            lambda: (folder / "hub.json").exists() or process.poll() is not None, what="hub.json"
        )
        info = json.loads((folder / "hub.json").read_text())
        server_pid = info["pid"]
        assert stat.S_IMODE((folder / "hub.json").stat().st_mode) == 0o600
        assert stat.S_IMODE(Path(info["credentials"]).stat().st_mode) == 0o600
        assert info["url"].startswith("nats://127.0.0.1:")
        assert alive(server_pid)

        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if server_pid and alive(server_pid):
            os.kill(server_pid, signal.SIGKILL)

    assert process.returncode == 0, err
    assert out.startswith(f"Hub ready at {info['url']}. Join a desk with: checkin sync")
    assert f"--creds {info['credentials']}" in out
    assert not alive(server_pid)


def test_the_hub_never_runs_open(hub: Hub, event_db: Path) -> None:
    config = hub.settings.config_file.read_text()
    assert "authorization" in config and "no_auth_user" not in config
    assert stat.S_IMODE(hub.settings.config_file.stat().st_mode) == 0o600
    from checkin.sync.engine import sync_once

    with pytest.raises(HubAuthError):
        sync_once(event_db, [hub.url], Credentials("", ""))


def test_a_desk_added_to_a_running_hub_can_sync(hub: Hub, event_db: Path, tmp_path: Path) -> None:
    sync(event_db, hub)
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--add-desk", "kiosk-3", "--json"]
    )
    assert result.exit_code == 0, result.output
    creds_file = Path(json.loads(result.output)["credentials"])
    credentials = Credentials.load(creds_file)
    assert credentials.user == "kiosk-3"
    assert stat.S_IMODE(creds_file.stat().st_mode) == 0o600

    def joins() -> bool:  # the server reloads its users a moment after the signal
        from checkin.sync.engine import sync_once

        try:
            sync_once(tmp_path / "kiosk-3.db", [hub.url], credentials)
        except HubAuthError:
            return False
        return True

    wait_for(joins, what="the new desk to be accepted")


@pytest.mark.parametrize("name", ["", "route", "has space", "a" * 64, "../up"])
def test_a_desk_name_must_be_plain(hub: Hub, name: str) -> None:
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(hub.settings.directory), "--add-desk", name]
    )
    assert result.exit_code == 1
    assert "cannot be a desk name" in result.output


def test_a_taken_port_is_reported(hubs: HubFactory) -> None:
    first = hubs.start("first")
    with pytest.raises(HubSetupError, match="already in use"):
        hubs.start("second", first.port)


def test_one_folder_runs_one_server(hubs: HubFactory) -> None:
    first = hubs.start("same")
    with pytest.raises(HubSetupError, match="already running"):
        HubServer(first.settings).start()


def test_peers_need_a_cluster_address(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["hub", "--dir", str(tmp_path / "h"), "--peer", f"127.0.0.1:{free_port()}"]
    )
    assert result.exit_code == 2
    assert "--peer needs --cluster" in result.output
