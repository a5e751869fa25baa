"""What a hub is asked to be (addresses, name, cluster) and where its folder keeps each file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checkin.sync.errors import HubSetupError

CLUSTER_NAME = "checkin"


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


def peers_from(texts: Sequence[str]) -> tuple[tuple[str, int], ...]:
    return tuple(parse_host_port(text, 6222) for text in texts)


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
    def owner_file(self) -> Path:
        """The PID of the ``checkin hub`` that started the server (see ``liveness``)."""
        return self.run_dir / "owner.pid"

    @property
    def settings_file(self) -> Path:
        """What the hub last ran with, so a restart with only ``--dir`` comes back the same."""
        return self.directory / "settings.json"

    @property
    def info_file(self) -> Path:
        return self.directory / "hub.json"

    @property
    def credentials_dir(self) -> Path:
        return self.directory / "credentials"

    @property
    def name(self) -> str:
        return self.server_name or (f"hub-{self.port}" if self.port else "hub")
