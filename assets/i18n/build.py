"""Refresh the kiosk's translation sources and compile them.

Run from the repository root after changing any text in ``ui/kiosk``::

    python -m assets.i18n.build            # compile .ts -> .qm
    python -m assets.i18n.build --update   # first collect new strings into the .ts

New strings arrive in the ``.ts`` marked unfinished; translate them (Qt
Linguist: ``pyside6-linguist assets/i18n/kiosk_zh_CN.ts``), then compile.
The tools come with PySide6 (``pyside6-lupdate``, ``pyside6-lrelease``
next to the Python in use); Qt's own ``lupdate``/``lrelease`` on the PATH
are used when those are missing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = sorted((ROOT / "ui" / "kiosk").glob("*.py"))
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    for candidate in (
        Path(sys.executable).parent / f"pyside6-{name}",
        shutil.which(f"pyside6-{name}"),
    ):
        if candidate and Path(candidate).exists():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"neither pyside6-{name} nor {name} found: install PySide6 (pip install PySide6)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="collect strings into the .ts first")
    args = parser.parse_args()
    for language in LANGUAGES:
        ts = HERE / f"kiosk_{language}.ts"
        if args.update:
            subprocess.run(
                [
                    tool("lupdate"),
                    *map(str, SOURCES),
                    "-ts",
                    str(ts),
                    "-no-obsolete",
                    "-locations",
                    "none",
                ],
                check=True,
            )
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    main()
