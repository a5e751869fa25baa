"""Where the desk keeps its files when not told: per-user folders from platformdirs.

Everything the app reads at run time (fonts, sounds, templates,
translations) comes from the ``assets`` package through importlib.resources,
so an installed wheel and the frozen app both find it.
"""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP = "checkin"


def data_dir() -> Path:
    """The per-user data folder (stores, hub data), created owner-only."""
    path = Path(
        os.environ.get("CHECKIN_DATA_DIR") or platformdirs.user_data_dir(APP, appauthor=False)
    )
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_dir() -> Path:
    """The per-user settings folder (kiosk settings, printer choice)."""
    path = Path(
        os.environ.get("CHECKIN_CONFIG_DIR") or platformdirs.user_config_dir(APP, appauthor=False)
    )
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_store() -> Path:
    return data_dir() / "desk.db"


def asset(*parts: str) -> Traversable:
    """A file or folder inside the ``assets`` package."""
    node = resources.files("assets")
    for part in parts:
        node = node / part
    return node


def asset_path(*parts: str) -> Path:
    """An asset as a file-system path, for APIs that want one (Qt's loaders).

    The assets ship as plain files inside the package (in a wheel and in the
    frozen app alike), so the resource is already a path on disk.
    """
    return Path(str(asset(*parts)))
