"""The self-service screen's words: spoken to the attendee, not to a volunteer.

A desk's verdict panel tells a volunteer what to do ("REVOKED BADGE", the
version numbers); a self-service screen faces the person with the badge, who
needs to know only three things: come in, take your badge from the printer,
or see the help desk.  So every red verdict (and the amber ones that need a
person: already inside, attention) ends at the help desk, and none says why
a badge was refused: that is for staff to read on their own screens.

The idle screen speaks every language at once, since nobody has chosen one
yet.  Verdicts are in the kiosk's language.

Whether a badge is being printed is not known from the verdict: the print
queue says so after the verdict is painted (``BadgeProgress``), and the
panel is then told to say it again.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from checkin.model import Category, Color, Status, Verdict
from checkin.printers.state import PrinterState
from ui.badges.queue import PrintOnEntryQueue, holds_badges
from ui.i18n.marker import QT_TRANSLATE_NOOP
from ui.i18n.translator import in_every_language
from ui.kiosk.verdict_words import Lines

translate = QCoreApplication.translate
CONTEXT = "SelfService"

WELCOME = QT_TRANSLATE_NOOP("SelfService", "Welcome")
# The rest of the idle screen, in every language at once.
IDLE_ASK = QT_TRANSLATE_NOOP("SelfService", "Please scan your badge")
IDLE_HOW_CAMERA = QT_TRANSLATE_NOOP("SelfService", "Hold the QR code up to the camera")
IDLE_HOW_SCANNER = QT_TRANSLATE_NOOP("SelfService", "Hold the QR code under the scanner")

GOODBYE = QT_TRANSLATE_NOOP("SelfService", "Goodbye")
CHECKED_IN = QT_TRANSLATE_NOOP("SelfService", "You are checked in")
THANKS = QT_TRANSLATE_NOOP("SelfService", "Thank you for coming")
ALREADY_IN = QT_TRANSLATE_NOOP("SelfService", "You are already checked in")
LOST_BADGE = QT_TRANSLATE_NOOP("SelfService", "Need a new badge? Please see the help desk")
HELP_DESK = QT_TRANSLATE_NOOP("SelfService", "Please see the help desk")
CANNOT_HERE = QT_TRANSLATE_NOOP("SelfService", "We cannot check you in at this screen")
ALSO_HELP_DESK = QT_TRANSLATE_NOOP("SelfService", "Please also stop by the help desk")


class BadgeStage(StrEnum):
    """How a person's badge is doing, as far as they need to know."""

    PRINTING = "printing"  # queued on a printer that works (or printed already)
    WAITING = "waiting"  # queued, but the printer is out of paper, offline or not chosen
    FAILED = "failed"  # the printer refused it


BADGE_WORDS: dict[BadgeStage, str] = {
    BadgeStage.PRINTING: QT_TRANSLATE_NOOP(
        "SelfService", "Your badge is printing: please take it from the printer"
    ),
    BadgeStage.WAITING: QT_TRANSLATE_NOOP(
        "SelfService", "Your badge is delayed: please see the help desk"
    ),
    BadgeStage.FAILED: QT_TRANSLATE_NOOP(
        "SelfService", "Your badge could not be printed: please see the help desk"
    ),
}


class BadgeProgress(QObject):
    """Each attendee's badge on the print queue, told in ``BadgeStage`` terms.

    ``changed`` carries the attendee's number, so a screen showing someone
    else's verdict can ignore it.
    """

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stages: dict[int, BadgeStage] = {}
        self._queue: PrintOnEntryQueue | None = None
        self._pending: set[int] = set()  # queued and not yet printed or failed

    def follow(self, queue: PrintOnEntryQueue) -> None:
        self._queue = queue
        queue.queued.connect(self._queued)
        queue.printed.connect(self._printed)
        queue.failed.connect(self._failed)
        queue.state_changed.connect(self._printer_changed)

    def stage(self, number: int) -> BadgeStage | None:
        return self.stages.get(number)

    def _set(self, number: int, stage: BadgeStage) -> None:
        if self.stages.get(number) is not stage:
            self.stages[number] = stage
            self.changed.emit(number)

    @Slot(int, int)
    def _queued(self, number: int, version: int) -> None:
        self._pending.add(number)
        assert self._queue is not None
        self._set(number, _stage_for(self._queue.state))

    @Slot(int, int)
    def _printed(self, number: int, version: int) -> None:
        self._pending.discard(number)
        self._set(number, BadgeStage.PRINTING)

    @Slot(int, str)
    def _failed(self, number: int, why: str) -> None:
        self._pending.discard(number)
        self._set(number, BadgeStage.FAILED)

    @Slot(PrinterState)
    def _printer_changed(self, state: PrinterState) -> None:
        for number in sorted(self._pending):
            self._set(number, _stage_for(state))


def _stage_for(state: PrinterState) -> BadgeStage:
    return BadgeStage.WAITING if holds_badges(state) else BadgeStage.PRINTING


class SelfServiceWording:
    """The verdict panel's words on a screen facing the attendee."""

    def __init__(self, badges: BadgeProgress) -> None:
        self.badges = badges

    def ready(self, reads_camera: bool) -> Lines:
        how = IDLE_HOW_CAMERA if reads_camera else IDLE_HOW_SCANNER
        asks = in_every_language(CONTEXT, IDLE_ASK)
        hows = in_every_language(CONTEXT, how)
        return Lines(
            "  ·  ".join(in_every_language(CONTEXT, WELCOME)),
            asks[0],
            " · ".join(asks[1:]),
            hows[0],
            " · ".join(hows[1:]),
        )

    def verdict(self, verdict: Verdict, categories: dict[str, Category]) -> Lines:
        status = verdict.status
        if status is Status.REPEAT and verdict.previous is not None:
            status = verdict.previous  # the same person a moment later: the same words
        person = verdict.attendee
        if status.color is Color.RED or person is None:
            return Lines(
                translate(CONTEXT, HELP_DESK),
                person.name if person else "",
                person.name_alt if person else "",
                translate(CONTEXT, CANNOT_HERE),
            )
        if status is Status.ALREADY_INSIDE:
            return Lines(
                translate(CONTEXT, ALREADY_IN),
                person.name,
                person.name_alt,
                translate(CONTEXT, LOST_BADGE),
            )
        if status is Status.EXITED:
            return Lines(
                translate(CONTEXT, GOODBYE),
                person.name,
                person.name_alt,
                translate(CONTEXT, THANKS),
            )
        stage = self.badges.stage(person.id)
        badge = translate(CONTEXT, BADGE_WORDS[stage]) if stage else translate(CONTEXT, CHECKED_IN)
        sent_to_desk = stage in (BadgeStage.WAITING, BadgeStage.FAILED)
        needs_staff = status is Status.ATTENTION and not sent_to_desk
        return Lines(
            translate(CONTEXT, WELCOME),
            person.name,
            person.name_alt,
            badge,
            reason=translate(CONTEXT, ALSO_HELP_DESK) if needs_staff else "",
        )
