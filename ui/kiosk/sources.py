"""Scanners for the kiosk: the core's scanning pipeline over a frame source, or none."""

from __future__ import annotations

from pathlib import Path

from ui.kiosk.errors import ScannerUnavailable
from ui.kiosk.scanning import NoScanner, Scanner


def make_scanner(
    source: str,
    *,
    camera: int = 0,
    input_path: Path | None = None,
    codes: list[str] | None = None,
) -> Scanner:
    if source == "none":
        return NoScanner()
    raise ScannerUnavailable(
        f"frame source {source!r} is not available in this build; run with --source none "
        "and use a USB scanner or search"
    )
