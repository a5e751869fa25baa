"""The ``checkin`` console script: the core commands plus the ones that open windows.

Qt is imported inside each window command, so ``checkin scan`` or
``checkin --version`` start without loading it.
"""

from __future__ import annotations

from checkin.cli import main
from checkin.sync.cli import hub, sync
from ui.badges.cli import badges, station
from ui.dashboard.cli import dashboard, report
from ui.kiosk.cli import demo, kiosk

__all__ = ["main"]

main.add_command(kiosk)
main.add_command(demo)  # replaces the core demo: opens the kiosk unless --headless
main.add_command(dashboard)
main.add_command(report)
main.add_command(badges)
main.add_command(station)
main.add_command(hub)
main.add_command(sync)
