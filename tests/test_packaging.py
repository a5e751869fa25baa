"""The frozen app built from build.spec runs every smoke step (slow: builds the app)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_app_built_with_build_spec_passes_the_smoke_test(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    build = subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "build"), str(ROOT / "build.spec")],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    exe = tmp_path / "dist" / "checkin" / "checkin"
    assert exe.exists()
    smoke = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "smoke_dist.py"), str(exe)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )  # fmt: skip
    print(smoke.stdout)
    assert smoke.returncode == 0, smoke.stdout[-2000:] + smoke.stderr[-2000:]
    assert "smoke test passed" in smoke.stdout
