"""``checkin badges``: a batch PDF, a record of what printed, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtGui import QImage

from checkin.store import Store
from ui.commands import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_batch_pdf_records_the_printed_versions(
    demo_store: Store, tmp_path: Path, badge_qapp: object
) -> None:
    db = str(demo_store.path)
    out = tmp_path / "vip.pdf"
    code, output = run(
        "badges", "--db", db, "--out", str(out), "--template", "a4-8up", "--category", "VIP",
        "--sort", "company", "--json",
    )  # fmt: skip
    assert code == 0, output
    summary = json.loads(output.strip().splitlines()[-1])
    vips = [a for a in demo_store.attendees() if a.category == "VIP" and a.state.value == "active"]
    assert summary["badges"] == len(vips) and summary["pages"] == -(-len(vips) // 8)
    assert summary["recorded"] and out.read_bytes().startswith(b"%PDF")
    assert set(demo_store.printed_versions()) == {a.number for a in vips}
    code, output = run(
        "badges", "--db", db, "--out", str(out), "--category", "VIP", "--only-unprinted"
    )
    assert (code, output.strip()) == (0, "no badges to print (all printed already)")


def test_png_previews_without_recording(
    demo_store: Store, tmp_path: Path, badge_qapp: object
) -> None:
    code, output = run(
        "badges", "--db", str(demo_store.path), "--png", str(tmp_path / "png"),
        "--category", "Media", "--template", "cr80", "--dpi", "40",
    )  # fmt: skip
    assert code == 0, output
    assert "PNG previews" in output and list((tmp_path / "png").glob("badge-*-v1-cr80.png"))
    assert demo_store.printed_versions() == {}


def test_errors_are_one_line(demo_store: Store, tmp_path: Path) -> None:
    db = str(demo_store.path)
    out = str(tmp_path / "x.pdf")
    code, output = run("badges", "--db", db, "--out", out, "--template", "A5")
    assert code == 1 and output.startswith("checkin: no badge template named 'A5'")
    code, output = run("badges", "--db", db, "--out", out, "--category", "Press")
    assert code == 1 and output.startswith("checkin: no category 'Press' in this event")
    code, output = run("badges", "--db", db)
    assert (
        code == 2
        and "give --out FILE.pdf, --png DIR, --print, --printer URL or --preview" in output
    )


def test_the_station_opens_in_chinese_and_saves_a_screenshot(
    demo_store: Store, tmp_path: Path
) -> None:
    """In a process of its own: the window runs its own event loop and quits it."""
    shot = tmp_path / "station.png"
    finished = subprocess.run(
        [
            sys.executable, "-m", "ui", "station", "--db", str(demo_store.path),
            "--language", "zh_CN", "--screenshot", str(shot),
        ],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert not QImage(str(shot)).isNull()


def test_the_station_refuses_a_language_it_does_not_speak(demo_store: Store) -> None:
    code, output = run("station", "--db", str(demo_store.path), "--language", "fr")
    assert code == 2 and "'fr' is not one of 'en', 'zh_CN'" in output
