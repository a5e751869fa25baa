"""``checkin hub`` and ``checkin sync``: thin wrappers over ``checkin.sync``.

Both are core commands (``checkin.cli.core_commands``); nothing here imports Qt.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from checkin.cli_support import db_option, echo_json, fail, json_option, open_store
from checkin.sync.address import Credentials, parse_hub_urls
from checkin.sync.errors import HubSetupError
from checkin.sync.hub.desks import add_desk, revoke_desk
from checkin.sync.hub.info import (
    default_credentials,
    hub_info,
    recorded_url,
    shared_credentials_file,
    write_hub_info,
)
from checkin.sync.hub.passwords import check_desk_name
from checkin.sync.hub.process import HubServer
from checkin.sync.hub.settings import ClusterSettings, HubSettings, parse_host_port, peers_from

if TYPE_CHECKING:
    from checkin.sync.engine import SyncState


@contextmanager
def _until_signalled() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM, with the previous handlers restored afterwards."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _settings(
    directory: Path,
    listen: str,
    name: str | None,
    cluster: str | None,
    peers: tuple[str, ...],
    secrets: Path | None,
    tls: bool = False,
) -> HubSettings:
    host, port = parse_host_port(listen, 4222)
    cluster_settings = None
    if cluster is not None:
        cluster_settings = ClusterSettings(parse_host_port(cluster, 6222), peers_from(peers))
    elif peers:
        raise click.UsageError("--peer needs --cluster HOST:PORT (this hub's route address)")
    return HubSettings(
        directory=directory.resolve(),
        host=host,
        port=port,
        server_name=name,
        cluster=cluster_settings,
        secrets_path=secrets.resolve() if secrets else None,
        tls=tls,
    )


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the hub's data, configuration and credentials.",
)
@click.option(
    "--listen",
    default="127.0.0.1:4222",
    show_default=True,
    help="Address for desks; use this machine's network address (or 0.0.0.0) for a venue.",
)
@click.option("--name", help="This hub's name, unique within a cluster (default: hub-PORT).")
@click.option(
    "--cluster",
    "cluster_listen",
    metavar="HOST:PORT",
    help="Run as one of three clustered hubs: the address other hubs connect to.",
)
@click.option(
    "--peer", "peers", multiple=True, metavar="HOST:PORT", help="Another hub's --cluster address."
)
@click.option(
    "--secrets",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Secrets file shared by clustered hubs (default: DIR/secrets.json, made if missing).",
)
@click.option(
    "--add-desk",
    "desk_name",
    metavar="NAME",
    help="Give a desk its own credentials file, then exit (a running hub reloads its users).",
)
@click.option(
    "--event",
    "event_id",
    metavar="EVENT_ID",
    help="With --add-desk: the event the desk may sync (default: the one the hub serves).",
)
@click.option(
    "--tls",
    is_flag=True,
    help="Encrypt desk connections with a certificate the hub makes; desks trust it "
    "through their credentials files.",
)
@click.option(
    "--revoke-desk",
    "revoked",
    metavar="NAME",
    help="Take a desk's credentials away, then exit (a running hub drops that desk).",
)
@json_option
def hub(
    directory: Path,
    listen: str,
    name: str | None,
    cluster_listen: str | None,
    peers: tuple[str, ...],
    secrets: Path | None,
    desk_name: str | None,
    event_id: str | None,
    tls: bool,
    revoked: str | None,
    as_json: bool,
) -> None:
    """Run the venue's sync hub (NATS with JetStream) until Ctrl+C."""
    settings = _settings(directory, listen, name, cluster_listen, peers, secrets, tls)
    if revoked is not None:
        revoke_desk(settings, revoked)
        if as_json:
            echo_json({"revoked": revoked})
        else:
            click.echo(f"Desk {revoked} can no longer connect to this hub.")
        return
    if desk_name is not None:
        check_desk_name(desk_name)
        url = recorded_url(settings)
        path = add_desk(settings, desk_name, url, event_token=_event_token(settings, url, event_id))
        if as_json:
            echo_json({"desk": desk_name, "credentials": str(path)})
        else:
            click.echo(f"Credentials for desk {desk_name}: {path}")
        return
    server = HubServer(settings)
    with _until_signalled() as stop:
        url = server.start()
        try:
            credentials = default_credentials(settings, url)
            write_hub_info(settings, hub_info(settings, server.urls, url, credentials, server.pid))
            if as_json:
                echo_json({"url": url, "credentials": str(credentials), "pid": server.pid})
            else:
                click.echo(
                    f"Hub ready at {url}. Join a desk with: checkin sync --db DESK.db "
                    f"--hub {url} --creds {credentials}"
                )
            while not stop.wait(0.5):
                if not server.running():
                    fail(
                        f"the hub server stopped unexpectedly; see {settings.log_file} "
                        "and start the hub again"
                    )
        finally:
            server.stop()


def _event_token(settings: HubSettings, url: str, event_id: str | None) -> str:
    """The event a new desk is limited to: the one given, else the one the running hub serves."""
    import asyncio

    from checkin.sync.link import event_token, served_binding

    if event_id is not None:
        if not event_id.strip():
            raise click.UsageError(
                "--event needs the event's id ('checkin sync --once --json' on a desk shows it)"
            )
        return event_token(event_id)
    binding = None
    shared_file = shared_credentials_file(settings)
    shared = Credentials.load(shared_file) if shared_file.exists() else None
    hub_url = url or (shared.hub if shared else "")
    if shared is not None and hub_url:
        binding = asyncio.run(served_binding(parse_hub_urls(hub_url), shared))
    if binding is None:
        raise HubSetupError(
            "cannot tell which event this desk is for: the hub is not running or serves no "
            "event yet; sync a desk that holds the event first, or give --event EVENT_ID"
        )
    return event_token(binding.event_id)


def _hub_urls(hub_text: str | None, credentials: Credentials) -> list[str]:
    text = hub_text or credentials.hub
    if not text:
        raise click.UsageError("give --hub nats://HOST:PORT (as printed by 'checkin hub')")
    return parse_hub_urls(text)


def _state_printer(as_json: bool) -> Callable[[SyncState], None]:
    shown: list[tuple[object, ...]] = []

    def show(state: SyncState) -> None:
        summary = (state.connected, state.pending, state.caught_up, state.error)
        if shown and shown[-1] == summary:
            return
        shown[:] = [summary]
        if as_json:
            echo_json(state.to_json())
            return
        if state.connected:
            line = f"connected to {state.hub}: {state.pending} to send, " + (
                "in step" if state.caught_up else "catching up"
            )
        else:
            line = f"offline ({state.error or 'connecting'}): {state.pending} to send"
        click.echo(line)

    return show


@click.command()
@db_option
@click.option("--hub", "hub_text", help="nats://HOST:PORT of the hub (several, comma-separated).")
@click.option(
    "--creds",
    "creds_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Credentials file written by 'checkin hub'.",
)
@click.option("--once", is_flag=True, help="Exit when in step with the hub.")
@click.option("--desk", help="A name for a new desk (a --db that does not exist yet).")
@json_option
def sync(
    db_path: Path,
    hub_text: str | None,
    creds_path: Path,
    once: bool,
    desk: str | None,
    as_json: bool,
) -> None:
    """Send this desk's facts to the hub and apply everyone else's."""
    from checkin.sync.engine import run_sync, sync_once

    credentials = Credentials.load(creds_path)
    urls = _hub_urls(hub_text, credentials)
    if once:
        report = sync_once(db_path, urls, credentials, desk=desk)
        if as_json:
            # The event id is what 'checkin hub --add-desk NAME --event ID' asks for.
            with open_store(db_path) as store:
                event_id = store.event().id
            echo_json({**report.to_json(), "event_id": event_id})
        else:
            click.echo(
                f"Sent {report.pushed} facts, received {report.pulled}; "
                f"{report.pending} waiting to be sent"
            )
        return
    if not db_path.exists():
        # Join first, so a failure leaves no empty store behind.
        sync_once(db_path, urls, credentials, desk=desk)
    run_sync(db_path, urls, credentials, on_state=_state_printer(as_json))
