"""Smoke test of the built app: the frozen executable, run as a user would.

    python tools/smoke_dist.py dist/checkin/checkin

Runs ``--version``, ``demo --headless`` on a temporary store, ``decode`` on a
badge image generated here, and ``kiosk --screenshot`` offscreen; prints the
folder's size and the cold start times.  Exits non-zero on the first failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(command: list[str], **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    began = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env={**os.environ, **env}, check=False
    )
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return result, elapsed


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def badge_image(code: str, path: Path) -> None:
    import cv2
    import numpy as np
    import zxingcpp

    barcode = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    matrix = np.array(barcode.to_image(scale=8, add_quiet_zones=True))
    cv2.imwrite(str(path), matrix)


def hub_and_sync(exe: Path, store: Path, work: Path, env: dict[str, str]) -> None:
    """The bundled nats-server runs as the hub, and a new desk joins through it."""
    import signal
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub_dir = work / "hub"
    # The hub's log lines (its own and nats-server's) go to stderr; the
    # ready line to stdout.
    log = (work / "hub-stderr.log").open("w")
    hub = subprocess.Popen(
        [str(exe), "hub", "--dir", str(hub_dir), "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=log, text=True, env={**os.environ, **env},
    )  # fmt: skip
    try:
        assert hub.stdout is not None
        ready = hub.stdout.readline()
        assert "Hub ready" in ready, ready
        creds = str(hub_dir / "credentials" / "desks.json")
        url = f"nats://127.0.0.1:{port}"
        pushed, _ = run(
            [
                str(exe),
                "sync",
                "--db",
                str(store),
                "--hub",
                url,
                "--creds",
                creds,
                "--once",
                "--json",
            ],
            **env,
        )
        joined = work / "joined.db"
        pulled, sync_time = run(
            [
                str(exe),
                "sync",
                "--db",
                str(joined),
                "--hub",
                url,
                "--creds",
                creds,
                "--once",
                "--json",
            ],
            **env,
        )
        assert json.loads(pulled.stdout)["pulled"] == json.loads(pushed.stdout)["pushed"] > 0
        print(
            f"hub + sync: a new desk joined with {json.loads(pulled.stdout)['pulled']} facts ({sync_time:.2f} s)"
        )
    finally:
        hub.send_signal(signal.SIGTERM)
        hub.wait(timeout=30)
        log.close()


def main() -> int:
    exe = Path(sys.argv[1]).resolve()
    # Nothing from the source tree or the venv may leak into the frozen app.
    clean = {"PYTHONPATH": "", "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        version, version_time = run([str(exe), "--version"], **clean)
        print(f"version: {version.stdout.strip()}  ({version_time:.2f} s cold)")

        store = work / "demo.db"
        demo, demo_time = run(
            [str(exe), "demo", "--headless", "--db", str(store), "--json"], **clean
        )
        counts = json.loads(demo.stdout)
        assert counts["checked_in"] > 2000, counts
        print(f"demo --headless: {counts['checked_in']} checked in ({demo_time:.2f} s)")

        code, _ = run([str(exe), "code", "--db", str(store), "7"], **clean)
        image = work / "badge.png"
        badge_image(code.stdout.strip(), image)
        decoded, _ = run([str(exe), "decode", str(image), "--json"], **clean)
        line = json.loads(decoded.stdout.splitlines()[0])
        assert line["codes"] == [code.stdout.strip()], line
        print(f"decode: {line['codes'][0][:12]}... in {line['ms']:.1f} ms")

        shot = work / "kiosk.png"
        _, kiosk_time = run(
            [str(exe), "kiosk", "--db", str(store), "--gate", "North Hall", "--scan", code.stdout.strip(),
             "--screenshot", str(shot)],
            **clean,
        )  # fmt: skip
        assert shot.exists() and shot.stat().st_size > 10_000, "no kiosk screenshot"
        print(f"kiosk --screenshot: first painted frame written in {kiosk_time:.2f} s (cold)")
        hub_and_sync(exe, store, work, clean)
    print(f"folder size: {folder_size(exe.parent) / 2**20:.0f} MiB")
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
