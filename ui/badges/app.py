"""A Qt application for badge work, headless when there is no screen.

``checkin badges`` runs on a server over SSH as well as on a laptop: with no
display it renders offscreen instead of failing to open one.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication

from checkin.badges.errors import BadgeError
from ui.badges.fonts import load_badge_fonts


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def badge_app(*, need_screen: bool = False) -> QApplication:
    """The process's QApplication (made if needed), with the badge font registered."""
    app = QApplication.instance()
    if app is None:
        if not has_display() and "QT_QPA_PLATFORM" not in os.environ:
            if need_screen:
                raise BadgeError(
                    "this needs a screen (a printer dialog or the station window); "
                    "write a PDF with --out instead, or run it on the desk's computer"
                )
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["checkin"])
        app.setOrganizationName("checkin")
        app.setApplicationName("checkin")
    assert isinstance(app, QApplication)
    load_badge_fonts()
    return app
