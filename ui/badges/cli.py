"""``checkin badges`` (a batch to PDF, PNG or a printer) and ``checkin station`` (the window).

Qt is imported inside each command, so the rest of ``checkin`` starts fast.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checkin.cli_support import (
    db_option,
    desk_option,
    echo_json,
    json_option,
    open_store,
    progress_bar,
)
from checkin.errors import UserError
from ui.common.options import hub_choice, hub_options, printer_option
from ui.i18n.languages import LANGUAGES

if TYPE_CHECKING:
    from checkin.badges.layout import BadgeData
    from checkin.badges.template import Template
    from checkin.store import Store

template_option = click.option(
    "--template",
    "template_name",
    default="4x3in",
    show_default=True,
    help="Template name (4x3in, 4x6in, a6, cr80, a4-8up) or path to a .toml/.json file.",
)


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF file to write (one page per badge, or 8 per sheet with a4-8up).",
)
@template_option
@click.option("--category", help="Only this attendee category.")
@click.option(
    "--only-unprinted", is_flag=True, help="Only badges whose current version was never printed."
)
@click.option(
    "--sort",
    type=click.Choice(["name", "category", "company", "number"]),
    default="name",
    show_default=True,
    help="Order of the badges in the batch.",
)
@click.option(
    "--png",
    "png_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write one PNG preview per badge into this folder.",
)
@click.option("--dpi", type=int, default=200, show_default=True, help="Resolution of --png images.")
@click.option(
    "--print", "to_printer", is_flag=True, help="Send the batch to a printer (asks once)."
)
@click.option("--preview", is_flag=True, help="Show a print preview before printing.")
@printer_option
@click.option("--no-record", is_flag=True, help="Do not record the badges as printed.")
@json_option
def badges(
    db_path: Path,
    out: Path | None,
    template_name: str,
    category: str | None,
    only_unprinted: bool,
    sort: str,
    png_dir: Path | None,
    dpi: int,
    to_printer: bool,
    preview: bool,
    printer_urls: tuple[str, ...],
    no_record: bool,
    as_json: bool,
) -> None:
    """Print a batch of badges: a PDF, PNG previews, or straight to a printer."""
    from checkin.badges.batch import SortKey, record_prints, select_badges
    from checkin.badges.template import load_template
    from checkin.timeutil import utc_now

    if out is None and png_dir is None and not to_printer and not preview and not printer_urls:
        raise click.UsageError(
            "give --out FILE.pdf, --png DIR, --print, --printer URL or --preview"
        )
    template = load_template(template_name)
    with open_store(db_path) as store:
        chosen = select_badges(
            store, category=category, only_unprinted=only_unprinted, sort=SortKey(sort)
        )
        if not chosen:
            message = "no badges to print" + (" (all printed already)" if only_unprinted else "")
            if as_json:
                echo_json({"badges": 0, "message": message})
            else:
                click.echo(message)
            return
        from ui.badges.app import badge_app

        badge_app(need_screen=to_printer or preview)
        started = time.perf_counter()
        result = None
        if out is not None:
            from ui.badges.render import write_pdf

            result = write_pdf(
                out,
                template,
                chosen,
                progress=progress_bar("Badges"),
                title=f"{store.event().name} badges",
            )
        pngs: list[Path] = []
        if png_dir is not None:
            from ui.badges.render import write_pngs

            pngs = write_pngs(png_dir, template, chosen, dpi=dpi)
        printer = None
        if to_printer or preview:
            from ui.badges.printing import print_badges

            printer = print_badges(template, chosen, preview=preview)
            if printer is None:
                click.echo("printing cancelled", err=True)
        pooled = _print_on_pool(store, template, chosen, printer_urls) if printer_urls else None
        seconds = time.perf_counter() - started
        recorded = (result is not None or printer is not None) and not no_record
        if recorded:
            record_prints(store, chosen, utc_now())
    if as_json:
        echo_json(
            {
                "badges": len(chosen),
                "template": template.name,
                "pdf": str(result.path) if result else None,
                "pages": result.pages if result else None,
                "bytes": result.bytes if result else None,
                "elided": list(result.elided) if result else [],
                "png": [str(p) for p in pngs],
                "printer": printer,
                "pool": pooled,
                "recorded": recorded,
                "seconds": round(seconds, 2),
            }
        )
        return
    if result is not None:
        click.echo(
            f"Wrote {len(chosen):,} badges on {result.pages:,} pages to {out} "
            f"({result.bytes / 1e6:.1f} MB, {result.bytes / len(chosen) / 1e3:.1f} KB a badge) "
            f"in {seconds:.1f} s"
        )
        if result.elided:
            numbers = ", ".join(str(n) for n in result.elided[:10])
            click.echo(f"  text cut short on {len(result.elided)} badges: {numbers}", err=True)
    if pngs:
        click.echo(f"Wrote {len(pngs)} PNG previews to {png_dir}")
    if printer is not None:
        click.echo(f"Sent {len(chosen):,} badges to {printer}")
    if recorded:
        click.echo(f"Recorded {len(chosen):,} badges as printed")
    if pooled is not None:
        _report_pool(pooled)


def _print_on_pool(
    store: Store, template: Template, chosen: list[BadgeData], urls: tuple[str, ...]
) -> dict[str, Any]:
    """Print on the pool, after what an earlier run left queued; what happened, for the report.

    Done jobs are recorded as printed by the journal itself, one commit each.
    """
    from checkin.badges.batch import BadgeSource
    from checkin.model import PrintJobState
    from ui.badges.printers import close_pool, open_pool

    pool = open_pool(urls, template, store)
    try:
        states = pool.states(probe=True)
        left_over = pool.resume(BadgeSource(store).badge_for_job)
        jobs = pool.print_badges(chosen)
    finally:
        close_pool(pool)
    ended = {state.value: 0 for state in PrintJobState}
    per_printer = {name: 0 for name in states}
    for job in [*left_over, *jobs]:
        ended[job.state.value] += 1
        if job.state is PrintJobState.DONE:
            per_printer[job.printer] += 1
    return {
        "states": {name: state.value for name, state in states.items()},
        "printed": per_printer,
        "jobs": ended,
        "resumed": len(left_over),
        "in_doubt": [
            {"number": j.number, "version": j.version, "printer": j.printer}
            for j in pool.in_doubt()
        ],
    }


def _report_pool(pooled: dict[str, Any]) -> None:
    for name, state in pooled["states"].items():
        click.echo(f"  {name}: {state}, printed {pooled['printed'][name]:,}")
    jobs = pooled["jobs"]
    if pooled["resumed"]:
        click.echo(f"Resumed {pooled['resumed']:,} badges left queued by an earlier run")
    click.echo(f"Printed {jobs['done']:,} badges on {len(pooled['states'])} printers")
    if jobs["queued"]:
        click.echo(
            f"  {jobs['queued']:,} badges still queued: no printer took them; "
            "run again with --printer to send them",
            err=True,
        )
    for job in pooled["in_doubt"]:
        click.echo(
            f"  badge {job['number']} v{job['version']} may not have printed on "
            f"{job['printer']}: look at the printer",
            err=True,
        )
    if jobs["failed"]:
        click.echo(f"  {jobs['failed']:,} badges failed (see the print journal)", err=True)


@click.command()
@db_option
@template_option
@click.option("--gate", help="Gate for checking walk-ins in at once (default: the first).")
@desk_option("desk_id")
@hub_options
@printer_option
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    help="Language of the window (default: the system's).",
)
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save a picture of the window after it opens, then quit (for docs and checks).",
)
def station(
    db_path: Path,
    template_name: str,
    gate: str | None,
    desk_id: str | None,
    hub: str | None,
    creds: Path | None,
    printer_urls: tuple[str, ...],
    language: str | None,
    screenshot: Path | None,
) -> None:
    """Open the badge station: search, preview, print, reprint and register walk-ins.

    With --creds (and --hub) the station syncs with the other desks: a new
    --db joins the event and downloads the roster, and a reprint or a walk-in
    reaches every desk at once.  With --printer, badges print on those label
    printers (a pool when repeated) instead of through the print dialog.
    """
    from checkin.badges.template import load_template
    from ui.badges.app import badge_app
    from ui.badges.queue import PrintOnEntryQueue
    from ui.badges.station import StationWindow
    from ui.common.sync import start_sync
    from ui.i18n.translator import Language, system_language

    syncing = hub_choice(hub, creds)
    if syncing is None and not db_path.exists():
        raise UserError(
            f"no store at {db_path}: join the event with --creds FILE (from 'checkin hub') "
            "and --hub nats://HOST:4222"
        )
    template = load_template(template_name)
    sync, relay = start_sync(db_path, *syncing, desk=desk_id) if syncing else (None, None)
    queue: PrintOnEntryQueue | None = None
    try:
        app = badge_app(need_screen=screenshot is None)
        Language(app).set(language or system_language())
        with open_store(db_path) as store:
            if printer_urls:
                queue = PrintOnEntryQueue.for_pool(printer_urls, template, db_path)
            window = StationWindow(
                store,
                template,
                print_queue=queue,
                gate=gate,
                desk_id=desk_id,
                claim=sync.claimer(store) if sync is not None else None,
                sync_notify=sync.notify if sync is not None else None,
            )
            if relay is not None:
                relay.attach(window.sync_changed.emit)
            window.show()
            if screenshot is not None:
                from PySide6.QtCore import QTimer

                def grab() -> None:
                    window.grab().save(str(screenshot))
                    app.quit()

                QTimer.singleShot(600, grab)
            app.exec()
    finally:
        if queue is not None:
            queue.stop()  # the badge being printed finishes, and the pool closes
        if sync is not None:
            sync.stop()
