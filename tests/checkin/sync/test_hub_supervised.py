"""``checkin hub`` as a supervisor runs it: restarted with only its folder, killed, stopped.

Each hub here is a real ``checkin hub`` process with its real nats-server
child, on 127.0.0.1.  Every process a test starts is ended by its PID when
the test ends, if the test did not end it itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkin.sync.address import Credentials
from checkin.sync.engine import sync_once
from checkin.sync.hub.liveness import is_alive
from tests.checkin.sync.conftest import free_port, wait_for

STOP_S = 30.0


class HubCommand:
    """One ``checkin hub --dir FOLDER ...`` process, its output read as it comes."""

    def __init__(self, folder: Path, *options: str) -> None:
        self.folder = folder
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "checkin", "hub", "--dir", str(folder), *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        assert self.process.stdout is not None and self.process.stderr is not None
        self.readers = [
            threading.Thread(target=self._read, args=(stream, lines), daemon=True)
            for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err))
        ]
        for reader in self.readers:
            reader.start()
        self.server_pid = 0

    @staticmethod
    def _read(stream: Iterator[str], lines: list[str]) -> None:
        lines.extend(stream)

    def wait_ready(self) -> str:
        """The URL the hub printed once ready; fails the test if it exits instead."""
        wait_for(
            lambda: (
                any(line.startswith("Hub ready at ") for line in self.out)
                or self.process.poll() is not None
            ),
            what="the hub to say it is ready",
        )
        ready = [line for line in self.out if line.startswith("Hub ready at ")]
        assert ready, "".join(self.err)
        self.server_pid = int(json.loads((self.folder / "hub.json").read_text())["pid"])
        return ready[0].removeprefix("Hub ready at ").split(". ", 1)[0]

    def terminate(self) -> int:
        """Send SIGTERM, as a supervisor stopping the service does; returns the exit status."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(STOP_S)
        for reader in self.readers:
            reader.join(STOP_S)
        return code

    @property
    def stderr(self) -> str:
        return "".join(self.err)

    def end(self) -> None:
        """End what is left of this hub, by PID: the command, then its server."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.server_pid and is_alive(self.server_pid):
            os.kill(self.server_pid, signal.SIGKILL)


@pytest.fixture
def hub_commands() -> Iterator[list[HubCommand]]:
    started: list[HubCommand] = []
    yield started
    for command in started:
        command.end()


def start(started: list[HubCommand], folder: Path, *options: str) -> HubCommand:
    command = HubCommand(folder, *options)
    started.append(command)
    return command


def desk_syncs(folder: Path, db: Path) -> bool:
    """A desk with the hub's shared credentials file, reaching the hub at the URL it holds."""
    credentials = Credentials.load(folder / "credentials" / "desks.json")
    report = sync_once(db, [credentials.hub], credentials)
    return report.pending == 0 and report.pushed > 0


def test_a_hub_started_again_with_only_its_folder_listens_where_it_did(
    tmp_path: Path, event_db: Path, hub_commands: list[HubCommand]
) -> None:
    folder = tmp_path / "hub"
    url = f"nats://127.0.0.1:{free_port()}"
    first = start(hub_commands, folder, "--listen", url.removeprefix("nats://"))
    assert first.wait_ready() == url
    assert first.terminate() == 0

    again = start(hub_commands, folder)

    assert again.wait_ready() == url
    assert desk_syncs(folder, event_db)


def test_an_option_given_again_wins_and_is_remembered(
    tmp_path: Path, hub_commands: list[HubCommand]
) -> None:
    folder = tmp_path / "hub"
    first, second = free_port(), free_port()
    hub = start(hub_commands, folder, "--listen", f"127.0.0.1:{first}")
    assert hub.wait_ready() == f"nats://127.0.0.1:{first}"
    assert hub.terminate() == 0
    moved = start(hub_commands, folder, "--listen", f"127.0.0.1:{second}")
    assert moved.wait_ready() == f"nats://127.0.0.1:{second}"
    assert moved.terminate() == 0

    again = start(hub_commands, folder)

    assert again.wait_ready() == f"nats://127.0.0.1:{second}"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_a_hub_killed_with_sigkill_starts_again_at_once(
    tmp_path: Path, event_db: Path, hub_commands: list[HubCommand]
) -> None:
    folder = tmp_path / "hub"
    url = f"nats://127.0.0.1:{free_port()}"
    killed = start(hub_commands, folder, "--listen", url.removeprefix("nats://"))
    killed.wait_ready()
    old_server = killed.server_pid
    os.kill(killed.process.pid, signal.SIGKILL)
    # Not reaped until after the restart: it stays a zombie that os.kill(pid, 0) still finds.
    wait_for(lambda: not is_alive(killed.process.pid), what="the hub process to die")
    os.kill(killed.process.pid, 0)

    again = start(hub_commands, folder)

    assert again.wait_ready() == url
    assert not is_alive(old_server)
    assert desk_syncs(folder, event_db)
    assert again.terminate() == 0
    assert killed.process.wait(STOP_S) == -signal.SIGKILL


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_the_server_does_not_outlive_a_hub_killed_with_sigkill(
    tmp_path: Path, hub_commands: list[HubCommand]
) -> None:
    killed = start(hub_commands, tmp_path / "hub", "--listen", "127.0.0.1:0")
    killed.wait_ready()

    killed.process.kill()

    wait_for(lambda: not is_alive(killed.server_pid), what="the server to stop with its hub")


def test_sigterm_stops_the_hub_cleanly_with_its_log_on_stderr(
    tmp_path: Path, hub_commands: list[HubCommand]
) -> None:
    folder = tmp_path / "hub"
    hub = start(hub_commands, folder, "--listen", "127.0.0.1:0")
    hub.wait_ready()

    assert hub.terminate() == 0

    assert "Traceback" not in hub.stderr
    assert "[INF] Server is ready" in hub.stderr  # the server's own log line
    assert f"checkin hub: stopping the hub server (pid {hub.server_pid})" in hub.stderr
    assert "checkin hub: hub server stopped (exit status 0)" in hub.stderr
    assert "[INF] Server is ready" in (folder / "nats-server.log").read_text()
    assert not is_alive(hub.server_pid)
