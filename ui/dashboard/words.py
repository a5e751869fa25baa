"""The dashboard's words for the core's codes: why a scan was refused, how a camera is.

Status codes from the core become words here, never in ``checkin/``; the
strings are marked for the dashboard's catalog (``assets/i18n/dashboard_zh_CN``,
built by ``ui.i18n.catalogs``).
"""

from __future__ import annotations

from checkin.model import Category, Status
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.i18n.translator import localized, translate

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


def category_label(category: Category) -> str:
    """The event's own Chinese label when the dashboard speaks Chinese."""
    return localized(category.name, category.label_zh)
