"""Verdict codes into words, in the volunteer's language, through Qt's translations.

The core returns ``Status`` codes and the facts behind them; only here do
they become text.  English source strings are marked for ``lupdate``, which
collects them into the kiosk's catalog (``assets/i18n/kiosk_zh_CN.ts``, built
by ``ui.i18n.catalogs``); ``ui.i18n.translator.Language`` loads it at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from checkin.model import AttendeeState, Category, Status, Verdict
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.i18n.translator import localized

# The big word: read from two metres, so short and in capitals.
WORDS: dict[Status, str] = {
    Status.ENTERED: QT_TRANSLATE_NOOP("Verdict", "WELCOME"),
    Status.EXITED: QT_TRANSLATE_NOOP("Verdict", "GOODBYE"),
    Status.ALREADY_INSIDE: QT_TRANSLATE_NOOP("Verdict", "ALREADY INSIDE"),
    Status.ATTENTION: QT_TRANSLATE_NOOP("Verdict", "WELCOME - ATTENTION"),
    Status.NEARLY_FULL: QT_TRANSLATE_NOOP("Verdict", "WELCOME - NEARLY FULL"),
    Status.UNKNOWN: QT_TRANSLATE_NOOP("Verdict", "UNKNOWN BADGE"),
    Status.FORGED: QT_TRANSLATE_NOOP("Verdict", "INVALID BADGE"),
    Status.WRONG_EVENT: QT_TRANSLATE_NOOP("Verdict", "OTHER EVENT"),
    Status.REVOKED: QT_TRANSLATE_NOOP("Verdict", "REVOKED BADGE"),
    Status.BLOCKED: QT_TRANSLATE_NOOP("Verdict", "NO ENTRY"),
    Status.NOT_ALLOWED: QT_TRANSLATE_NOOP("Verdict", "WRONG GATE"),
    Status.CLOSED: QT_TRANSLATE_NOOP("Verdict", "GATE CLOSED"),
    Status.FULL: QT_TRANSLATE_NOOP("Verdict", "VENUE FULL"),
    Status.NOT_INSIDE: QT_TRANSLATE_NOOP("Verdict", "NOT INSIDE"),
    Status.NOT_A_BADGE: QT_TRANSLATE_NOOP("Verdict", "NOT A BADGE"),
    Status.REPEAT: QT_TRANSLATE_NOOP("Verdict", "SCANNED AGAIN"),
    Status.NOT_RECORDED: QT_TRANSLATE_NOOP("Verdict", "NOT RECORDED"),
}

# The one-line reason under the name; {placeholders} are filled after translation.
REASONS: dict[Status, str] = {
    Status.ENTERED: "",
    Status.EXITED: "",
    Status.ALREADY_INSIDE: QT_TRANSLATE_NOOP(
        "Reason", "Entered at {time} through {gate} ({desk}); no exit since"
    ),
    Status.ATTENTION: QT_TRANSLATE_NOOP("Reason", "Attention: {why}"),
    Status.NEARLY_FULL: QT_TRANSLATE_NOOP("Reason", "Venue nearly full: {inside} / {capacity}"),
    Status.UNKNOWN: QT_TRANSLATE_NOOP("Reason", "No attendee has this badge or ticket"),
    Status.FORGED: QT_TRANSLATE_NOOP("Reason", "The code does not verify: forged or damaged badge"),
    Status.WRONG_EVENT: QT_TRANSLATE_NOOP("Reason", "Badge of another event ({prefix})"),
    Status.REVOKED: QT_TRANSLATE_NOOP(
        "Reason", "Old badge version {scanned}: version {current} is current"
    ),
    Status.BLOCKED: QT_TRANSLATE_NOOP("Reason", "Registration {state}: send to the help desk"),
    Status.NOT_ALLOWED: QT_TRANSLATE_NOOP(
        "Reason", "{category} may not use this gate: go to {gates}"
    ),
    Status.CLOSED: QT_TRANSLATE_NOOP("Reason", "This gate is closed now; open {hours}"),
    Status.FULL: QT_TRANSLATE_NOOP("Reason", "Venue full: {inside} / {capacity} inside"),
    Status.NOT_INSIDE: QT_TRANSLATE_NOOP("Reason", "No entry recorded: exit not counted"),
    Status.NOT_A_BADGE: QT_TRANSLATE_NOOP("Reason", "This code is not a badge of this event"),
    Status.REPEAT: QT_TRANSLATE_NOOP("Reason", "Same badge read again: counted once ({previous})"),
    Status.NOT_RECORDED: QT_TRANSLATE_NOOP(
        "Reason", "Could not record the scan: call a supervisor ({detail})"
    ),
}

# A registration's state, wherever a desk shows it (a verdict, a search hit, a badge).
ATTENDEE_STATES: dict[AttendeeState, str] = {
    AttendeeState.ACTIVE: QT_TRANSLATE_NOOP("Reason", "active"),
    AttendeeState.CANCELLED: QT_TRANSLATE_NOOP("Reason", "cancelled"),
    AttendeeState.BLOCKED: QT_TRANSLATE_NOOP("Reason", "blocked"),
}
_NO_GATE = QT_TRANSLATE_NOOP("Reason", "no gate")


translate = QCoreApplication.translate


def word(verdict: Verdict) -> str:
    """The big word.  A repeat shows the word of the scan it repeats."""
    status = verdict.status
    if status is Status.REPEAT and verdict.previous is not None:
        status = verdict.previous
    return translate("Verdict", WORDS[status])


def ready_word() -> str:
    return QCoreApplication.translate("Verdict", "READY")


def ready_hint(camera: bool = True) -> str:
    """What to do now: without a camera, the desk reads badges with its scanner only."""
    if camera:
        return QCoreApplication.translate("Verdict", "Show your badge to the camera")
    return QCoreApplication.translate("Verdict", "Scan your badge, or tell us your name")


def attendee_state(state: AttendeeState) -> str:
    """The registration's state in the volunteer's language ("cancelled" is a data value)."""
    return translate("Reason", ATTENDEE_STATES[state])


def _state_of(detail: str) -> str:
    """A blocked verdict's detail (the attendee's state) in words; other text as it is."""
    try:
        return attendee_state(AttendeeState(detail))
    except ValueError:
        return detail


def _time_of(text: str) -> str:
    """``08:42`` from an ISO time in the event's zone; the text itself if it is not one."""
    try:
        return datetime.fromisoformat(text).strftime("%H:%M")
    except ValueError:
        return text


def reason(verdict: Verdict, categories: dict[str, Category] | None = None) -> str:
    """One line saying why, for amber and red; empty for a plain green."""
    template = REASONS[verdict.status]
    if not template:
        return ""
    person = verdict.attendee
    seen = verdict.first_seen
    why = ""
    if person is not None:
        why = category_label(person.category, categories)
        if person.note:
            why = f"{why} - {person.note}"
    return translate("Reason", template).format(
        time=_time_of(seen.at) if seen else "",
        gate=seen.gate if seen else "",
        desk=seen.desk if seen else "",
        why=why,
        inside=verdict.inside if verdict.inside is not None else "",
        capacity=verdict.capacity if verdict.capacity is not None else "",
        prefix=verdict.detail,
        scanned=verdict.scanned_version or "",
        current=verdict.current_version or "",
        state=_state_of(verdict.detail) if verdict.detail else "",
        category=category_label(person.category, categories) if person else "",
        gates=", ".join(verdict.allowed_gates) or translate("Reason", _NO_GATE),
        hours=verdict.detail,
        previous=translate("Verdict", WORDS[verdict.previous]) if verdict.previous else "",
        detail=verdict.detail,
    )


def category_label(name: str, categories: dict[str, Category] | None) -> str:
    """The category in the current language: the event's own Chinese label when it has one."""
    category = (categories or {}).get(name)
    return localized(name, category.label_zh) if category is not None else name


@dataclass(frozen=True)
class Lines:
    """What the verdict panel shows, row by row: the big word, then smaller lines (empty hides)."""

    word: str
    name: str = ""
    name_alt: str = ""
    details: str = ""
    reason: str = ""


class DeskWording:
    """The volunteer's words: the verdict in one word, who it is, and why for amber and red."""

    def ready(self, reads_camera: bool) -> Lines:
        return Lines(ready_word(), ready_hint(reads_camera))

    def verdict(self, verdict: Verdict, categories: dict[str, Category]) -> Lines:
        person = verdict.attendee
        why = reason(verdict, categories)
        if person is None:
            return Lines(word(verdict), reason=why)
        category = category_label(person.category, categories)
        return Lines(
            word(verdict),
            person.name,
            person.name_alt,
            " · ".join(part for part in (person.company, category) if part),
            why,
        )
