"""Command-line options the windowed commands share: the hub to sync with, a window size.

Each command keeps its own help for what is its own; what joins a desk to
the hub, and how a size is written, is said once here so the kiosk, the
dashboard and the badge station accept the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def hub_options(function: F) -> F:
    """``--hub URL`` and ``--creds FILE``: sync with the other desks through the hub."""
    function = click.option(
        "--creds",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Credentials file for the hub (from 'checkin hub'); with it this machine syncs.",
    )(function)
    return click.option(
        "--hub",
        help="The hub's URL (nats://HOST:4222; default: the one in --creds).",
    )(function)


def hub_choice(hub: str | None, creds: Path | None) -> tuple[str | None, Path] | None:
    """What ``--hub``/``--creds`` ask for: None (local only) or (hub URL or None, credentials).

    A hub without credentials is a mistake worth stopping for: the desk would
    otherwise run alone while its operator believes it syncs.
    """
    if hub is not None and creds is None:
        raise click.UsageError("give --creds FILE (from 'checkin hub') with --hub")
    return (hub, creds) if creds is not None else None


class WindowSize(click.ParamType[tuple[int, int], Any]):
    """``WIDTHxHEIGHT`` in pixels, e.g. ``1600x900``, as a (width, height) pair."""

    name = "WIDTHxHEIGHT"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        try:
            width, height = (int(part) for part in str(value).lower().split("x"))
        except ValueError:
            self.fail(f"{value!r} is not WIDTHxHEIGHT, e.g. 1600x900", param, ctx)
        if width <= 0 or height <= 0:
            self.fail(f"{value!r} is not a size: width and height must be above 0", param, ctx)
        return width, height


WINDOW_SIZE = WindowSize()


def size_option(default: str) -> Callable[[F], F]:
    """``--size WIDTHxHEIGHT`` with ``default`` shown in the help."""
    return click.option(
        "--size",
        type=WINDOW_SIZE,
        default=default,
        show_default=True,
        help="Window size, WIDTHxHEIGHT.",
    )


def _check_printer_urls(
    ctx: click.Context, param: click.Parameter, urls: tuple[str, ...]
) -> tuple[str, ...]:
    """A typo in a printer URL stops the command before anything opens or prints."""
    from checkin.printers.urls import parse_printer_url

    for url in urls:
        parse_printer_url(url)  # a PrinterUrlError: one line that says what to write
    return urls


def printer_option(function: F) -> F:
    """``--printer URL`` (repeatable: a pool): badges go to label printers, no driver needed."""
    return click.option(
        "--printer",
        "printer_urls",
        multiple=True,
        metavar="URL",
        callback=_check_printer_urls,
        help="Print badges on this printer, no driver needed (repeat for a pool): "
        "zpl://HOST:9100?dpi=203, ql://HOST?model=QL-820NWB&label=62, tspl://HOST, "
        "cups:QUEUE or pdf:FILE. Each badge is journaled; one left queued goes first next time.",
    )(function)
