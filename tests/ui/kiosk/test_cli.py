"""``checkin kiosk`` and the windowed ``checkin demo``, run as a user would (in process)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PySide6.QtGui import QImage

from checkin.desk import Desk
from checkin.model import Color
from checkin.store import Store
from tests.ui.kiosk.conftest import badge
from ui.commands import main
from ui.kiosk import cli as kiosk_cli
from ui.kiosk.demo import DEMO_GATE, demo_codes, open_demo_store


@pytest.fixture
def store_path(demo_store: Store) -> Path:
    path = demo_store.path
    demo_store.close()
    return path


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_a_screenshot_shows_the_scanned_verdict(
    qapp: object, tmp_path: Path, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        code = badge(store, 42)
    shot = tmp_path / "green.png"
    result = run(
        "kiosk", "--db", str(store_path), "--gate", "North Hall", "--settings",
        str(tmp_path / "kiosk.json"), "--scan", code, "--screenshot", str(shot),
        "--size", "1024x576", "--at", "2026-11-28T09:30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 576)
    # The verdict panel's green fills its side of the picture.
    assert image.pixelColor(8, 500).name() == "#0b6b2e"
    with Store.open(store_path) as store:
        assert store.scan_count() == 1


def test_a_self_service_screenshot_fills_the_screen_with_the_welcome(
    qapp: object, tmp_path: Path, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        code = badge(store, 42)
    shot = tmp_path / "self-service.png"
    result = run(
        "kiosk", "--db", str(store_path), "--gate", "North Hall", "--settings",
        str(tmp_path / "kiosk.json"), "--self-service", "--scan", code,
        "--screenshot", str(shot), "--size", "1024x576", "--at", "2026-11-28T09:30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    image = QImage(str(shot))
    # No counters, search or camera column: the verdict's green runs edge to edge.
    assert image.pixelColor(8, 8).name() == "#0b6b2e"
    assert image.pixelColor(1016, 400).name() == "#0b6b2e"


def test_set_pin_asks_twice_and_stores_only_a_hash(tmp_path: Path) -> None:
    settings = tmp_path / "kiosk.json"
    result = run("kiosk", "--set-pin", "--settings", str(settings), input="4321\n4321\n")
    assert result.exit_code == 0, result.output
    assert "4321" not in settings.read_text()
    assert json.loads(settings.read_text())["pin"]["kdf"] == "scrypt"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gate", "North Hall"], "give the desk's store with --db PATH"),
        (["--db", "{db}", "--gate", "Roof"], "no gate named 'Roof'"),
        (["--db", "{db}"], "choose this desk's gate with --gate"),
        (["--db", "{db}", "--gate", "VIP", "--at", "soon"], "--at 'soon' is not an ISO 8601"),
        (["--db", "{db}", "--gate", "VIP", "--hub", "nats://127.0.0.1:9"], "give --creds FILE"),
        (["--db", "{db}", "--gate", "VIP", "--creds", "{db}.json"], "no credentials file"),
    ],
)
def test_mistakes_get_one_clear_line(
    qapp: object, tmp_path: Path, store_path: Path, args: list[str], message: str
) -> None:
    filled = [a.replace("{db}", str(store_path)) for a in args]
    result = CliRunner().invoke(
        main,
        ["kiosk", *filled, "--settings", str(tmp_path / "k.json"), "--screenshot", "x.png"],
    )
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_demo_headless_runs_the_core_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run("demo", "--headless", "--db", str(db), "--attendees", "200", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["registered"] > 0


def test_demo_opens_the_kiosk_at_north_hall_with_the_synthetic_camera(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: dict[str, Any] = {}

    def fake_run(db_path: Path, settings: Any, **options: Any) -> None:
        opened.update(options, db_path=db_path, gate=settings.get("gate"))

    monkeypatch.setattr(kiosk_cli, "run_kiosk", fake_run)
    monkeypatch.setattr(kiosk_cli, "default_demo_path", lambda: tmp_path / "data" / "demo.db")
    monkeypatch.setattr("ui.kiosk.settings.default_settings_path", lambda: tmp_path / "kiosk.json")
    result = run("demo", "--attendees", "300")
    assert result.exit_code == 0, result.output
    assert opened["db_path"] == tmp_path / "data" / "demo.db"
    assert (opened["gate"], opened["source"]) == ("North Hall", "synthetic")
    assert len(opened["demo_codes"]) >= 30
    assert "PIN 2026" in result.output
    again = run("demo", "--attendees", "300")  # the second time reuses the store
    assert again.exit_code == 0, again.output


def test_the_demo_feed_shows_all_three_colours(tmp_path: Path, now: datetime) -> None:
    with open_demo_store(tmp_path / "demo.db") as store:
        desk = Desk(store, gate=DEMO_GATE)
        colours = set()
        for minute, code in enumerate(demo_codes(store)):
            colours.add(desk.scan(code, now.replace(minute=minute % 60, second=minute // 60)).color)
    assert colours == {Color.GREEN, Color.AMBER, Color.RED}


def test_without_a_display_the_kiosk_says_so_instead_of_aborting(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    result = CliRunner().invoke(
        main,
        ["kiosk", "--db", str(store_path), "--gate", "VIP", "--settings", str(tmp_path / "k")],
    )
    assert result.exit_code == 1
    assert "no display to open the kiosk on" in result.output


def test_the_demo_feed_is_mostly_green_and_opens_green(tmp_path: Path, now: datetime) -> None:
    with open_demo_store(tmp_path / "demo.db") as store:
        desk = Desk(store, gate=DEMO_GATE)
        verdicts = [
            desk.scan(code, now + timedelta(seconds=4 * index))
            for index, code in enumerate(demo_codes(store))
        ]
    colours = [v.color for v in verdicts]
    assert colours[:5] == [Color.GREEN] * 5
    red = colours.count(Color.RED) / len(colours)
    assert 0.02 <= red <= 0.06
    assert colours.count(Color.GREEN) / len(colours) >= 0.75
    statuses = {v.status.value for v in verdicts if v.color is Color.RED}
    assert "revoked" in statuses and len(statuses) >= 4  # red takes turns
