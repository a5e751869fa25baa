"""The badge font, registered with Qt from the installed package (not the source tree).

Badges print names in Chinese on machines that have no CJK font at all, so
the program ships its own (a subset of Noto Sans CJK SC, see
``assets/fonts/OFL.txt``) and every badge names it explicitly.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from checkin.errors import UserError

log = logging.getLogger(__name__)

FAMILY = "Noto Sans SC Badge"
FONT_PACKAGE = "assets.fonts"
FONT_FILES = {False: "NotoSansSCBadge-Regular.otf", True: "NotoSansSCBadge-Bold.otf"}
_loaded: str | None = None


class BadgeFontError(UserError, RuntimeError):
    """The badge font is missing from the installation: reinstall checkin."""


def _register(name: str) -> int:
    resource = resources.files(FONT_PACKAGE).joinpath(name)
    if not resource.is_file():
        raise BadgeFontError(f"badge font {name} is missing from the installation; reinstall")
    path = Path(str(resource))
    if path.is_file():
        return QFontDatabase.addApplicationFont(str(path))
    # Installed inside a zip (a frozen app): hand Qt the bytes instead.
    return QFontDatabase.addApplicationFontFromData(resource.read_bytes())


def load_badge_fonts() -> str:
    """Register both weights once (needs a QGuiApplication); returns the family name."""
    global _loaded
    if _loaded is not None:
        return _loaded
    for name in FONT_FILES.values():
        font_id = _register(name)
        if font_id < 0:
            raise BadgeFontError(f"Qt could not load the badge font {name}; reinstall checkin")
        log.debug("registered %s as %s", name, QFontDatabase.applicationFontFamilies(font_id))
    _loaded = FAMILY
    return FAMILY


def badge_font(family: str, size: float, bold: bool) -> QFont:
    font = QFont(family)
    font.setPointSizeF(size)
    font.setBold(bold)
    # Printed at 300-1200 dpi: hinting would only make widths depend on size.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def raw_font(bold: bool = False, pixel_size: float = 32.0) -> QRawFont:
    """The shipped font file itself, for asking which characters it has."""
    data = resources.files(FONT_PACKAGE).joinpath(FONT_FILES[bold]).read_bytes()
    return QRawFont(data, pixel_size)


def missing_characters(text: str, font: QRawFont | None = None) -> str:
    """The characters of ``text`` the badge font cannot draw (printed as empty boxes)."""
    raw = font or raw_font()
    # By code point: the QChar overload misreads characters beyond Latin-1.
    missing = {c for c in text if not c.isspace() and not raw.supportsCharacter(ord(c))}
    return "".join(sorted(missing))
