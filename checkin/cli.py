"""The core ``checkin`` commands: each is a thin wrapper over one core function.

``python -m checkin`` runs the group built here; the desktop build adds its
window commands to the same list (``ui/commands.py``).  Errors are raised as
``UserError`` and printed once, by the group (``checkin.cli_support``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checkin import badge_codes
from checkin.cli_support import (
    command_group,
    db_option,
    desk_option,
    echo_json,
    fail,
    headcounts_text,
    json_option,
    open_store,
    progress_bar,
)
from checkin.desk import Desk
from checkin.eventfile import create_event, default_config, load_config
from checkin.files import write_private
from checkin.model import Direction, Verdict
from checkin.timeutil import iso, parse_iso, utc_now

if TYPE_CHECKING:
    from checkin.sync.erase import EraseReport


@click.command()
@db_option
@click.option("--name", help="Event name (with --capacity, for an event with one gate).")
@click.option("--capacity", type=int, help="How many people the venue holds.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="An event file (TOML) with gates, hours and categories.",
)
@desk_option()
@json_option
def init(
    db_path: Path,
    name: str | None,
    capacity: int | None,
    config: Path | None,
    desk: str | None,
    as_json: bool,
) -> None:
    """Create a new event in a new store."""
    if config is not None:
        event_config = load_config(config)
    elif name and capacity is not None:
        event_config = default_config(name, capacity)
    else:
        raise click.UsageError("give --name and --capacity, or --config EVENT.toml")
    with create_event(db_path, event_config, utc_now(), desk=desk) as store:
        event = store.event()
        gates = [g.name for g in store.gates()]
        if as_json:
            echo_json(
                {
                    "event_id": event.id,
                    "name": event.name,
                    "prefix": event.prefix,
                    "capacity": event.capacity,
                    "gates": gates,
                    "desk": store.desk_id,
                    "db": str(db_path),
                }
            )
            return
        click.echo(
            f"Created {event.name!r} (badge prefix {event.prefix}, capacity {event.capacity}) "
            f"with gates {', '.join(gates)} in {db_path}\n"
            # What 'checkin hub --add-desk NAME --event EVENT_ID' asks for.
            f"Event id: {event.id}"
        )


def _import_help() -> str:
    from checkin.roster.columns import headers_help

    return (
        "Import attendees from a CSV or XLSX roster.\n\n"
        "Text files may be UTF-8 (with or without BOM), GBK/GB18030 or UTF-16. "
        "Headers are matched ignoring case, spaces and punctuation; bilingual headers "
        "such as '姓名 Name' work. Recognised headers, per field:\n\n\b\n" + headers_help()
    )


@click.command("import", help=_import_help())
@click.argument("roster_file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@json_option
def import_(roster_file: Path, db_path: Path, as_json: bool) -> None:
    from checkin.roster import import_roster

    with open_store(db_path) as store:
        result = import_roster(
            store, roster_file, progress=progress_bar("Importing"), now=utc_now()
        )
    if as_json:
        echo_json(
            {
                "added": result.added,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "encoding": result.encoding,
                "errors": [{"line": e.line, "reason": e.reason} for e in result.errors],
            }
        )
    else:
        click.echo(
            f"{result.added} added, {result.updated} updated, {result.unchanged} unchanged "
            f"({result.encoding}); {len(result.errors)} rows skipped"
        )
        for error in result.errors:
            click.echo(f"  line {error.line}: {error.reason}", err=True)
    if result.errors:
        sys.exit(3)


def _verdict_line(verdict: Verdict) -> str:
    return f"{verdict.color.value.upper():5} {verdict.status.value}: {verdict.to_json()['message']}"


@click.command()
@click.argument("code")
@db_option
@click.option("--gate", required=True, help="The gate this desk guards.")
@click.option(
    "--direction", type=click.Choice(["entry", "exit"]), default="entry", show_default=True
)
@click.option("--at", "at_text", help="Scan time, ISO 8601 (default: now).")
@desk_option()
@json_option
def scan(
    code: str,
    db_path: Path,
    gate: str,
    direction: str,
    at_text: str | None,
    desk: str | None,
    as_json: bool,
) -> None:
    """Decide on one scanned code and record it."""
    with open_store(db_path) as store:
        try:
            now = parse_iso(at_text, store.event().timezone) if at_text else utc_now()
        except ValueError:
            fail(f"--at {at_text!r} is not an ISO 8601 time such as 2026-11-28T09:30")
        verdict = Desk(store, gate=gate, direction=Direction(direction), desk_id=desk).scan(
            code, now
        )
    if as_json:
        echo_json(verdict.to_json())
    else:
        click.echo(_verdict_line(verdict))


@click.command()
@db_option
@desk_option()
@json_option
def undo(db_path: Path, desk: str | None, as_json: bool) -> None:
    """Undo the last scan made at this desk."""
    with open_store(db_path) as store:
        gate = store.gates()[0].name
        undone = Desk(store, gate=gate, desk_id=desk).undo_last(utc_now())
        if undone is None:
            fail("this desk has no scan to undo")
        at = iso(undone.at_ms, store.event().timezone)
    if as_json:
        echo_json(
            {
                "undone": undone.fact_id,
                "status": undone.status,
                "at": at,
                "attendee": undone.attendee,
            }
        )
        return
    click.echo(f"Undid the {undone.status} scan at {at}")


@click.command()
@db_option
@json_option
def stats(db_path: Path, as_json: bool) -> None:
    """Print the headcounts."""
    from checkin.counts.headcounts import headcounts

    with open_store(db_path) as store:
        counts = headcounts(store)
    if as_json:
        echo_json(counts.to_json())
        return
    click.echo(headcounts_text(counts))


@click.command()
@click.argument("what", type=click.Choice(["attendees", "scans"]))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
def export(what: str, db_path: Path, fmt: str, out: Path | None) -> None:
    """Export attendees (with current badge codes) or scans."""
    from checkin.export.csv_text import to_csv
    from checkin.export.rows import export_attendees, export_scans

    with open_store(db_path) as store:
        rows = export_attendees(store) if what == "attendees" else export_scans(store)
    text = json.dumps(rows, ensure_ascii=False, indent=1) if fmt == "json" else to_csv(rows)
    if out is None:
        click.echo(text, nl=False)
        return
    write_private(out, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    click.echo(f"Wrote {len(rows)} {what} to {out}", err=True)


@click.command()
@db_option
@click.argument("number", type=int)
@json_option
def code(db_path: Path, number: int, as_json: bool) -> None:
    """Print an attendee's current badge code."""
    with open_store(db_path) as store:
        attendee = store.attendee(number)
        if attendee is None:
            fail(f"no attendee number {number}")
        event = store.event()
        text = badge_codes.mint(store.event_key(), event.prefix, number, attendee.badge_version)
    if as_json:
        echo_json({"number": number, "version": attendee.badge_version, "code": text})
        return
    click.echo(text)


@click.command()
@db_option
@click.option(
    "--before",
    "before_text",
    required=True,
    help="Purge data recorded before this date or time (ISO 8601, in the event's zone).",
)
@click.option("--hub", "hub_text", help="nats://HOST:PORT of the hub, to purge the venue.")
@click.option(
    "--creds",
    "creds_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The hub's own credentials (credentials/desks.json in its folder): "
    "syncs the purge and erases the hub's copy.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
def purge(
    db_path: Path,
    before_text: str,
    hub_text: str | None,
    creds_path: Path | None,
    yes: bool,
    as_json: bool,
) -> None:
    """Remove attendees' personal data after the event; counts stay.

    The purge reaches every desk when it syncs; with --creds it is synced at
    once and the hub's copy is erased too.
    """
    from checkin.purge import purge_personal_data

    if hub_text and creds_path is None:
        raise click.UsageError("--hub needs --creds (the hub's own credentials file)")
    with open_store(db_path) as store:
        try:
            before = parse_iso(before_text, store.event().timezone)
        except ValueError:
            fail(f"--before {before_text!r} is not a date such as 2026-12-01")
        if not yes:
            click.confirm(
                f"Remove names, emails, phones and companies recorded before {before_text}"
                + (" here, at every desk that syncs and at the hub?" if creds_path else "?"),
                abort=True,
            )
        result = purge_personal_data(store, before)
    summary: dict[str, Any] = {"attendees": result.attendees, "facts": result.facts}
    if not as_json:
        click.echo(f"Purged personal data of {result.attendees} attendees ({result.facts} facts)")
    if creds_path is not None:
        erased = _purge_at_hub(db_path, hub_text, creds_path)
        summary["hub"] = {"erased": erased.erased, "copies": erased.copies}
        if not as_json:
            click.echo(
                f"Erased {erased.erased} messages holding personal data from the hub "
                f"({erased.copies} blanked copies kept for the counts)"
            )
    if as_json:
        echo_json(summary)


def _purge_at_hub(db_path: Path, hub_text: str | None, creds_path: Path) -> EraseReport:
    from checkin.sync.address import Credentials, parse_hub_urls
    from checkin.sync.engine import sync_once
    from checkin.sync.erase import erase_at_hub

    credentials = Credentials.load(creds_path)
    text = hub_text or credentials.hub
    if not text:
        raise click.UsageError("give --hub nats://HOST:PORT (as printed by 'checkin hub')")
    urls = parse_hub_urls(text)
    sync_once(db_path, urls, credentials)
    return erase_at_hub(db_path, urls, credentials)


@dataclass(frozen=True)
class DemoWindowOptions:
    """What the windowed ``checkin demo`` was asked for, handed to the window opener."""

    db_path: Path | None  # None: the default demo store in the user's data folder
    seed: int
    attendees: int
    fullscreen: bool
    screenshot: Path | None


# How a build with windows shows the demo (``ui.kiosk.cli.open_demo_kiosk``).
DemoWindow = Callable[[DemoWindowOptions], None]


def _simulated_demo(db_path: Path, seed: int, attendees: int, as_json: bool) -> None:
    from checkin.counts.headcounts import headcounts
    from checkin.demo import create_demo_event, simulate_morning

    if db_path.exists():
        fail(f"{db_path} already exists; remove it or choose another --db for a fresh demo")
    with create_demo_event(db_path, seed=seed, attendees=attendees) as store:
        made = simulate_morning(store, seed=seed, progress=progress_bar("Simulating"))
        counts = headcounts(store)
    if as_json:
        echo_json(counts.to_json())
        return
    click.echo(f"Simulated {made} scans at 4 desks in {db_path}\n")
    click.echo(headcounts_text(counts))


def demo_command(open_window: DemoWindow | None = None) -> click.Command:
    """The one ``demo`` command of a group: windowed when given a window, else headless only."""

    def demo(
        db_path: Path | None,
        headless: bool,
        seed: int,
        attendees: int,
        as_json: bool,
        fullscreen: bool = False,
        screenshot: Path | None = None,
    ) -> None:
        if not headless:
            if open_window is None:
                fail("this build has no windows: run the demo with --headless")
            open_window(DemoWindowOptions(db_path, seed, attendees, fullscreen, screenshot))
            return
        if db_path is None:
            raise click.UsageError("give --db PATH for the new store of a headless demo")
        _simulated_demo(db_path, seed, attendees, as_json)

    if open_window is None:
        summary = (
            "Simulate a morning of arrivals at the WeStart demo event (needs --headless).\n\n"
            "This build has no windows: --headless creates a fresh demo store, simulates the "
            "morning and prints counts."
        )
        db_help = "The new demo store (required)."
    else:
        summary = (
            "Open the kiosk on the WeStart demo event, with badges being scanned by a synthetic "
            "camera.\n\nWith --headless, create a fresh demo store, simulate a morning of "
            "arrivals and print counts."
        )
        db_help = (
            "The demo store (default: demo.db in the user's data folder; reused if it exists); "
            "with --headless a new file."
        )
    options = [
        click.option(
            "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), help=db_help
        ),
        click.option(
            "--headless", is_flag=True, help="No window: simulate the morning and print counts."
        ),
        click.option("--seed", type=int, default=2026, show_default=True, help="Random seed."),
        click.option(
            "--attendees", type=int, default=3000, show_default=True, help="Size of the roster."
        ),
        json_option,
    ]
    if open_window is not None:
        options.append(
            click.option(
                "--fullscreen",
                is_flag=True,
                help="Open the kiosk full screen (leaving needs PIN 2026).",
            )
        )
        options.append(
            click.option(
                "--screenshot",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Save the demo desk as a PNG and exit (works without a display).",
            )
        )
    for option in reversed(options):
        demo = option(demo)
    return click.command("demo", help=summary)(demo)


def core_commands(open_demo_window: DemoWindow | None = None) -> list[click.Command]:
    """Every command that needs no window; a build with windows says how its demo opens one."""
    from checkin.scanner.cli import decode
    from checkin.sync.cli import hub, sync

    return [
        init,
        import_,
        scan,
        undo,
        stats,
        export,
        code,
        demo_command(open_demo_window),
        purge,
        decode,
        hub,
        sync,
    ]


main = command_group(core_commands())
