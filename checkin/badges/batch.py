"""Which badges to print, in which order, on which page; and the record of what printed.

The week before the event staff print every badge at once; on the day they
print one at a time.  Both paths share these steps: choose the attendees,
build each one's ``BadgeData`` with its current code, place badges on
pages (one per page, or a grid with cut marks), and after the printer has
them, record the printed versions in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from checkin import badge_codes
from checkin.badges.errors import BadgeError
from checkin.badges.layout import BadgeData, BadgeLayout, MarkItem
from checkin.badges.template import Template
from checkin.model import (
    Attendee,
    AttendeeState,
    Category,
    Event,
    PrintJob,
    Status,
    Verdict,
)
from checkin.names import name_sort_key
from checkin.store import Store

CUT_MARK_MM = 5.0
CUT_MARK_GAP_MM = 1.5


class SortKey(StrEnum):
    NAME = "name"
    CATEGORY = "category"
    COMPANY = "company"
    NUMBER = "number"


class BadgeSource:
    """Builds ``BadgeData`` for attendees of one store (event, key and categories read once)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.event: Event = store.event()
        self.key = store.event_key()
        self.categories: dict[str, Category] = {c.name: c for c in store.categories()}
        self.order = {name: i for i, name in enumerate(self.categories)}

    def badge(self, attendee: Attendee) -> BadgeData:
        category = self.categories.get(attendee.category) or Category(attendee.category)
        return BadgeData(
            number=attendee.number,
            version=attendee.badge_version,
            code=badge_codes.mint(
                self.key, self.event.prefix, attendee.number, attendee.badge_version
            ),
            name=attendee.name,
            name_alt=attendee.name_alt,
            company=attendee.company,
            title=attendee.title,
            category=category.name,
            category_zh=category.label_zh,
            category_color=category.color,
            event_name=self.event.name,
            event_name_zh=self.event.name_zh,
        )

    def badge_for(self, number: int) -> BadgeData:
        attendee = self.store.attendee(number)
        if attendee is None:
            raise BadgeError(f"no attendee number {number}: search by name instead")
        return self.badge(attendee)

    def badge_for_job(self, job: PrintJob) -> BadgeData:
        """The badge a print job was queued for, at the version it was queued with.

        A reissue since then makes the job's code revoked: it is still built
        as queued, and the journal's caller decides whether to print it.
        """
        badge = self.badge_for(job.number)
        if badge.version == job.version:
            return badge
        code = badge_codes.mint(self.key, self.event.prefix, job.number, job.version)
        return replace(badge, version=job.version, code=code)

    def sort_key(self, key: SortKey) -> Callable[[BadgeData], Any]:
        def by_name(b: BadgeData) -> tuple[str, str, int]:
            return (*name_sort_key(b.name, b.name_alt), b.number)

        if key is SortKey.NAME:
            return by_name
        if key is SortKey.CATEGORY:
            return lambda b: (self.order.get(b.category, len(self.order)), *by_name(b))
        if key is SortKey.COMPANY:
            return lambda b: (*name_sort_key(b.company), *by_name(b))
        return lambda b: b.number


def select_badges(
    store: Store,
    *,
    category: str | None = None,
    only_unprinted: bool = False,
    sort: SortKey | str = SortKey.NAME,
) -> list[BadgeData]:
    """The badges of a batch: active attendees, filtered, in the order staff chose.

    Cancelled and blocked attendees get no badge.  ``only_unprinted`` keeps
    attendees whose current badge version has not been printed yet (new
    registrations, and reissues since the last batch).
    """
    source = BadgeSource(store)
    if category is not None and category not in source.categories:
        known = ", ".join(source.categories) or "none"
        raise BadgeError(f"no category {category!r} in this event (categories: {known})")
    printed = store.printed_versions() if only_unprinted else {}
    chosen = [
        source.badge(a)
        for a in store.attendees()
        if a.state is AttendeeState.ACTIVE
        and (category is None or a.category == category)
        and (not only_unprinted or printed.get(a.number, 0) < a.badge_version)
    ]
    chosen.sort(key=source.sort_key(SortKey(sort)))
    return chosen


def record_prints(store: Store, badges: Iterable[BadgeData], now: datetime) -> int:
    """Record the printed versions in one transaction (3,000 facts, one commit)."""
    count = 0
    with store.transaction():
        for badge in badges:
            store.record_print(badge.number, badge.version, now)
            count += 1
    return count


def badge_to_print_on_entry(store: Store, verdict: Verdict) -> BadgeData | None:
    """The badge to print for a person just let in for the first time, if they have none.

    People who come with an emailed code or an imported ticket code have no
    printed badge: their first accepted entry prints one.  Anyone whose
    current badge version was printed already (the batch, a reprint) gets
    nothing, and neither does a second entry.
    """
    if verdict.status not in (Status.ENTERED, Status.ATTENTION, Status.NEARLY_FULL):
        return None
    if verdict.attendee is None:
        return None
    number = verdict.attendee.id
    presence = store.presence(number)
    if presence is None or presence.entries != 1:
        return None
    attendee = store.attendee(number)
    if attendee is None:
        return None
    if store.latest_printed_version(number) >= attendee.badge_version:
        return None
    return BadgeSource(store).badge(attendee)


# -- pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    x: float
    y: float
    layout: BadgeLayout


@dataclass(frozen=True)
class PageLayout:
    width: float
    height: float
    placements: tuple[Placement, ...]
    marks: tuple[MarkItem, ...] = ()


def sheet_origins(template: Template) -> list[tuple[float, float]]:
    """Top-left corners of the badges on a page, filled row by row."""
    sheet = template.sheet
    if sheet is None:
        return [(0.0, 0.0)]
    left = (sheet.width_mm - sheet.columns * template.width_mm) / 2
    top = (sheet.height_mm - sheet.rows * template.height_mm) / 2
    return [
        (left + column * template.width_mm, top + row * template.height_mm)
        for row in range(sheet.rows)
        for column in range(sheet.columns)
    ]


def cut_marks(template: Template) -> list[MarkItem]:
    """Marks in the page margin at every cut line, clear of the badges themselves."""
    sheet = template.sheet
    if sheet is None or not sheet.cut_marks:
        return []
    left, top = sheet_origins(template)[0]
    right = left + sheet.columns * template.width_mm
    bottom = top + sheet.rows * template.height_mm
    marks = []
    reach_x = min(CUT_MARK_MM, left - CUT_MARK_GAP_MM)
    reach_y = min(CUT_MARK_MM, top - CUT_MARK_GAP_MM)
    if reach_y > 0:
        for column in range(sheet.columns + 1):
            x = left + column * template.width_mm
            marks.append(MarkItem(x, top - CUT_MARK_GAP_MM - reach_y, x, top - CUT_MARK_GAP_MM))
            marks.append(
                MarkItem(x, bottom + CUT_MARK_GAP_MM, x, bottom + CUT_MARK_GAP_MM + reach_y)
            )
    if reach_x > 0:
        for row in range(sheet.rows + 1):
            y = top + row * template.height_mm
            marks.append(MarkItem(left - CUT_MARK_GAP_MM - reach_x, y, left - CUT_MARK_GAP_MM, y))
            marks.append(MarkItem(right + CUT_MARK_GAP_MM, y, right + CUT_MARK_GAP_MM + reach_x, y))
    return marks


def paginate(template: Template, layouts: Iterable[BadgeLayout]) -> Iterator[PageLayout]:
    """Pages of badges: one each, or ``per_page`` to a sheet with its cut marks."""
    width, height = template.page_mm
    origins = sheet_origins(template)
    marks = tuple(cut_marks(template))
    page: list[Placement] = []
    for layout in layouts:
        x, y = origins[len(page)]
        page.append(Placement(x, y, layout))
        if len(page) == len(origins):
            yield PageLayout(width, height, tuple(page), marks)
            page = []
    if page:
        yield PageLayout(width, height, tuple(page), marks)


def page_count(template: Template, badges: Sequence[object]) -> int:
    return -(-len(badges) // template.per_page)


class BadgeStanding(StrEnum):
    CURRENT = "current"
    REVOKED = "revoked"
    FORGED = "forged"
    UNKNOWN = "unknown"
    NOT_A_BADGE = "not_a_badge"


@dataclass(frozen=True)
class BadgeCheck:
    """Whether a scanned badge is the person's current one: what the station tells staff."""

    standing: BadgeStanding
    number: int | None = None
    version: int | None = None
    current_version: int | None = None


def check_badge(store: Store, text: str) -> BadgeCheck:
    """Is ``text`` a current badge of this event, or one a reprint revoked?"""
    code = badge_codes.parse(text)
    if code is None:
        return BadgeCheck(BadgeStanding.NOT_A_BADGE)
    event = store.event()
    if code.prefix != event.prefix or not badge_codes.is_authentic(store.event_key(), code):
        return BadgeCheck(BadgeStanding.FORGED, code.number, code.version)
    attendee = store.attendee(code.number)
    if attendee is None:
        return BadgeCheck(BadgeStanding.UNKNOWN, code.number, code.version)
    standing = (
        BadgeStanding.CURRENT if code.version == attendee.badge_version else BadgeStanding.REVOKED
    )
    return BadgeCheck(standing, code.number, code.version, attendee.badge_version)
