"""The nats-server configuration file, generated from a hub's settings on every start."""

from __future__ import annotations

import json
from pathlib import Path

from checkin.sync.hub.passwords import ROUTE_USER, Secrets
from checkin.sync.hub.settings import HubSettings

# How often the hub forces its stream to disk.  Syncing every write costs
# two thirds of its throughput here; instead desks send their last minute of
# facts again on every reconnection (see checkin.sync.engine.RESEND_S), so a
# hub that lost power comes back with everything.
SYNC_INTERVAL = "10s"
# Consumers of desks that read the stream live in memory; keep the server's
# share of RAM modest on a laptop that also runs a kiosk.
MAX_MEMORY_STORE = 256 * 1024 * 1024


def quoted(text: str | Path) -> str:
    """A string for the configuration: JSON quoting, which nats-server reads as it is."""
    return json.dumps(str(text))


def render_config(settings: HubSettings) -> str:
    """The nats-server configuration for these settings (JSON-quoted strings throughout)."""
    port = -1 if settings.port == 0 else settings.port
    lines = [
        f"server_name: {quoted(settings.name)}",
        f"listen: {quoted(f'{settings.host}:{port}')}",
        f"ports_file_dir: {quoted(settings.run_dir)}",
        f"pid_file: {quoted(settings.pid_file)}",
        # No log_file: the server logs to its stderr, which ``checkin hub``
        # copies to the log file and to its own stderr (see hub.server_log).
        "logtime: true",
        "jetstream {",
        f"  store_dir: {quoted(settings.directory / 'data')}",
        f"  max_memory_store: {MAX_MEMORY_STORE}",
        f"  sync_interval: {quoted(SYNC_INTERVAL)}",
        "}",
        "authorization {",
        f"  include {quoted(settings.users_file.name)}",
        "}",
    ]
    if settings.tls:
        settings.hub_certificate()
        lines += [
            "tls {",
            f"  cert_file: {quoted(settings.tls_cert_file)}",
            f"  key_file: {quoted(settings.tls_key_file)}",
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
            quoted(f"nats-route://{ROUTE_USER}:{hub_secrets.route_password}@{host}:{peer_port}")
            for host, peer_port in cluster.peers
        )
        lines += [
            "cluster {",
            f"  name: {quoted(cluster.name)}",
            f"  listen: {quoted(f'{route_host}:{route_port}')}",
            "  authorization {",
            f"    user: {quoted(ROUTE_USER)}",
            f"    password: {quoted(hub_secrets.route_password)}",
            "  }",
            f"  routes = [{routes}]",
            "}",
        ]
    return "\n".join(lines) + "\n"
