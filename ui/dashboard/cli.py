"""``checkin dashboard`` and ``checkin report``.

Qt is imported inside the commands, so registering them costs
``checkin --version`` nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from checkin.cli_support import db_option, echo_json, json_option, open_store
from checkin.errors import UserError
from checkin.export.attendance import ExportError
from checkin.timeutil import parse_iso, utc_now
from ui.common.options import hub_choice, hub_options, size_option
from ui.common.sync import SyncRelay, start_sync

log = logging.getLogger(__name__)


class DashboardError(UserError):
    """The dashboard cannot start as asked; the message says what to change."""


_language_option = click.option(
    "--language",
    type=click.Choice(["en", "zh_CN"]),
    help="Language of the window or report (default: the system's).",
)


def _moment(at_text: str | None, timezone: str) -> datetime | None:
    if not at_text:
        return None
    try:
        return parse_iso(at_text, timezone)
    except ValueError:
        raise DashboardError(
            f"--at {at_text!r} is not an ISO 8601 time such as 2026-11-28T11:00"
        ) from None


def _event_timezone(db_path: Path) -> str:
    with open_store(db_path) as store:
        return store.event().timezone


def _set_language(language: str | None) -> Any:
    from ui.i18n.translator import Language, system_language

    chosen = Language()
    chosen.set(language or system_language())
    return chosen


@click.command()
@db_option
@hub_options
@click.option("--projector", is_flag=True, help="Start in projector mode (F11 or Esc leaves it).")
@_language_option
@click.option(
    "--at",
    "at_text",
    help="Show the store as of this time, ISO 8601 (to replay a past day; default: now).",
)
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the window off screen, save a PNG, and exit.",
)
@size_option("1600x1000")
def dashboard(
    db_path: Path,
    hub: str | None,
    creds: Path | None,
    projector: bool,
    language: str | None,
    at_text: str | None,
    screenshot: Path | None,
    size: tuple[int, int],
) -> None:
    """Open the organizer dashboard: live headcounts, charts and desk health.

    It follows the store file as desks (or the sync process) write to it and
    redraws within a second of each new fact.  F11 switches projector mode.
    """
    syncing = hub_choice(hub, creds)
    sync, relay = start_sync(db_path, *syncing) if syncing is not None else (None, None)
    try:
        timezone = _event_timezone(db_path)
        moment = _moment(at_text, timezone)
        if screenshot is not None:
            # Off screen whatever display there is: the PNG is the product.
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from ui.common.app import ensure_app

        app = ensure_app(sys.argv[:1])
        chosen = _set_language(language)
        run_dashboard(
            db_path,
            language=chosen,
            moment=moment,
            projector=projector,
            screenshot=screenshot,
            size=size,
            app=app,
            relay=relay,
        )
    finally:
        if sync is not None:
            sync.stop()


def run_dashboard(
    db_path: Path,
    *,
    language: Any,
    moment: datetime | None,
    projector: bool,
    screenshot: Path | None,
    size: tuple[int, int],
    app: Any,
    relay: SyncRelay | None = None,
) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.dashboard.feed import LiveFeed
    from ui.dashboard.window import DashboardWindow

    clock = (lambda: moment) if moment is not None else utc_now
    feed = LiveFeed(db_path, clock=clock)
    window = DashboardWindow(feed, db_path=db_path, language=language, replay=moment is not None)
    window.resize(*size)
    window.set_projector(projector)
    if relay is not None:
        relay.attach(window.sync_state.emit)
    if screenshot is None:
        if projector:
            window.showFullScreen()
        else:
            window.show()
    feed.start()
    if screenshot is None:
        app.exec()
        feed.stop()
        return
    loop = QEventLoop()
    failure: list[str] = []

    def failed(message: str) -> None:
        failure.append(message)
        loop.quit()

    feed.ready.connect(lambda _snapshot: loop.quit())
    feed.failed.connect(failed)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    feed.stop()
    if window.snapshot is None:
        raise DashboardError(
            f"no numbers to show: {failure[0] if failure else 'the store did not load in 2 min'}"
        )
    window.show()
    app.processEvents()
    if not window.grab().save(str(screenshot)):
        raise DashboardError(f"cannot write the screenshot {screenshot}")
    window.close()
    click.echo(f"Saved {screenshot}")


@click.command()
@db_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.pdf or FILE.png for the day report; FILE.csv or FILE.xlsx for attendance.",
)
@click.option("--at", "at_text", help="Report as of this time, ISO 8601 (default: now).")
@_language_option
@json_option
def report(
    db_path: Path, out: Path | None, at_text: str | None, language: str | None, as_json: bool
) -> None:
    """Write the day report (PDF or PNG, with charts) or the attendance list (CSV or XLSX).

    Without --out, print what the report holds (--json for machines).
    """
    from checkin.counts.dashboard import report_snapshot
    from checkin.export.attendance import write_attendance

    suffix = out.suffix.lower() if out is not None else ""
    if out is not None and suffix not in (".pdf", ".png", ".csv", ".xlsx"):
        raise ExportError(f"cannot write {out.name}: use .pdf, .png, .csv or .xlsx")
    with open_store(db_path) as store:
        moment = _moment(at_text, store.event().timezone) or utc_now()
        if suffix in (".csv", ".xlsx"):
            assert out is not None
            count = write_attendance(store, out)
            click.echo(f"Wrote {count:,} attendees to {out}", err=True)
            return
        snapshot = report_snapshot(store, moment)
    if out is None:
        if as_json:
            echo_json(snapshot.to_json())
        else:
            from checkin.cli_support import headcounts_text

            click.echo(headcounts_text(snapshot.counts))
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.common.app import ensure_app
    from ui.dashboard.day_report import save_report

    ensure_app(sys.argv[:1])
    _set_language(language)
    save_report(snapshot, out)
    click.echo(f"Wrote the day report to {out}", err=True)
