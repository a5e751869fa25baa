"""The nats-server process of one hub folder: started, watched, and stopped by its PID."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from pathlib import Path

from checkin.files import write_private
from checkin.sync.errors import HubSetupError
from checkin.sync.hub.binary import find_nats_server
from checkin.sync.hub.config import render_config
from checkin.sync.hub.desks import render_users
from checkin.sync.hub.passwords import Secrets
from checkin.sync.hub.settings import HubSettings

log = logging.getLogger(__name__)

START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0


class HubServer:
    """One nats-server process started from a hub folder, stopped by its PID."""

    def __init__(self, settings: HubSettings, *, executable: Path | None = None) -> None:
        self.settings = settings
        self.executable = executable or find_nats_server()
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
        other = settings.running_server_pid()
        if other is not None:
            raise HubSetupError(
                f"a hub server is already running from {settings.directory} (pid {other}): "
                "stop it first, or use another --dir"
            )
        for stale in settings.run_dir.glob("*.ports"):
            stale.unlink()
        self.secrets = Secrets.load_or_create(settings.secrets_file)
        write_private(settings.users_file, render_users(self.secrets))
        write_private(settings.config_file, render_config(settings))
        log_start = settings.log_file.stat().st_size if settings.log_file.exists() else 0
        # stderr to a file, not a pipe: nobody reads a pipe while the hub runs.
        with (settings.run_dir / "stderr.log").open("wb") as stderr:
            self.process = subprocess.Popen(
                [str(self.executable), "-c", str(settings.config_file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        ports_file = settings.run_dir / f"{self.executable.stem}_{self.process.pid}.ports"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubSetupError(self._failure(log_start))
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

    def _failure(self, log_start: int) -> str:
        assert self.process is not None
        stderr_file = self.settings.run_dir / "stderr.log"
        stderr = stderr_file.read_text(errors="replace") if stderr_file.exists() else ""
        lines = stderr.strip().splitlines()
        if self.settings.log_file.exists():
            with self.settings.log_file.open("rb") as handle:
                handle.seek(log_start)
                lines += handle.read().decode(errors="replace").strip().splitlines()
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
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("hub server pid %d ignored SIGTERM; killing it", process.pid)
            return self.kill()

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
