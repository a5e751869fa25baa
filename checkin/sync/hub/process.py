"""The nats-server process of one hub folder: started, watched, and stopped by its PID."""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from checkin.files import write_private
from checkin.sync.errors import HubSetupError
from checkin.sync.hub.binary import find_nats_server
from checkin.sync.hub.config import render_config
from checkin.sync.hub.desks import render_users
from checkin.sync.hub.liveness import is_alive, is_orphan, running_server_pid
from checkin.sync.hub.passwords import Secrets
from checkin.sync.hub.server_log import ServerLog
from checkin.sync.hub.settings import HubSettings

log = logging.getLogger(__name__)

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, a pre-exec step that has the server sent SIGTERM when its parent dies.

    Without it a ``checkin hub`` killed with SIGKILL (as a supervisor does
    when a stop times out) would leave its server holding the port.  The
    signal is tied to the thread that starts the server: start it from a
    thread that lives as long as the server.  libc is looked up here, in the
    parent, so the child only makes one system call between fork and exec.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong]
    prctl.restype = ctypes.c_int

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return preexec


class HubServer:
    """One nats-server process started from a hub folder, stopped by its PID."""

    def __init__(
        self,
        settings: HubSettings,
        *,
        executable: Path | None = None,
        echo: TextIO | None = None,
    ) -> None:
        self.settings = settings
        self.executable = executable or find_nats_server()
        # The server's log lines go to the log file, and to ``echo`` (our stderr) if given.
        self.log = ServerLog(settings.log_file, echo)
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.urls: list[str] = []
        self.secrets = Secrets()

    @property
    def pid(self) -> int:
        if self.process is None:
            raise HubSetupError("the hub server is not started")
        return self.process.pid

    def start(self, timeout: float = START_TIMEOUT_S) -> str:
        """Start the server and wait until it accepts clients; returns its client URL."""
        settings = self.settings
        try:
            settings.directory.mkdir(parents=True, exist_ok=True)
            os.chmod(settings.directory, 0o700)
            settings.run_dir.mkdir(exist_ok=True)
        except OSError as error:
            raise HubSetupError(
                f"cannot use {settings.directory} as the hub folder: {error.strerror}"
            ) from None
        self._stop_orphan()
        for stale in settings.run_dir.glob("*.ports"):
            stale.unlink()
        self.secrets = Secrets.load_or_create(settings.secrets_file)
        write_private(settings.users_file, render_users(self.secrets))
        write_private(settings.config_file, render_config(settings))
        write_private(settings.owner_file, f"{os.getpid()}\n")
        self.process = subprocess.Popen(
            [str(self.executable), "-c", str(settings.config_file)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent(),
        )
        assert self.process.stderr is not None
        self.log.follow(self.process.stderr)
        ports_file = settings.run_dir / f"{self.executable.stem}_{self.process.pid}.ports"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubSetupError(self._failure())
            if ports_file.exists():
                try:
                    ports = json.loads(ports_file.read_text())
                    self.urls = [_scheme(str(url), settings.tls) for url in ports["nats"]]
                    self.url = _preferred(self.urls, settings.host)
                except (ValueError, KeyError, IndexError, OSError):
                    pass  # written but not complete yet
                else:
                    log.info("hub server %s (pid %d) at %s", settings.name, self.pid, self.url)
                    return self.url
            time.sleep(0.02)
        self.kill()
        raise HubSetupError(f"the hub server did not start within {timeout:.0f} s")

    def _stop_orphan(self) -> None:
        """Refuse to start beside a running hub; stop a server whose hub was killed."""
        settings = self.settings
        other = running_server_pid(settings)
        if other is None:
            return
        if not is_orphan(settings, other):
            raise HubSetupError(
                f"a hub server is already running from {settings.directory} (pid {other}): "
                "stop it first, or use another --dir"
            )
        log.warning("stopping the hub server (pid %d) left running by a hub that was killed", other)
        with contextlib.suppress(ProcessLookupError):
            os.kill(other, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while is_alive(other):
            if time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(other, signal.SIGKILL)
                deadline = time.monotonic() + STOP_TIMEOUT_S
            time.sleep(0.02)

    def _failure(self) -> str:
        assert self.process is not None
        self.process.wait()
        self.log.wait(STOP_TIMEOUT_S)
        lines = list(self.log.recent)
        reasons = [line for line in lines if "[FTL]" in line or "[ERR]" in line] or lines[-3:]
        detail = "; ".join(r.split("] ", 2)[-1] for r in reasons[-2:]) or "no reason given"
        if "address already in use" in detail:
            return (
                f"the hub cannot listen there: the address is already in use ({detail}); "
                "stop the other program or choose another --listen port"
            )
        return f"the hub server stopped at start: {detail}"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> int | None:
        """Stop the server gracefully (SIGTERM), forcefully after ``timeout``."""
        process = self.process
        if process is None or process.poll() is not None:
            return None if process is None else process.returncode
        process.terminate()
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("hub server pid %d ignored SIGTERM; killing it", process.pid)
            return self.kill()
        self.log.wait(timeout)
        return code

    def kill(self) -> int | None:
        """Kill the server at once, as a power cut would (used by tests)."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        return process.wait()


def _scheme(url: str, tls: bool) -> str:
    """Desks are told tls://, so one that cannot do TLS says so instead of sending a password."""
    if tls and url.startswith("nats://"):
        return "tls://" + url[len("nats://") :]
    return url


def _preferred(urls: list[str], host: str) -> str:
    """The URL to give desks: a network address when the hub listens beyond this machine."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return urls[0]
    outward = [u for u in urls if "127.0.0.1" not in u and "[::1]" not in u]
    return (outward or urls)[0]
