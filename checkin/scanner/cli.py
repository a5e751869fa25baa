"""``checkin decode``: read the codes in pictures and videos, a thin wrapper over ``decode_paths``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per file.")
@click.option(
    "--budget-ms",
    type=click.FloatRange(min=1.0),
    default=60.0,
    show_default=True,
    help="Time the decoder may spend on a hard picture (or video frame).",
)
def decode(paths: tuple[Path, ...], as_json: bool, budget_ms: float) -> None:
    """Print the codes in picture files (PNG, JPEG, ...), folders of them, or video files.

    A file that is missing or cannot be read is reported on its own line and
    the others are still decoded; the exit status is then 1.

    \b
    Example:
      $ checkin decode badge.png hall.mp4 --json
      {"path": "badge.png", "codes": ["WS26-1234-1-KX7QF2M4ZP3HJ4TA"], "ms": 1.2}
      {"path": "hall.mp4", "codes": [], "ms": 812.5, "frames": 300}
    """
    # Imported here: OpenCV takes a quarter of a second to load, which every
    # other checkin command would otherwise pay at start.
    from checkin.scanner.files import decode_paths
    from checkin.scanner.strategy import default_strategy

    failed = False
    for result in decode_paths(paths, default_strategy(budget_ms)):
        failed = failed or result.error is not None
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        elif result.error is not None:
            click.echo(f"{result.path}: error: {result.error}", err=True)
        else:
            found = ", ".join(result.codes) if result.codes else "no code"
            frames = f", {result.frames} frames" if result.frames is not None else ""
            click.echo(f"{result.path}: {found} ({result.ms:.1f} ms{frames})")
    if failed:
        sys.exit(1)
