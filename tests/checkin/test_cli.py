"""The checkin command as scripts and people use it: JSON contracts and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checkin.cli import main
from checkin.demo import create_demo_event
from checkin.store import Store

VERDICT_STATUSES = {
    "entered", "exited", "already_inside", "attention", "nearly_full", "unknown", "forged", "wrong_event",
    "revoked", "blocked", "not_allowed", "closed", "full", "not_inside", "not_a_badge", "repeat", "not_recorded",
}  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    create_demo_event(path, attendees=200).close()
    return path


def test_version_prints_the_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("checkin, version ")


def test_scan_json_has_the_contract_fields(demo_db: Path) -> None:
    _, badge, _ = run("code", "--db", str(demo_db), "1")
    code, out, _ = run(
        "scan",
        badge.strip(),
        "--db",
        str(demo_db),
        "--gate",
        "North Hall",
        "--at",
        "2026-11-28T09:00",
        "--json",
    )
    verdict = json.loads(out)
    assert code == 0
    assert verdict["status"] in VERDICT_STATUSES and verdict["color"] in {"green", "amber", "red"}
    assert set(verdict["attendee"]) >= {"id", "name", "category"} and verdict["attendee"]["id"] == 1
    assert verdict["message"] and verdict["time"] == "2026-11-28T09:00:00+08:00"


def test_scanning_garbage_is_a_verdict_not_an_error(demo_db: Path) -> None:
    code, out, _ = run(
        "scan", "https://example.com", "--db", str(demo_db), "--gate", "North Hall", "--json"
    )
    assert (
        code == 0
        and json.loads(out)["status"] == "not_a_badge"
        and json.loads(out)["attendee"] is None
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "X", "--db", "{missing}", "--gate", "Main"], "no store at"),
        (["scan", "X", "--db", "{db}", "--gate", "Nowhere"], "no gate named 'Nowhere'"),
        (
            ["scan", "X", "--db", "{db}", "--gate", "VIP", "--at", "yesterday"],
            "not an ISO 8601 time",
        ),
        (["stats", "--db", "{junk}"], "not a check-in store"),
        (["init", "--db", "{db}", "--name", "X", "--capacity", "10"], "already exists"),
        (
            ["init", "--db", "{new}", "--name", "X", "--capacity", "0"],
            "capacity must be a positive",
        ),
        (["code", "--db", "{db}", "99999"], "no attendee number 99999"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_a_non_zero_exit(
    demo_db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    paths = {
        "db": demo_db,
        "missing": tmp_path / "missing.db",
        "junk": junk,
        "new": tmp_path / "new.db",
    }
    code, out, err = run(*[a.format(**paths) for a in args])
    assert code != 0
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_stats_json_has_the_contract_fields(demo_db: Path) -> None:
    code, out, _ = run("stats", "--db", str(demo_db), "--json")
    data = json.loads(out)
    assert code == 0
    assert {"checked_in", "inside", "capacity", "by_gate", "by_category"} <= set(data)
    assert data["capacity"] == 3000 and set(data["by_gate"]) == {
        "North Hall",
        "South Hall",
        "Exhibition",
        "VIP",
    }


def test_init_prints_the_event_id_that_stats_json_carries(tmp_path: Path) -> None:
    db = tmp_path / "event.db"
    code, out, _ = run("init", "--db", str(db), "--name", "Forum", "--capacity", "50")
    assert code == 0
    printed = out.strip().splitlines()[-1]
    assert printed.startswith("Event id: ")
    event_id = printed.removeprefix("Event id: ")

    code, out, _ = run("stats", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["event_id"] == event_id
    with Store.open(db) as store:
        assert store.event().id == event_id


def test_export_attendees_csv_and_json_carry_the_current_badge_code(
    demo_db: Path, tmp_path: Path
) -> None:
    _, badge, _ = run("code", "--db", str(demo_db), "3")
    _, out, _ = run("export", "attendees", "--db", str(demo_db), "--format", "json")
    rows = json.loads(out)
    assert len(rows) == 200 and {"id", "name", "category", "company", "badge_code"} <= set(rows[0])
    assert rows[2]["badge_code"] == badge.strip()
    target = tmp_path / "attendees.csv"
    code, _, _ = run(
        "export", "attendees", "--db", str(demo_db), "--format", "csv", "--out", str(target)
    )
    assert code == 0 and stat.S_IMODE(os.stat(target).st_mode) == 0o600
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in table] == [r["name"] for r in rows]


def test_exporting_over_a_world_readable_file_leaves_it_owner_only(
    demo_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "existing.csv"
    target.write_text("an older export\n")
    os.chmod(target, 0o644)
    code, _, _ = run("export", "attendees", "--db", str(demo_db), "--out", str(target))
    assert code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert "an older export" not in target.read_text(encoding="utf-8-sig")


def test_export_scans_has_the_contract_fields(demo_db: Path) -> None:
    _, badge, _ = run("code", "--db", str(demo_db), "1")
    run(
        "scan",
        badge.strip(),
        "--db",
        str(demo_db),
        "--gate",
        "North Hall",
        "--at",
        "2026-11-28T09:00",
    )
    run(
        "scan",
        badge.strip(),
        "--db",
        str(demo_db),
        "--gate",
        "North Hall",
        "--direction",
        "exit",
        "--at",
        "2026-11-28T10:00",
    )
    _, out, _ = run("export", "scans", "--db", str(demo_db), "--format", "json")
    rows = json.loads(out)
    assert [(r["attendee_id"], r["direction"], r["status"], r["gate"]) for r in rows] == [
        (1, "entry", "entered", "North Hall"),
        (1, "exit", "exited", "North Hall"),
    ]
    assert rows[0]["time"] == "2026-11-28T09:00:00+08:00" and rows[0]["desk"]


def test_init_with_an_event_file_and_undo(tmp_path: Path) -> None:
    event_file = tmp_path / "event.toml"
    event_file.write_text(
        '[event]\nname = "Tiny"\ncapacity = 5\nprefix = "TINY"\n'
        '[[categories]]\nname = "Guest"\n[[gates]]\nname = "Door"\n',
        encoding="utf-8",
    )
    db = tmp_path / "tiny.db"
    code, out, _ = run("init", "--db", str(db), "--config", str(event_file))
    assert code == 0 and "TINY" in out and "Door" in out
    code, _, err = run("undo", "--db", str(db))
    assert code == 1 and "no scan to undo" in err


def test_demo_headless_prints_the_headcounts(tmp_path: Path) -> None:
    code, out, _ = run(
        "demo", "--headless", "--db", str(tmp_path / "d.db"), "--attendees", "300", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert 0 < data["inside"] <= data["checked_in"] <= data["registered"] <= 300
    assert data["exits"] > 0 and data["by_status"]["revoked"] > 0


def test_the_installed_console_script_runs(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("checkin")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "checkin" in result.stdout


def test_without_db_the_store_lives_in_the_per_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHECKIN_DATA_DIR", str(tmp_path / "data"))
    code, _, _ = run("init", "--name", "Solo", "--capacity", "10")
    assert code == 0
    store_path = tmp_path / "data" / "desk.db"
    assert store_path.exists() and stat.S_IMODE(os.stat(store_path).st_mode) == 0o600
    code, out, _ = run("stats", "--json")
    assert code == 0 and json.loads(out)["capacity"] == 10


def core_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checkin", *args], capture_output=True, text=True, check=False
    )


def test_the_core_group_lists_the_commands_that_need_no_window() -> None:
    result = core_command("--help")
    listed = {
        line.split()[0]
        for line in result.stdout.split("Commands:", 1)[1].splitlines()
        if line.strip()
    }
    assert result.returncode == 0
    assert {"decode", "hub", "sync", "scan", "demo"} <= listed
    assert not listed & {"kiosk", "dashboard", "report", "badges", "station"}


def test_the_core_demo_says_it_needs_headless() -> None:
    result = core_command("demo")
    assert result.returncode == 1
    assert result.stderr == "checkin: this build has no windows: run the demo with --headless\n"


@pytest.mark.parametrize("args", [["--version"], ["stats", "--help"], ["hub", "--help"]])
def test_core_commands_start_without_loading_qt(args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from checkin.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"


def test_init_undo_code_and_purge_speak_json(tmp_path: Path) -> None:
    db = tmp_path / "event.db"
    status, out, _ = run("init", "--db", str(db), "--name", "WeStart", "--capacity", "50", "--json")
    made = json.loads(out)
    assert status == 0 and made["gates"] == ["Main"] and made["event_id"] and made["desk"]
    status, out, _ = run("import", "--db", str(db), str(write_small_roster(tmp_path)))
    assert status == 0
    status, out, _ = run("code", "--db", str(db), "1", "--json")
    badge = json.loads(out)
    assert (badge["number"], badge["version"]) == (1, 1)
    assert badge["code"].startswith(f"{made['prefix']}-1-1-")
    assert run("scan", badge["code"], "--db", str(db), "--gate", "Main")[0] == 0
    status, out, _ = run("undo", "--db", str(db), "--json")
    undone = json.loads(out)
    assert status == 0 and undone["status"] == "entered" and undone["attendee"] == 1
    status, out, _ = run("purge", "--db", str(db), "--before", "2999-01-01", "--yes", "--json")
    assert status == 0 and json.loads(out)["attendees"] == 1


def write_small_roster(folder: Path) -> Path:
    path = folder / "roster.csv"
    path.write_text("name,email\nLi Wei,li@example.com\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["init", "scan", "undo", "sync", "kiosk", "station"])
def test_desk_means_this_desks_name_in_every_command(name: str) -> None:
    from ui.commands import main as desktop

    option = next(p for p in desktop.commands[name].params if p.name in ("desk", "desk_id"))
    assert option.help is not None and option.help.startswith("This desk's name")
