"""``checkin hub`` and ``checkin sync``: thin wrappers over ``checkin.sync``.

Both are core commands (``checkin.cli.core_commands``); nothing here imports Qt.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from checkin.cli_support import db_option, desk_option, echo_json, fail, json_option, open_store
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
from checkin.sync.hub.remembered import (
    DEFAULT_LISTEN,
    HubOptions,
    PeersWithoutCluster,
    save_settings,
    settings_for,
)
from checkin.sync.hub.settings import HubSettings

if TYPE_CHECKING:
    from checkin.sync.engine import SyncState

log = logging.getLogger(__name__)


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


@contextmanager
def _messages_to_stderr() -> Iterator[None]:
    """The hub's own log messages on stderr, where a supervisor's journal collects them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("checkin hub: %(message)s"))
    logger = logging.getLogger("checkin")
    level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


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
    metavar="HOST:PORT",
    help="Address for desks; use this machine's network address (or 0.0.0.0) for a venue "
    f"(a new folder: {DEFAULT_LISTEN}; then the one it last ran with).",
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
    "--tls/--no-tls",
    default=None,
    help="Encrypt desk connections with a certificate the hub makes; desks trust it "
    "through their credentials files (remembered, like every option).",
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
    listen: str | None,
    name: str | None,
    cluster_listen: str | None,
    peers: tuple[str, ...],
    secrets: Path | None,
    desk_name: str | None,
    event_id: str | None,
    tls: bool | None,
    revoked: str | None,
    as_json: bool,
) -> None:
    """Run the venue's sync hub (NATS with JetStream) until Ctrl+C or SIGTERM.

    The folder remembers the options the hub last ran with: start it again
    with only --dir and it comes back on the same address, name, cluster and
    TLS setting.  Options given explicitly win and are remembered.
    """
    options = HubOptions(listen, name, cluster_listen, peers, secrets, tls)
    try:
        settings = settings_for(directory, options)
    except PeersWithoutCluster as error:
        raise click.UsageError(str(error)) from None
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
    with _messages_to_stderr():
        _run_hub(settings, as_json)


def _run_hub(settings: HubSettings, as_json: bool) -> None:
    """Run the server until a signal; a signal is the normal way out (exit status 0)."""
    server = HubServer(settings, echo=sys.stderr)
    with _until_signalled() as stop:
        url = server.start()
        try:
            save_settings(settings, int(url.rsplit(":", 1)[1]))
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
            log.info("stopping the hub server (pid %d)", server.pid)
        finally:
            code = server.stop()
    log.info("hub server stopped (exit status %s)", code)


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
            "event yet; sync a desk that holds the event first, or give --event EVENT_ID "
            "('checkin stats --json' on the organiser's store shows it)"
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
@desk_option()
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
