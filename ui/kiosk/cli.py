"""``checkin kiosk`` and how the windowed ``checkin demo`` opens the kiosk.

Qt is imported inside the commands, so listing them costs
``checkin --version`` nothing.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from checkin.cli import DemoWindowOptions
from checkin.cli_support import desk_option
from checkin.timeutil import parse_iso, utc_now
from ui.common.options import hub_choice, hub_options, printer_option, size_option
from ui.i18n.languages import LANGUAGES
from ui.kiosk.errors import KioskError

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1600, 900)


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The desk's store (an SQLite file); required, except with --set-pin. A new file "
    "joins the event from the hub (--hub/--creds).",
)
@click.option("--gate", help="The gate this desk guards (default: the one last chosen).")
@click.option("--direction", type=click.Choice(["entry", "exit"]), help="Default: entry.")
@click.option("--camera", type=int, help="Camera number to read badges from (0 is the first).")
@click.option(
    "--source",
    type=click.Choice(["camera", "video", "folder", "synthetic", "none"]),
    help="Where frames come from (default: camera when --camera is given, else none).",
)
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, path_type=Path),
    help="The video file or picture folder for --source video|folder.",
)
@click.option("--fullscreen", is_flag=True, help="Fill the screen; leaving needs the PIN.")
@click.option("--language", type=click.Choice(list(LANGUAGES)), help="Default: the last chosen.")
@click.option(
    "--hold", type=float, help="Seconds a verdict stays on screen (default 2; 8 self-service)."
)
@desk_option("desk_id")
@click.option(
    "--settings",
    "settings_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (default: in the user's config folder).",
)
@click.option(
    "--set-pin", is_flag=True, help="Set the operator PIN (asked twice) and exit; demo PIN 2026."
)
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the window off screen after the --scan codes, save a PNG, and exit.",
)
@click.option("--scan", "scans", multiple=True, help="A code to scan first (repeatable).")
@click.option("--at", "at_text", help="Time of the first --scan, ISO 8601 (default: now).")
@size_option("1600x900")
@click.option(
    "--print-on-entry", is_flag=True, help="Print the badge of a first arrival who has none."
)
@click.option(
    "--self-service",
    is_flag=True,
    help="A screen facing the attendee: instructions in both languages, no search or undo; "
    "prints badges as --print-on-entry does.",
)
@printer_option
@hub_options
def kiosk(
    db_path: Path | None,
    gate: str | None,
    direction: str | None,
    camera: int | None,
    source: str | None,
    input_path: Path | None,
    fullscreen: bool,
    language: str | None,
    hold: float | None,
    desk_id: str | None,
    settings_path: Path | None,
    set_pin: bool,
    screenshot: Path | None,
    scans: tuple[str, ...],
    at_text: str | None,
    size: tuple[int, int],
    print_on_entry: bool,
    self_service: bool,
    printer_urls: tuple[str, ...],
    hub: str | None,
    creds: Path | None,
) -> None:
    """Open the full-screen desk kiosk (camera, USB scanner, search).

    Operator settings (gate, direction, camera, sound, hold time, language,
    leaving full screen) are behind a PIN: F2 or the Settings button asks for
    it.  The demo PIN is 2026; set your own with --set-pin.

    --self-service turns the screen to the attendee: it invites a scan in
    both languages, welcomes by name and prints the badge of a first
    arrival, sends anyone it cannot let in to the help desk, and shows no
    search, undo or settings button (F2 and the PIN still open settings).

    --printer sends those badges to label printers (a pool when repeated)
    instead of the printer chosen at the badge station.
    """
    from ui.kiosk.settings import SettingsFile, default_settings_path

    settings = SettingsFile.load(settings_path or default_settings_path())
    if set_pin:
        pin = click.prompt("New operator PIN", hide_input=True, confirmation_prompt=True)
        settings.set_pin(pin)
        click.echo(f"PIN set in {settings.path}")
        return
    if db_path is None:
        raise click.UsageError("give the desk's store with --db PATH")
    if printer_urls and not (print_on_entry or self_service):
        raise click.UsageError("--printer is where badges print: give --print-on-entry with it")
    syncing = hub_choice(hub, creds)
    overrides: dict[str, Any] = {
        "gate": gate,
        "direction": direction,
        "camera": camera,
        "language": language,
        "self_service_seconds" if self_service else "hold_seconds": hold,
    }
    for name, value in overrides.items():
        if value is not None:
            settings.set(name, value)
    if screenshot is not None:
        source = "none"
    elif source is None:
        source = "camera" if camera is not None else "none"
    run_kiosk(
        db_path,
        settings,
        source=source,
        input_path=input_path,
        fullscreen=fullscreen,
        desk_id=desk_id,
        screenshot=screenshot,
        scans=scans,
        at_text=at_text,
        size=size,
        print_on_entry=print_on_entry or self_service,
        self_service=self_service,
        printer_urls=printer_urls,
        hub=syncing,
    )


def run_kiosk(
    db_path: Path,
    settings: Any,
    *,
    source: str,
    input_path: Path | None = None,
    fullscreen: bool = False,
    desk_id: str | None = None,
    screenshot: Path | None = None,
    scans: tuple[str, ...] = (),
    at_text: str | None = None,
    size: tuple[int, int] = SCREENSHOT_SIZE,
    demo_codes: list[str] | None = None,
    print_on_entry: bool = False,
    self_service: bool = False,
    printer_urls: tuple[str, ...] = (),
    hub: tuple[str | None, Path] | None = None,
) -> None:
    if screenshot is not None:
        # Off screen, whatever display there is: the PNG is the product.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif no_display():
        raise KioskError(
            "no display to open the kiosk on (DISPLAY is not set): run it on the desk's "
            "screen, or use --screenshot FILE (or checkin demo --headless)"
        )
    from checkin.store import Store
    from ui.common.app import ensure_app
    from ui.common.sync import start_sync
    from ui.kiosk.sources import make_scanner
    from ui.kiosk.window import KioskWindow

    sync, relay = start_sync(db_path, *hub, desk=desk_id) if hub is not None else (None, None)
    store = Store.open(db_path)
    stack = ExitStack()  # what lives as long as the window (a screenshot's print folder)
    try:
        gate = str(settings.get("gate"))
        if not gate:
            names = ", ".join(g.name for g in store.gates())
            raise KioskError(f"choose this desk's gate with --gate (this event has: {names})")
        timezone = store.event().timezone
        try:
            start = parse_iso(at_text, timezone) if at_text else None
        except ValueError:
            raise KioskError(
                f"--at {at_text!r} is not an ISO 8601 time such as 2026-11-28T09:30"
            ) from None
        clock = _Clock(start)
        app = ensure_app(sys.argv[:1])
        if source == "synthetic" and not demo_codes:
            from checkin.scanner.synthetic import store_codes

            demo_codes = store_codes(store)
        scanner = make_scanner(
            source, camera=int(settings.get("camera")), input_path=input_path, codes=demo_codes
        )
        window = KioskWindow(
            store,
            settings,
            scanner=scanner,
            scanner_for_camera=(
                (lambda n: make_scanner("camera", camera=n)) if source == "camera" else None
            ),
            clock=clock,
            desk_id=desk_id,
            claim=sync.claimer(store) if sync is not None else None,
            sync_notify=sync.notify if sync is not None else None,
            demo=source == "synthetic",
            self_service=self_service,
        )
        if relay is not None:
            relay.attach(window.sync_changed.emit)
        if print_on_entry:
            window.follow_print_queue(_attach_printer(window, screenshot, stack, printer_urls))
        window.resize(*size)
        window.show_kiosk(fullscreen and screenshot is None)
        app.processEvents()
        for code in scans:
            window.on_code(code, 0.0)
            clock.advance(timedelta(seconds=10))  # past the repeat window
        if screenshot is not None:
            if scans:
                _show_still(window, scans[-1])
            for _ in range(3):  # queued camera signals, then the layouts they change
                app.processEvents()
            window.panel.repaint()
            if not window.grab().save(str(screenshot)):
                raise KioskError(f"cannot write the screenshot {screenshot}")
            window.locked = False
            window.close()
            click.echo(f"Saved {screenshot}")
            return
        app.exec()
        window.shutdown()
    finally:
        stack.close()  # the print queue stops before the store it records into closes
        if sync is not None:
            sync.stop()
        store.close()


def _attach_printer(
    window: Any, screenshot: Path | None, stack: ExitStack, printer_urls: tuple[str, ...] = ()
) -> Any:
    """The badge printer for first arrivals; a screenshot prints to a throwaway PDF instead.

    The queue stops (and its pool closes) when ``stack`` closes, before the store does.
    """
    from checkin.badges.template import load_template
    from checkin.printers.state import PrinterState
    from ui.badges.queue import (
        ENTRY_TEMPLATE,
        PdfFileSink,
        PrintOnEntryQueue,
        attach_print_on_entry,
    )

    if screenshot is None:
        queue = attach_print_on_entry(window, printer_urls=printer_urls)
        stack.callback(queue.stop)
        return queue
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="checkin-badges-")))
    sink = PdfFileSink(load_template(ENTRY_TEMPLATE), folder)
    queue = PrintOnEntryQueue(sink, lambda: PrinterState.READY)
    attach_print_on_entry(window, queue=queue)
    stack.callback(queue.stop)
    return queue


def no_display() -> bool:
    """True on a Linux/BSD machine without X or Wayland, where Qt would abort the process."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _show_still(window: Any, code: str) -> None:
    """Put the last badge in the camera view, outlined, as the camera would have shown it."""
    import numpy as np

    from checkin.scanner.render import Pose, badge_card, hall_scene, place
    from ui.kiosk.scanning import CameraState

    rng = np.random.default_rng(7)
    picture = hall_scene(960, 540, rng)
    try:
        corners = place(picture, badge_card(code, 5, rng), Pose(480, 300, 150, 6, 12, -8))
    except ValueError:  # too long for a QR symbol: show the hall alone
        corners = None
    outline = [tuple((float(x), float(y)) for x, y in corners)] if corners is not None else []
    window.bridge.report_camera(CameraState.RUNNING, "still picture")
    window.bridge.report_frame(picture, outline)


class _Clock:
    """The real time, or a fixed start that only moves when told (for screenshots)."""

    def __init__(self, start: datetime | None) -> None:
        self.fixed = start

    def __call__(self) -> datetime:
        return self.fixed if self.fixed is not None else utc_now()

    def advance(self, step: timedelta) -> None:
        if self.fixed is not None:
            self.fixed += step


def open_demo_kiosk(options: DemoWindowOptions) -> None:
    """Open the kiosk on the demo event, with badges scanned by a synthetic camera."""
    from ui.kiosk.demo import DEMO_GATE, demo_codes, open_demo_store
    from ui.kiosk.settings import SettingsFile, default_settings_path

    path = options.db_path or default_demo_path()
    with open_demo_store(path, seed=options.seed, attendees=options.attendees) as store:
        codes = demo_codes(store, seed=options.seed)
    click.echo(f"Demo event in {path}; operator PIN 2026 (F2 opens settings)")
    settings = SettingsFile.load(default_settings_path())
    settings.set("gate", DEMO_GATE)
    settings.set("direction", "entry")
    run_kiosk(
        path,
        settings,
        source="synthetic",
        fullscreen=options.fullscreen,
        demo_codes=codes,
        screenshot=options.screenshot,
    )


def default_demo_path() -> Path:
    from checkin.paths import data_dir

    return data_dir() / "demo.db"
