"""The ``checkin`` command: each subcommand is a thin wrapper over one core function.

Errors a user can meet are one plain sentence on stderr and exit status 1
(2 for usage errors, from click); never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from checkin import __version__, badge_codes
from checkin.desk import Desk, DeskError
from checkin.eventfile import EventFileError, create_event, default_config, load_config
from checkin.facts import FactError
from checkin.files import write_private
from checkin.model import Direction, Verdict
from checkin.store import Store, StoreError
from checkin.timeutil import iso, parse_iso, utc_now

USER_ERRORS: tuple[type[Exception], ...] = (StoreError, DeskError, EventFileError, FactError)


def register_user_error(error_type: type[Exception]) -> None:
    """Let a feature module's user-facing exception print as one line, not a traceback."""
    global USER_ERRORS
    USER_ERRORS = (*USER_ERRORS, error_type)


def fail(message: str) -> None:
    click.echo(f"checkin: {message}", err=True)
    sys.exit(1)


class CheckinGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except USER_ERRORS as error:
            fail(str(error))
        except KeyboardInterrupt:
            fail("interrupted")
        except OSError as error:
            fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))


def _default_store() -> Path:
    from checkin.paths import default_store

    return default_store()


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=_default_store,
    show_default="desk.db in the per-user data folder",
    help="The desk's store (an SQLite file).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=None))


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A terminal progress bar fed as progress(done, total); silent when not a terminal."""
    from tqdm import tqdm

    bar: tqdm[Any] | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=label, unit="", leave=False, disable=None, file=sys.stderr)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


@contextmanager
def open_store(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


@click.group(cls=CheckinGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="checkin")
def main() -> None:
    """Event check-in: desks, badges and live headcounts."""


@main.command()
@db_option
@click.option("--name", help="Event name (with --capacity, for an event with one gate).")
@click.option("--capacity", type=int, help="How many people the venue holds.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="An event file (TOML) with gates, hours and categories.",
)
@click.option("--desk", help="A name for this desk (default: generated).")
def init(
    db_path: Path, name: str | None, capacity: int | None, config: Path | None, desk: str | None
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
        click.echo(
            f"Created {event.name!r} (badge prefix {event.prefix}, capacity {event.capacity}) "
            f"with gates {', '.join(g.name for g in store.gates())} in {db_path}"
        )


@main.command("import")
@click.argument("roster_file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@json_option
def import_(roster_file: Path, db_path: Path, as_json: bool) -> None:
    """Import attendees from a CSV or XLSX roster."""
    from checkin.roster import RosterError, import_roster

    register_user_error(RosterError)
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


@main.command()
@click.argument("code")
@db_option
@click.option("--gate", required=True, help="The gate this desk guards.")
@click.option(
    "--direction", type=click.Choice(["entry", "exit"]), default="entry", show_default=True
)
@click.option("--at", "at_text", help="Scan time, ISO 8601 (default: now).")
@click.option("--desk", help="Desk id to record (default: the store's own).")
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
            return
        verdict = Desk(store, gate=gate, direction=Direction(direction), desk_id=desk).scan(
            code, now
        )
    if as_json:
        echo_json(verdict.to_json())
    else:
        click.echo(_verdict_line(verdict))


@main.command()
@db_option
@click.option("--desk", help="Desk whose last scan to undo (default: the store's own).")
def undo(db_path: Path, desk: str | None) -> None:
    """Undo the last scan made at this desk."""
    with open_store(db_path) as store:
        gate = store.gates()[0].name
        undone = Desk(store, gate=gate, desk_id=desk).undo_last(utc_now())
        if undone is None:
            fail("this desk has no scan to undo")
            return
        click.echo(f"Undid the {undone.status} scan at {iso(undone.at_ms, store.event().timezone)}")


@main.command()
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
    click.echo(print_headcounts(counts))


def print_headcounts(counts: Any) -> str:
    lines = [
        counts.event,
        f"  checked in   {counts.checked_in:>6} of {counts.registered} registered",
        f"  inside now   {counts.inside:>6} / {counts.capacity} capacity ({counts.fill:.0%})",
        f"  not arrived  {counts.not_arrived:>6}",
        f"  exits        {counts.exits:>6}",
        f"  conflicts    {counts.conflicts:>6}",
        "  by gate        checked in  inside",
    ]
    lines += [
        f"    {name:<14} {g.checked_in:>8} {g.inside:>7}" for name, g in counts.by_gate.items()
    ]
    lines.append("  by category    checked in / registered")
    lines += [
        f"    {name:<14} {c.checked_in:>8} / {c.registered}"
        for name, c in counts.by_category.items()
    ]
    return "\n".join(lines)


@main.command()
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
    from checkin.export.rows import export_attendees, export_scans

    with open_store(db_path) as store:
        rows = export_attendees(store) if what == "attendees" else export_scans(store)
    text = json.dumps(rows, ensure_ascii=False, indent=1) if fmt == "json" else to_csv(rows)
    if out is None:
        click.echo(text, nl=False)
        return
    write_private(out, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    click.echo(f"Wrote {len(rows)} {what} to {out}", err=True)


def to_csv(rows: list[dict[str, Any]]) -> str:
    from checkin.export.rows import neutralise_formula

    buffer = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise_formula(v) for k, v in row.items()})
    return buffer.getvalue()


@main.command()
@db_option
@click.option("--headless", is_flag=True, help="No window: simulate the morning and print counts.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--attendees", type=int, default=3000, show_default=True)
@json_option
def demo(db_path: Path, headless: bool, seed: int, attendees: int, as_json: bool) -> None:
    """Create the WeStart demo event; --headless simulates a morning of arrivals."""
    from checkin.counts.headcounts import headcounts
    from checkin.demo import create_demo_event, simulate_morning

    if db_path.exists():
        fail(f"{db_path} already exists; remove it or choose another --db for a fresh demo")
    with create_demo_event(db_path, seed=seed, attendees=attendees) as store:
        if not headless:
            fail("this build has no windows: run the demo with --headless")
        made = simulate_morning(store, seed=seed, progress=progress_bar("Simulating"))
        counts = headcounts(store)
    if as_json:
        echo_json(counts.to_json())
        return
    click.echo(f"Simulated {made} scans at 4 desks in {db_path}\n")
    click.echo(print_headcounts(counts))


@main.command()
@db_option
@click.argument("number", type=int)
def code(db_path: Path, number: int) -> None:
    """Print an attendee's current badge code."""
    with open_store(db_path) as store:
        attendee = store.attendee(number)
        if attendee is None:
            fail(f"no attendee number {number}")
            return
        event = store.event()
        click.echo(
            badge_codes.mint(store.event_key(), event.prefix, number, attendee.badge_version)
        )


@main.command()
@db_option
@click.option(
    "--before",
    "before_text",
    required=True,
    help="Purge data recorded before this date (ISO 8601).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge(db_path: Path, before_text: str, yes: bool) -> None:
    """Remove attendees' personal data after the event; counts stay."""
    from checkin.purge import purge_personal_data

    with open_store(db_path) as store:
        try:
            before = parse_iso(before_text, store.event().timezone)
        except ValueError:
            fail(f"--before {before_text!r} is not a date such as 2026-12-01")
            return
        if not yes:
            click.confirm(
                f"Remove names, emails, phones and companies recorded before {before_text}?",
                abort=True,
            )
        result = purge_personal_data(store, before)
    click.echo(f"Purged personal data of {result.attendees} attendees ({result.facts} facts)")


from checkin.scanner.cli import decode  # noqa: E402

main.add_command(decode)
