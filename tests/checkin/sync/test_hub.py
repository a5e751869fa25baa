"""``checkin hub`` runs a password-protected nats-server and stops it on a signal."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
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


NO_QT = '''
import importlib.abc
import sys
import threading


class NoQt(importlib.abc.MetaPathFinder):
    """Fails every import of Qt, as on a machine without it."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in ("PySide6", "shiboken6"):
            raise ImportError(f"no {name} on this machine")
        return None


sys.meta_path.insert(0, NoQt())
'''


@pytest.fixture
def without_qt(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python cannot import PySide6, with this checkout importable."""
    blocker = tmp_path / "no-qt"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(NO_QT)
    checkout = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(checkout)])}
    probe = subprocess.run(
        [sys.executable, "-c", "import PySide6"], env=env, capture_output=True, text=True
    )
    assert probe.returncode != 0 and "no PySide6 on this machine" in probe.stderr
    return env


def test_the_core_command_runs_a_hub_on_a_machine_without_qt(
    tmp_path: Path, without_qt: dict[str, str]
) -> None:
    folder = tmp_path / "hub"
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "checkin", "hub", "--dir", str(folder)]
        + ["--listen", f"127.0.0.1:{port}"],
        env=without_qt,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.extend(process.stdout)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    server_pid = 0
    try:
        wait_for(
            lambda: (
                any(line.startswith("Hub ready at") for line in lines) or process.poll() is not None
            ),
            what="the hub to say it is ready",
        )
        assert lines and lines[0].startswith(f"Hub ready at nats://127.0.0.1:{port}."), (
            process.stderr.read() if process.stderr else ""
        )
        server_pid = json.loads((folder / "hub.json").read_text())["pid"]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if server_pid and alive(server_pid):
            os.kill(server_pid, signal.SIGKILL)
    reader.join(5)
    err = process.stderr.read() if process.stderr else ""

    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert not alive(server_pid)
