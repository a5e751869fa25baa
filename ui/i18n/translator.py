"""Installing the compiled catalogs, and the language every window is speaking now.

One ``Language`` installs the catalog of every window together with Qt's
own (Save, Cancel, a text field's menu): the contexts of the catalogs do not
overlap, and the kiosk shows strings from the badge code (the printer's
state) as well as its own.  Installing or removing a translator makes Qt
send every widget a ``LanguageChange`` event, on which each one sets its
texts again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from ui.i18n.catalogs import CATALOGS, compiled_path
from ui.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    TRANSLATED,
    LanguageError,
    check_language,
)

log = logging.getLogger(__name__)

translate = QCoreApplication.translate
_current = DEFAULT_LANGUAGE


def current_language() -> str:
    """The language the last ``Language.set`` installed (English until then)."""
    return _current


def localized(english: str, chinese: str) -> str:
    """The event's own Chinese text (a category label, the event's name) when speaking Chinese."""
    if _current == "zh_CN" and chinese:
        return chinese
    return english


def system_language() -> str:
    """The language of the machine's locale, when the product speaks it; else English."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else DEFAULT_LANGUAGE


def _load_catalogs(code: str, parent: QObject | None) -> list[QTranslator]:
    """The product's own catalogs in ``code`` (a translated language), loaded."""
    loaded: list[QTranslator] = []
    for catalog in CATALOGS:
        translator = QTranslator(parent)
        path = compiled_path(catalog, code)
        if not translator.load(str(path)):
            raise LanguageError(
                f"translation file {path.name} is missing or damaged; reinstall checkin"
            )
        loaded.append(translator)
    return loaded


_side_catalogs: dict[str, list[QTranslator]] = {}  # loaded for in_every_language, never installed


def in_every_language(context: str, source: str) -> list[str]:
    """``source`` in each language the product speaks, the one spoken now first.

    For a screen read by people of either language at once (the
    self-service idle screen): the installed translator gives only the
    current language, so the others are read from their catalogs directly.
    """
    texts: list[str] = []
    for code in sorted(LANGUAGES, key=lambda code: code != _current):
        if code == _current:
            texts.append(translate(context, source))
        elif code not in TRANSLATED:
            texts.append(source)
        else:
            if code not in _side_catalogs:
                _side_catalogs[code] = _load_catalogs(code, None)
            found = (t.translate(context, source) for t in _side_catalogs[code])
            texts.append(next((text for text in found if text), source))
    return texts


class Language(QObject):
    """Installs and removes the product's translators; Qt then re-labels every widget."""

    changed = Signal(str)  # the language code just installed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._translators: list[QTranslator] = []

    @property
    def code(self) -> str:
        return _current

    def set(self, code: str) -> None:
        """Speak ``code`` from now on; a ``LanguageError`` leaves the language as it was."""
        global _current
        check_language(code)
        loaded: list[QTranslator] = []
        if code in TRANSLATED:
            loaded = _load_catalogs(code, self)
            qt = QTranslator(self)
            qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(f"qtbase_{code}", qt_folder):
                loaded.append(qt)
            else:
                log.info("no Qt translation for %s in %s", code, qt_folder)
        for old in self._translators:
            QCoreApplication.removeTranslator(old)
        self._translators = loaded
        for translator in loaded:
            QCoreApplication.installTranslator(translator)
        _current = code
        log.info("language set to %s", code)
        self.changed.emit(code)
