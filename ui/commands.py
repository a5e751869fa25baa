"""The ``checkin`` console script: the core commands plus the ones that open windows.

Qt is imported inside each window command, so ``checkin scan`` or
``checkin --version`` start without loading it.
"""

from __future__ import annotations

import click

from checkin.cli import core_commands
from checkin.cli_support import command_group
from ui.badges.cli import badges, station
from ui.dashboard.cli import dashboard, report
from ui.kiosk.cli import kiosk, open_demo_kiosk

__all__ = ["desktop_commands", "main"]


def desktop_commands() -> list[click.Command]:
    """The core commands, with a demo that opens the kiosk, and the window commands."""
    return [
        *core_commands(open_demo_window=open_demo_kiosk),
        kiosk,
        dashboard,
        report,
        badges,
        station,
    ]


main = command_group(desktop_commands())
