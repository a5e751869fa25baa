"""Every dashboard string has a Chinese translation, and the compiled file matches."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.dashboard.i18n import I18N

SOURCES = Path(__file__).resolve().parents[3] / "ui" / "dashboard"
TS = I18N / "dashboard_zh_CN.ts"
MARKED = re.compile(
    r'(?:translate|QT_TRANSLATE_NOOP)\(\s*"(Dashboard\w*)",\s*"((?:[^"\\]|\\.)*)"', re.S
)


def translations() -> dict[tuple[str, str], tuple[str, str | None]]:
    found = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            assert element is not None
            found[(name, message.findtext("source") or "")] = (
                element.text or "",
                element.get("type"),
            )
    return found


def test_every_marked_string_in_the_dashboard_is_translated() -> None:
    known = translations()
    marked = {
        (context, text.replace('\\"', '"'))
        for path in SOURCES.glob("*.py")
        for context, text in MARKED.findall(path.read_text(encoding="utf-8"))
    }
    assert len(marked) > 80
    missing = sorted(marked - known.keys())
    assert not missing, f"run pyside6-lupdate and translate: {missing}"
    for key in marked:
        text, state = known[key]
        assert text and state is None, f"unfinished translation for {key}"


def test_placeholders_survive_translation() -> None:
    for (_, source), (text, _) in translations().items():
        assert set(re.findall(r"{\w+}", source)) == set(re.findall(r"{\w+}", text)), source


def test_the_compiled_translation_matches_its_source(tmp_path: Path) -> None:
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed next to this Python")
    compiled = tmp_path / "dashboard_zh_CN.qm"
    subprocess.run([str(lrelease), str(TS), "-qm", str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == TS.with_suffix(".qm").read_bytes(), (
        "recompile: pyside6-lrelease assets/i18n/dashboard_zh_CN.ts"
    )
