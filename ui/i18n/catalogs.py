"""The one build of every window's catalog: collect marked strings into ``.ts``, compile ``.qm``.

Each window has its own catalog, built from its own source folder, the same
way for all of them.  Run from the repository root after changing a visible
string::

    python -m ui.i18n.catalogs --update   # collect new strings, then compile
    python -m ui.i18n.catalogs            # compile only

New strings arrive in the ``.ts`` marked unfinished; translate them (Qt
Linguist: ``pyside6-linguist assets/i18n/station_zh_CN.ts``), then compile.
The tests fail while a marked string has no translation or a ``.qm`` is
older than its ``.ts``.  The tools come with PySide6 (``pyside6-lupdate``,
``pyside6-lrelease`` next to the Python in use); Qt's own ``lupdate`` and
``lrelease`` on the PATH are used when those are missing.  No Qt import
here: the loader asks this module where the files are.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from checkin.paths import asset_path
from ui.i18n.languages import TRANSLATED

# Catalog name -> the folders (from the repository root) whose strings it holds.
CATALOGS: dict[str, tuple[str, ...]] = {
    "kiosk": ("ui/kiosk",),
    "dashboard": ("ui/dashboard",),
    "station": ("ui/badges",),
}
ROOT = Path(__file__).resolve().parents[2]


def catalog_source(catalog: str, language: str) -> Path:
    """The translators' file (``.ts``, XML) of ``catalog`` in ``language``."""
    return asset_path("i18n") / f"{catalog}_{language}.ts"


def compiled_path(catalog: str, language: str) -> Path:
    """The compiled file (``.qm``) the windows load."""
    return catalog_source(catalog, language).with_suffix(".qm")


def source_files(catalog: str) -> list[Path]:
    return sorted(path for folder in CATALOGS[catalog] for path in (ROOT / folder).glob("*.py"))


def find_tool(name: str) -> str | None:
    """``pyside6-NAME`` next to this Python or on the PATH, else Qt's ``NAME``; None if neither."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return str(beside)
    return shutil.which(f"pyside6-{name}") or shutil.which(name)


def _tool(name: str) -> str:
    found = find_tool(name)
    if found is None:
        sys.exit(f"neither pyside6-{name} nor {name} found: install PySide6 (pip install PySide6)")
    return found


def update(catalog: str, language: str) -> None:
    """Collect the catalog's marked strings into its ``.ts``, keeping every translation made."""
    subprocess.run(
        [
            _tool("lupdate"),
            *map(str, source_files(catalog)),
            "-ts",
            str(catalog_source(catalog, language)),
            "-no-obsolete",
            "-locations",
            "none",
        ],
        check=True,
    )


def compile_catalog(source: Path, compiled: Path) -> None:
    """Compile one ``.ts`` into a ``.qm`` (the tests compile into a temporary file to compare)."""
    subprocess.run(
        [_tool("lrelease"), str(source), "-qm", str(compiled)], check=True, capture_output=True
    )


def build(*, collect: bool = False) -> None:
    """Every catalog in every translated language: collected first when ``collect``, then compiled."""
    for catalog in CATALOGS:
        for language in TRANSLATED:
            if collect:
                update(catalog, language)
            compile_catalog(catalog_source(catalog, language), compiled_path(catalog, language))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the translation catalogs of every window.")
    parser.add_argument(
        "--update", action="store_true", help="collect new strings into the .ts files first"
    )
    args = parser.parse_args(argv)
    build(collect=args.update)


if __name__ == "__main__":
    main()
