"""The settings a hub folder remembers, and the options of one command applied over them.

Desks know the hub by the address it listened on and trust it by its
certificate; a cluster's hubs know each other by name and route address.  A
hub restarted with only ``--dir`` (as a supervisor or a tired organiser
does) must therefore come back exactly as it last ran, not on a built-in
default that no desk knows.  So every start saves what the hub ran with in
``settings.json`` (owner-only: it names the secrets file), and the next
command takes those values, with any option given explicitly winning, and
remembered from then on.  The built-in defaults apply to a new folder only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checkin.files import write_private
from checkin.sync.errors import HubSetupError
from checkin.sync.hub.settings import (
    CLUSTER_NAME,
    ClusterSettings,
    HubSettings,
    parse_host_port,
    peers_from,
)

DEFAULT_LISTEN = "127.0.0.1:4222"


class PeersWithoutCluster(HubSetupError):
    """``--peer`` was given to a hub that has no route address of its own."""


@dataclass(frozen=True)
class HubOptions:
    """What one ``checkin hub`` command was given explicitly: None (or empty) for the rest."""

    listen: str | None = None
    name: str | None = None
    cluster: str | None = None
    peers: tuple[str, ...] = ()
    secrets: Path | None = None
    tls: bool | None = None


def _address(pair: tuple[str, int]) -> str:
    host, port = pair
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def settings_to_json(settings: HubSettings) -> dict[str, Any]:
    cluster = settings.cluster
    return {
        "listen": _address((settings.host, settings.port)),
        "name": settings.server_name,
        "cluster": None
        if cluster is None
        else {
            "listen": _address(cluster.listen),
            "peers": [_address(peer) for peer in cluster.peers],
            "name": cluster.name,
        },
        "secrets": None if settings.secrets_path is None else str(settings.secrets_path),
        "tls": settings.tls,
    }


def _from_json(directory: Path, raw: Any) -> HubSettings:
    host, port = parse_host_port(str(raw["listen"]), 4222)
    cluster = None
    if raw.get("cluster") is not None:
        routes = raw["cluster"]
        cluster = ClusterSettings(
            parse_host_port(str(routes["listen"]), 6222),
            peers_from([str(peer) for peer in routes.get("peers", [])]),
            str(routes.get("name", CLUSTER_NAME)),
        )
    secrets = raw.get("secrets")
    return HubSettings(
        directory=directory,
        host=host,
        port=port,
        server_name=str(raw["name"]) if raw.get("name") else None,
        cluster=cluster,
        secrets_path=Path(secrets) if secrets else None,
        tls=bool(raw.get("tls", False)),
    )


def load_settings(directory: Path) -> HubSettings | None:
    """What the hub in ``directory`` last ran with; None for a folder where none ran."""
    path = HubSettings(directory).settings_file
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise HubSetupError(f"cannot read {path}: {error.strerror}") from None
    try:
        return _from_json(directory, json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise HubSetupError(
            f"{path} is not a hub settings file: remove it and start the hub with all "
            "its options (--listen, --name, --cluster, --peer, --secrets, --tls)"
        ) from None


def save_settings(settings: HubSettings, port: int) -> Path:
    """Remember ``settings`` for the next start, with the ``port`` the server listened on.

    A hub asked for any free port (0) is remembered on the port it got, and
    under the name it ran with: its desks were told that port.
    """
    if settings.port == 0:
        settings = replace(settings, port=port, server_name=settings.name)
    return write_private(
        settings.settings_file,
        json.dumps(settings_to_json(settings), indent=1) + "\n",
        make_folder=True,
    )


def settings_for(directory: Path, options: HubOptions) -> HubSettings:
    """The folder's remembered settings (defaults for a new one) with ``options`` over them."""
    directory = directory.resolve()
    settings = load_settings(directory) or HubSettings(
        directory, *parse_host_port(DEFAULT_LISTEN, 4222)
    )
    if options.listen is not None:
        host, port = parse_host_port(options.listen, 4222)
        settings = replace(settings, host=host, port=port)
    if options.name is not None:
        settings = replace(settings, server_name=options.name)
    if options.cluster is not None or options.peers:
        current = settings.cluster
        if options.cluster is not None:
            listen = parse_host_port(options.cluster, 6222)
        elif current is not None:
            listen = current.listen
        else:
            raise PeersWithoutCluster("--peer needs --cluster HOST:PORT (this hub's route address)")
        peers = peers_from(options.peers) if options.peers else (current.peers if current else ())
        settings = replace(settings, cluster=ClusterSettings(listen, peers))
    if options.secrets is not None:
        settings = replace(settings, secrets_path=options.secrets.resolve())
    if options.tls is not None:
        settings = replace(settings, tls=options.tls)
    return settings
