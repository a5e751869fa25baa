"""The layering rules, checked on the source itself so that they cannot drift.

- ``checkin/`` is the core: importing any of it loads neither PySide6 nor
  ``ui`` (a desk can run headless, and the core is tested without Qt);
- the store knows nothing of sync: importing it loads no ``checkin.sync``
  module (sync is a client of the store, never the other way round);
- no core module imports a command-line module or click: the CLI is a thin
  layer over the library, so the library never depends on it;
- only the store and its read model run SQL on the store's connection.
"""

from __future__ import annotations

import ast
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import checkin

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "checkin"


def core_modules() -> list[str]:
    names = ["checkin"]
    for info in pkgutil.walk_packages(checkin.__path__, prefix="checkin."):
        names.append(info.name)
    return sorted(names)


def is_cli_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last in ("cli", "__main__") or last.startswith("cli_")


def loaded_after_importing(modules: list[str]) -> set[str]:
    """The module names a fresh interpreter holds after importing ``modules``."""
    program = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(json.loads(done.stdout))


def test_every_core_module_is_found() -> None:
    names = core_modules()
    assert "checkin.store" in names and "checkin.sync.engine" in names
    assert len(names) > 40


def test_importing_the_whole_core_loads_no_qt_and_no_ui() -> None:
    loaded = loaded_after_importing([n for n in core_modules() if not n.endswith("__main__")])
    assert "checkin.store" in loaded  # the import really ran
    qt = sorted(n for n in loaded if n.split(".")[0] in ("PySide6", "shiboken6"))
    ui = sorted(n for n in loaded if n.split(".")[0] == "ui")
    assert qt == [] and ui == []


def test_the_store_loads_nothing_of_sync() -> None:
    loaded = loaded_after_importing(["checkin.store", "checkin.projection"])
    assert "checkin.store" in loaded
    assert sorted(n for n in loaded if n.startswith("checkin.sync")) == []


def imported_names(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


LIBRARY_FILES = [
    path for path in sorted(CORE.rglob("*.py")) if not is_cli_module(module_name(path))
]


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: module_name(p))
def test_no_core_module_imports_the_command_line(path: Path) -> None:
    imported = imported_names(path)
    cli = sorted(
        name
        for name in imported
        if name.split(".")[0] == "click" or (name.startswith("checkin") and is_cli_module(name))
    )
    assert cli == []


def test_the_rules_would_catch_a_cli_import(tmp_path: Path) -> None:
    offender = tmp_path / "offender.py"
    offender.write_text(
        "def later():\n    from checkin.cli_support import fail\n    import click\n"
    )
    imported = imported_names(offender)
    assert {"checkin.cli_support", "click"} <= imported
    assert is_cli_module("checkin.cli_support") and is_cli_module("checkin.sync.cli")
    assert not is_cli_module("checkin.client")


# The store and its read model own the tables: nobody else runs SQL on them.
TABLE_OWNERS = {"checkin/store.py", "checkin/read_model.py", "checkin/projection.py"}


def test_only_the_store_and_its_read_model_touch_the_connection() -> None:
    touching = sorted(
        str(path.relative_to(ROOT))
        for folder in ("checkin", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if re.search(r"\.conn\b", path.read_text(encoding="utf-8"))
    )
    assert set(touching) <= TABLE_OWNERS
    assert "checkin/read_model.py" in touching  # the check does look
