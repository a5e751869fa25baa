"""A hub folder's server counts as running only while it truly runs, from that folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checkin.sync.hub.liveness import is_alive, running_server_pid
from checkin.sync.hub.settings import HubSettings
from tests.checkin.sync.conftest import wait_for

needs_proc = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads process states in /proc"
)


@needs_proc
def test_a_killed_process_not_yet_reaped_counts_as_dead() -> None:
    child = subprocess.Popen([sys.executable, "-c", ""])
    try:
        wait_for(lambda: not is_alive(child.pid), what="the child to exit")
        os.kill(child.pid, 0)  # still there, as a zombie, until reaped
    finally:
        child.wait()


def test_a_running_process_is_alive() -> None:
    assert is_alive(os.getpid())


@needs_proc
def test_a_pid_file_naming_another_program_names_no_server(tmp_path: Path) -> None:
    settings = HubSettings(tmp_path)
    settings.run_dir.mkdir()
    settings.pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a nats-server of this folder
    assert running_server_pid(settings) is None
