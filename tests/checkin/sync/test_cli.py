"""``checkin sync`` keeps a desk in step, reports each change of state, and names its event."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

from click.testing import CliRunner

from checkin.cli import main
from tests.checkin.sync.conftest import EVENT, Clock, Hub, fact_ids, scan, sync, wait_for


def test_a_running_sync_reports_its_state_and_stops_on_sigterm(
    event_db: Path, hub: Hub, tmp_path: Path, clock: Clock
) -> None:
    sync(event_db, hub)
    creds = tmp_path / "creds.json"
    hub.credentials.save(creds)
    desk_b = tmp_path / "desk-b.db"
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-c",
            "from ui.commands import main; main()",
            "sync",
            "--db",
            str(desk_b),
            "--creds",
            str(creds),  # the hub address comes from the credentials file
            "--desk",
            "desk-b",
            "--json",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    states: list[dict[str, object]] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            states.append(json.loads(line))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(s["caught_up"] for s in states), what="the desk in step")
        scan(event_db, 1, clock())
        sync(event_db, hub)
        wait_for(lambda: fact_ids(desk_b) == fact_ids(event_db), what="the new scan at desk B")

        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(5)

    assert process.returncode == 0, process.stderr.read() if process.stderr else ""
    assert states[0]["connected"] is False
    assert any(s["connected"] and s["hub"] == hub.url for s in states)
    assert states[-1]["connected"] is False


def test_a_sync_once_names_the_event_that_hub_add_desk_asks_for(
    event_db: Path, hub: Hub, tmp_path: Path
) -> None:
    creds = tmp_path / "creds.json"
    hub.credentials.save(creds)
    synced = CliRunner().invoke(
        main, ["sync", "--db", str(event_db), "--creds", str(creds), "--once", "--json"]
    )
    assert synced.exit_code == 0, synced.output
    assert json.loads(synced.output)["event_id"] == EVENT.id

    added = CliRunner().invoke(
        main,
        ["hub", "--dir", str(hub.settings.directory), "--add-desk", "kiosk-9", "--event", " "],
    )
    assert added.exit_code == 2
    assert "'checkin sync --once --json' on a desk shows it" in added.output
