"""Starting Qt: one QApplication per process, with the project's fonts registered.

Windows and tests call ``ensure_app`` instead of building a QApplication,
so a second window in the same process (or pytest-qt's own app) is reused.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from checkin.paths import asset_path

log = logging.getLogger(__name__)

ASSETS = asset_path()
_fonts_loaded = False


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or ["checkin"])
    assert isinstance(app, QApplication)
    load_fonts()
    return app


def load_fonts() -> None:
    """Register the fonts shipped in ``assets/fonts`` (CJK glyphs where the system has none)."""
    global _fonts_loaded
    if _fonts_loaded:
        return
    _fonts_loaded = True
    folder = ASSETS / "fonts"
    for path in sorted(folder.glob("*.[ot]tf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font %s could not be loaded", path.name)
