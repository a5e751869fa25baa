"""``checkin dashboard --screenshot`` and ``checkin report``, as a user runs them."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.dashboard.test_window import stats_json
from ui.commands import main

AT = "2026-11-28T12:11"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("projector", [False, True])
def test_a_screenshot_of_the_dashboard_is_saved_off_screen(
    qtbot: QtBot, morning_path: Path, tmp_path: Path, projector: bool
) -> None:
    shot = tmp_path / "dashboard.png"
    args = ["dashboard", "--db", str(morning_path), "--at", AT, "--language", "en"]
    result = run(
        *args, "--screenshot", str(shot), "--size", "1280x800", *(["--projector"] * projector)
    )
    assert result.exit_code == 0, result.output
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    corner = image.pixelColor(3, image.height() - 3).name()
    assert (corner == "#000000") is projector  # projector mode: light on black


def test_report_json_holds_the_same_counts_as_stats(morning_path: Path) -> None:
    result = run("report", "--db", str(morning_path), "--at", AT, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"] == stats_json(morning_path)
    assert report["level"] == "normal"
    assert [desk["desk"] for desk in report["desks"] if desk["silent"]] == ["desk-expo"]
    assert report["red_last_hour"] == 4


@pytest.mark.parametrize("suffix", [".pdf", ".png", ".csv", ".xlsx"])
def test_report_writes_each_kind_of_file_owner_only(
    qtbot: QtBot, morning_path: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"day{suffix}"
    result = run("report", "--db", str(morning_path), "--at", AT, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    head = out.read_bytes()[:4]
    assert (
        head
        == {".pdf": b"%PDF", ".png": b"\x89PNG", ".csv": b"\xef\xbb\xbfa", ".xlsx": b"PK\x03\x04"}[
            suffix
        ]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--out", "day.docx"], "use .pdf, .png, .csv or .xlsx"),
        (["report", "--at", "half past nine"], "is not an ISO 8601 time"),
        (["dashboard", "--hub", "nats://127.0.0.1:4222"], "give --creds FILE"),
    ],
)
def test_bad_options_get_one_plain_sentence(
    morning_path: Path, args: list[str], message: str
) -> None:
    result = run(*args, "--db", str(morning_path))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = run("report", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "checkin init" in result.output
