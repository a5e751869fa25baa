"""``checkin dashboard`` and ``checkin report``.

Qt is imported inside the commands, so registering them costs
``checkin --version`` nothing.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from checkin.cli_support import db_option, echo_json, json_option, open_store
from checkin.errors import UserError
from checkin.export.attendance import ExportError
from checkin.timeutil import parse_iso, utc_now

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


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not WIDTHxHEIGHT, e.g. 1600x1000") from None
    return width, height


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
@click.option("--hub", help="The hub's URL (nats://HOST:4222), for live data from all desks.")
@click.option(
    "--creds",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Credentials file for the hub (from 'checkin hub').",
)
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
@click.option("--size", default="1600x1000", show_default=True, help="Window size, WIDTHxHEIGHT.")
def dashboard(
    db_path: Path,
    hub: str | None,
    creds: Path | None,
    projector: bool,
    language: str | None,
    at_text: str | None,
    screenshot: Path | None,
    size: str,
) -> None:
    """Open the organizer dashboard: live headcounts, charts and desk health.

    It follows the store file as desks (or the sync process) write to it and
    redraws within a second of each new fact.  F11 switches projector mode.
    """
    if hub is not None and creds is None:
        raise click.UsageError("give --creds FILE (from 'checkin hub') with --hub")
    width, height = _size(size)
    sync, relay = _start_sync(db_path, hub, creds) if creds is not None else (None, None)
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
            size=(width, height),
            app=app,
            relay=relay,
        )
    finally:
        if sync is not None:
            sync.stop()


class _SyncRelay:
    """Hands sync states from the sync thread to the window, once it exists."""

    def __init__(self) -> None:
        self.target: Callable[[Any], None] | None = None
        self.latest: Any = None

    def __call__(self, state: Any) -> None:
        self.latest = state
        if self.target is not None:
            self.target(state)


def _start_sync(db_path: Path, hub: str | None, creds: Path) -> tuple[Any, _SyncRelay]:
    """Keep the store in step with the hub on a background thread while the window runs.

    A dashboard machine that has no store yet joins first, as ``checkin sync`` does.
    """
    from checkin.sync import BackgroundSync, Credentials, parse_hub_urls, sync_once

    credentials = Credentials.load(creds)
    text = hub or credentials.hub
    if not text:
        raise click.UsageError("give --hub nats://HOST:PORT (as printed by 'checkin hub')")
    urls = parse_hub_urls(text)
    if not db_path.exists():
        sync_once(db_path, urls, credentials)
    relay = _SyncRelay()
    sync = BackgroundSync(db_path, urls, credentials, on_state=relay)
    sync.start()
    return sync, relay


def run_dashboard(
    db_path: Path,
    *,
    language: Any,
    moment: datetime | None,
    projector: bool,
    screenshot: Path | None,
    size: tuple[int, int],
    app: Any,
    relay: _SyncRelay | None = None,
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
        relay.target = window.sync_state.emit
        if relay.latest is not None:
            window.sync_state.emit(relay.latest)
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
