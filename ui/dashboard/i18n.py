"""The dashboard's words in the organizer's language, through Qt's translations.

The dashboard has its own translation file (``assets/i18n/dashboard_zh_CN``)
so that it installs and removes its translator without touching the kiosk's.
Status codes from the core become words here, never in ``checkin/``.

After changing a visible string, from the repository root::

    .venv/bin/pyside6-lupdate ui/dashboard/*.py -ts assets/i18n/dashboard_zh_CN.ts \
        -no-obsolete -locations none
    # translate the new entries (pyside6-linguist), then:
    .venv/bin/pyside6-lrelease assets/i18n/dashboard_zh_CN.ts -qm assets/i18n/dashboard_zh_CN.qm
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from checkin.model import Category, Status
from checkin.paths import asset_path

log = logging.getLogger(__name__)

I18N = asset_path("i18n")
LANGUAGES = ("en", "zh_CN")

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark ``source`` for translation in ``context``; it is translated where it is shown.

    Qt's own marker is typed as returning ``object``; this one keeps ``str``.
    """
    return source


# Why a scan was refused, short enough for a table cell.
REASONS: dict[str, str] = {
    Status.UNKNOWN: QT_TRANSLATE_NOOP("DashboardReason", "Unknown badge or ticket"),
    Status.FORGED: QT_TRANSLATE_NOOP("DashboardReason", "Forged or damaged badge"),
    Status.WRONG_EVENT: QT_TRANSLATE_NOOP("DashboardReason", "Badge of another event"),
    Status.REVOKED: QT_TRANSLATE_NOOP("DashboardReason", "Revoked badge (reprinted)"),
    Status.BLOCKED: QT_TRANSLATE_NOOP("DashboardReason", "Cancelled or blocked attendee"),
    Status.NOT_ALLOWED: QT_TRANSLATE_NOOP("DashboardReason", "Category not allowed at this gate"),
    Status.CLOSED: QT_TRANSLATE_NOOP("DashboardReason", "Gate closed at this time"),
    Status.FULL: QT_TRANSLATE_NOOP("DashboardReason", "Venue full"),
    Status.NOT_INSIDE: QT_TRANSLATE_NOOP("DashboardReason", "Exit without an entry"),
    Status.NOT_A_BADGE: QT_TRANSLATE_NOOP("DashboardReason", "Not a badge"),
    Status.NOT_RECORDED: QT_TRANSLATE_NOOP("DashboardReason", "Could not be recorded"),
}

CAMERA_STATES: dict[str, str] = {
    "running": QT_TRANSLATE_NOOP("DashboardCamera", "running"),
    "stopped": QT_TRANSLATE_NOOP("DashboardCamera", "stopped"),
    "lost": QT_TRANSLATE_NOOP("DashboardCamera", "lost"),
    "none": QT_TRANSLATE_NOOP("DashboardCamera", "none"),
    "starting": QT_TRANSLATE_NOOP("DashboardCamera", "starting"),
}


def reason(status: str) -> str:
    text = REASONS.get(status)
    return translate("DashboardReason", text) if text else status


def camera_state(state: str | None) -> str:
    if state is None:
        return "–"
    text = CAMERA_STATES.get(state)
    return translate("DashboardCamera", text) if text else state


_current = "en"


def current_language() -> str:
    return _current


def category_label(category: Category) -> str:
    """The event's own Chinese label when the dashboard speaks Chinese."""
    if _current == "zh_CN" and category.label_zh:
        return category.label_zh
    return category.name


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


class DashboardLanguageError(Exception):
    """A language was asked for that the dashboard has no translation for."""


class DashboardLanguage:
    """Installs the dashboard's translator.

    Installing or removing a translator makes Qt send every widget a
    ``LanguageChange`` event, on which each one sets its texts again.
    """

    def __init__(self) -> None:
        self._translator: QTranslator | None = None

    def set(self, code: str) -> None:
        global _current
        if code not in LANGUAGES:
            raise DashboardLanguageError(
                f"no dashboard translation for {code!r}; choose one of {', '.join(LANGUAGES)}"
            )
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        _current = code
        if code != "en":
            translator = QTranslator()
            path = I18N / f"dashboard_{code}.qm"
            if not translator.load(str(path)):
                raise DashboardLanguageError(
                    f"translation file {path.name} is missing or damaged; reinstall checkin"
                )
            QCoreApplication.installTranslator(translator)
            self._translator = translator
        log.info("dashboard language set to %s", code)
