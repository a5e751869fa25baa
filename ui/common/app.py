"""Starting Qt: one QApplication per process, with the project's fonts registered.

Windows and tests call ``ensure_app`` instead of building a QApplication,
so a second window in the same process (or pytest-qt's own app) is reused.
Qt's own messages go to the ``qt`` logger, less the few that every run of
a headless window prints and that tell a user nothing (the offscreen
platform's "does not support propagateSizeHints()").
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from checkin.paths import asset_path

log = logging.getLogger(__name__)

ASSETS = asset_path()
_fonts_loaded = False
_qt_log = logging.getLogger("qt")

# Messages Qt prints on every headless run that no user can act on.
NOISE = ("does not support propagateSizeHints",)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if any(noise in message for noise in NOISE):
        _qt_log.debug("%s", message)
        return
    _qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s", message)


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
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
