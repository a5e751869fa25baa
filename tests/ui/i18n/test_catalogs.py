"""Every window's catalog: each marked string is translated, placeholders survive, files are current."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.i18n.catalogs import (
    CATALOGS,
    ROOT,
    catalog_source,
    compile_catalog,
    compiled_path,
    find_tool,
    source_files,
)
from ui.i18n.languages import TRANSLATED

EVERY_CATALOG = [
    pytest.param(catalog, language, id=f"{catalog}-{language}")
    for catalog in CATALOGS
    for language in TRANSLATED
]
# Fewer marked strings than this means the scan below stopped seeing them.
AT_LEAST = {"kiosk": 60, "dashboard": 80, "station": 40}
MARKED = re.compile(r'(?:translate|QT_TRANSLATE_NOOP)\(\s*"(\w+)",\s*"((?:[^"\\]|\\.)*)"', re.S)
FIELD = re.compile(r"\{[^{}]*\}")


def translations(catalog: str, language: str) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> the ``<translation>`` element, for every message in the ``.ts``."""
    found = {}
    for context in ET.parse(catalog_source(catalog, language)).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            assert element is not None, f"{catalog}: no <translation> in {name}"
            found[(name, message.findtext("source") or "")] = element
    return found


def marked_strings(catalog: str) -> set[tuple[str, str]]:
    return {
        (context, text.replace('\\"', '"'))
        for path in source_files(catalog)
        for context, text in MARKED.findall(path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize(("catalog", "language"), EVERY_CATALOG)
def test_every_marked_string_of_the_window_is_translated(catalog: str, language: str) -> None:
    known = translations(catalog, language)
    marked = marked_strings(catalog)
    assert len(marked) >= AT_LEAST[catalog]
    missing = sorted(marked - known.keys())
    assert not missing, f"run python -m ui.i18n.catalogs --update and translate: {missing}"


@pytest.mark.parametrize(("catalog", "language"), EVERY_CATALOG)
def test_every_message_in_the_catalog_is_finished(catalog: str, language: str) -> None:
    unfinished = [
        source
        for (_, source), element in translations(catalog, language).items()
        if not element.text or element.get("type") in ("unfinished", "obsolete", "vanished")
    ]
    assert unfinished == []


@pytest.mark.parametrize(("catalog", "language"), EVERY_CATALOG)
def test_translations_keep_every_placeholder(catalog: str, language: str) -> None:
    for (_, source), element in translations(catalog, language).items():
        assert sorted(FIELD.findall(element.text or "")) == sorted(FIELD.findall(source)), source


@pytest.mark.parametrize(("catalog", "language"), EVERY_CATALOG)
def test_collecting_the_sources_again_finds_nothing_new(
    catalog: str, language: str, tmp_path: Path
) -> None:
    """What ``lupdate`` itself collects, not only what the scan above sees, is in the catalog."""
    lupdate = find_tool("lupdate")
    if lupdate is None:
        pytest.skip("no lupdate on this machine")
    import subprocess

    fresh = tmp_path / f"{catalog}_{language}.ts"
    files = [str(path.relative_to(ROOT)) for path in source_files(catalog)]
    subprocess.run(
        [lupdate, *files, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    collected = {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in ET.parse(fresh).getroot().iter("context")
        for message in context.iter("message")
    }
    assert sorted(collected - translations(catalog, language).keys()) == []


@pytest.mark.parametrize(("catalog", "language"), EVERY_CATALOG)
def test_the_compiled_catalog_is_up_to_date(catalog: str, language: str, tmp_path: Path) -> None:
    if find_tool("lrelease") is None:
        pytest.skip("no lrelease on this machine")
    fresh = tmp_path / "fresh.qm"
    compile_catalog(catalog_source(catalog, language), fresh)
    assert fresh.read_bytes() == compiled_path(catalog, language).read_bytes(), (
        "run: python -m ui.i18n.catalogs"
    )
