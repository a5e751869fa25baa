"""Whether a hub folder's nats-server still runs, and whether a ``checkin hub`` still owns it.

A PID file alone says little.  A process killed with SIGKILL stays a zombie
until its parent reaps it, and ``os.kill(pid, 0)`` still succeeds on a
zombie; once reaped, its PID can be handed to any other program.  So where
``/proc`` exists a PID counts as this folder's server only while it is not
a zombie and runs nats-server with this folder's configuration file.
Elsewhere ``os.kill(pid, 0)`` is the best there is.

The server is *owned* while the ``checkin hub`` that started it (its parent)
still runs.  A server whose owner was killed is an orphan: the next start
from the same folder stops it instead of refusing to run, so a supervisor
that restarts a killed hub gets a working hub, not "already running".
"""

from __future__ import annotations

import os
from pathlib import Path

from checkin.sync.hub.settings import HubSettings

_PROC = Path("/proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state letter, parent PID) from /proc, or None when /proc has no such process."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "PID (COMMAND) STATE PPID ...": the command may itself hold spaces and ')'.
    fields = text[text.rfind(")") + 2 :].split()
    try:
        return fields[0], int(fields[1])
    except (IndexError, ValueError):
        return None


def _has_proc() -> bool:
    return (_PROC / "self" / "stat").exists()


def is_alive(pid: int) -> bool:
    """True while ``pid`` runs: a zombie (killed, not yet reaped) counts as dead."""
    if pid <= 0:
        return False
    if _has_proc():
        stat = _stat(pid)
        return stat is not None and stat[0] not in ("Z", "X")
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, though surely not ours
    return True


def parent_of(pid: int) -> int | None:
    """The parent PID of ``pid`` where /proc tells it, else None."""
    stat = _stat(pid) if _has_proc() else None
    return None if stat is None else stat[1]


def _runs_config(pid: int, config_file: Path) -> bool:
    """Whether ``pid`` is a program started with this configuration (True where unknowable)."""
    if not _has_proc():
        return True
    try:
        arguments = (_PROC / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return os.fsencode(str(config_file)) in arguments


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def running_server_pid(settings: HubSettings) -> int | None:
    """The PID of the nats-server running from this folder now, if there is one."""
    pid = read_pid(settings.pid_file)
    if pid is None or not is_alive(pid) or not _runs_config(pid, settings.config_file):
        return None
    return pid


def is_orphan(settings: HubSettings, server_pid: int) -> bool:
    """Whether the ``checkin hub`` that started this folder's server is gone."""
    owner = read_pid(settings.owner_file)
    if owner is None or not is_alive(owner):
        return True
    parent = parent_of(server_pid)
    # A recorded owner PID reused by another program is no owner.
    return parent is not None and parent != owner
