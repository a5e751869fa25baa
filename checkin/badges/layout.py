"""Laying out one badge: which text, at which size, on which line, where.

Text sizes are decided here, not at drawing time, so that the same
decision serves the PDF, the printer, the preview and the tests.  Widths
come from an injected ``TextMeasure``: the UI passes one backed by Qt's
font metrics (the fonts that will print), tests of the core pass
``ApproxMeasure``.  A name that does not fit shrinks, then wraps, and only
below the box's ``min_size`` is cut short with an ellipsis; a layout says
when that happened (``elided``), so a batch can report it.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from checkin.badges.qr import QrMatrix, encode
from checkin.badges.template import Box, Template

ELLIPSIS = "…"
# Fit text into slightly less than its box: glyph ink may overhang the
# advance width by a hair, and printers shift by a fraction of a mm.
WIDTH_SLACK = 0.98
PT_TO_MM = 25.4 / 72


class TextMeasure(Protocol):
    """Font metrics in millimetres for the badge font at ``size`` points."""

    def width(self, text: str, size: float, bold: bool) -> float: ...

    def extents(self, size: float, bold: bool) -> tuple[float, float]:
        """(ascent, descent) of a line."""
        ...


class ApproxMeasure:
    """Metrics without a font: an em per CJK character, about half for Latin.

    Good enough for tests of the core and for planning; the printed layout
    always uses the real font's metrics.
    """

    def width(self, text: str, size: float, bold: bool) -> float:
        em = size * PT_TO_MM
        total = 0.0
        for char in text:
            if is_wide(char):
                total += 1.0
            elif char == " ":
                total += 0.25
            elif char.isupper() or char in "mwMW":
                total += 0.68
            else:
                total += 0.55
        return total * em * (1.06 if bold else 1.0)

    def extents(self, size: float, bold: bool) -> tuple[float, float]:
        em = size * PT_TO_MM
        return 0.88 * em, 0.24 * em


@lru_cache(maxsize=4096)
def is_wide(char: str) -> bool:
    """True for characters set a full em wide (hanzi, kana, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def has_cjk(text: str) -> bool:
    return any(is_wide(c) for c in text)


@dataclass(frozen=True)
class BadgeData:
    """What one badge shows: everything layout needs, nothing it does not."""

    number: int
    version: int
    code: str
    name: str
    name_alt: str = ""
    company: str = ""
    title: str = ""
    category: str = ""
    category_zh: str = ""
    category_color: str = "#2f6fdf"
    event_name: str = ""
    event_name_zh: str = ""

    def field(self, name: str) -> str:
        return str(getattr(self, name))


def name_lines(name: str, name_alt: str) -> tuple[str, str]:
    """(large, small): a Chinese name goes on the large line, its Latin form under it."""
    name, name_alt = name.strip(), name_alt.strip()
    if name_alt and has_cjk(name_alt) and not has_cjk(name):
        return name_alt, name
    if name:
        return name, name_alt
    return name_alt, ""


@lru_cache(maxsize=256)
def readable_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG luminance)."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05.
    return "#ffffff" if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 else "#000000"


# -- laid-out items ---------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @classmethod
    def of(cls, box: Box) -> Rect:
        return cls(box.x, box.y, box.w, box.h)

    def union(self, other: Rect) -> Rect:
        x, y = min(self.x, other.x), min(self.y, other.y)
        right = max(self.x + self.w, other.x + other.w)
        bottom = max(self.y + self.h, other.y + other.h)
        return Rect(x, y, right - x, bottom - y)

    def intersects(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    baseline: float
    width: float


@dataclass(frozen=True)
class TextItem:
    kind: str
    rect: Rect
    text: str  # the whole text, before wrapping or eliding
    lines: tuple[TextLine, ...]
    size: float
    bold: bool
    color: str
    rotate: int
    ascent: float
    descent: float
    elided: bool


@dataclass(frozen=True)
class FillItem:
    rect: Rect
    color: str


@dataclass(frozen=True)
class QrItem:
    """A QR symbol; ``rect`` is the symbol with its quiet zone, ``x``/``y`` its first module."""

    rect: Rect
    x: float
    y: float
    module: float
    matrix: QrMatrix
    code: str
    rotate: int


@dataclass(frozen=True)
class LogoItem:
    rect: Rect
    path: Path
    rotate: int


@dataclass(frozen=True)
class MarkItem:
    """A thin line: a fold mark or a cut mark."""

    x1: float
    y1: float
    x2: float
    y2: float


Item = TextItem | FillItem | QrItem | LogoItem | MarkItem


@dataclass(frozen=True)
class BadgeLayout:
    width: float
    height: float
    items: tuple[Item, ...]
    badge: BadgeData

    def texts(self) -> list[TextItem]:
        return [i for i in self.items if isinstance(i, TextItem)]

    @property
    def elided(self) -> bool:
        return any(t.elided for t in self.texts())


# -- fitting text -----------------------------------------------------------


def _units(text: str) -> list[str]:
    """Pieces a line may break between: words (with their space), or single wide characters."""
    units: list[str] = []
    current = ""
    for char in text:
        if is_wide(char):
            if current:
                units.append(current)
            units.append(char)
            current = ""
        else:
            current += char
            if char == " ":
                units.append(current)
                current = ""
    if current:
        units.append(current)
    return units


class _Fitter:
    def __init__(self, measure: TextMeasure, bold: bool, size: float) -> None:
        self.measure = measure
        self.bold = bold
        self.size = size
        self._widths: dict[str, float] = {}

    def width(self, text: str) -> float:
        """Width at the box's largest size; other sizes scale linearly."""
        if text not in self._widths:
            self._widths[text] = self.measure.width(text, self.size, self.bold)
        return self._widths[text]

    def split(self, units: Sequence[str], count: int) -> list[str]:
        """Break ``units`` into ``count`` lines whose widest is as narrow as possible."""
        n = len(units)
        if count >= n:
            return ["".join(units[i : i + 1]).strip() for i in range(n)]
        best: dict[tuple[int, int], tuple[float, list[str]]] = {}

        def solve(start: int, lines: int) -> tuple[float, list[str]]:
            if (start, lines) in best:
                return best[(start, lines)]
            if lines == 1:
                line = "".join(units[start:]).strip()
                result = (self.width(line), [line])
            else:
                result = (float("inf"), [])
                for end in range(start + 1, n - lines + 2):
                    line = "".join(units[start:end]).strip()
                    head = self.width(line)
                    if head >= result[0]:
                        break
                    tail_width, tail = solve(end, lines - 1)
                    widest = max(head, tail_width)
                    if widest < result[0]:
                        result = (widest, [line, *tail])
            best[(start, lines)] = result
            return result

        return solve(0, count)[1]


def fit_text(
    text: str, rect: Rect, box: Box, measure: TextMeasure
) -> tuple[list[str], float, bool]:
    """(lines, size in points, elided) for ``text`` in ``rect`` following ``box``'s rules."""
    fitter = _Fitter(measure, box.bold, box.size)
    ascent, descent = measure.extents(box.size, box.bold)
    line_height = ascent + descent
    room = rect.w * WIDTH_SLACK

    def largest(lines: list[str]) -> float:
        widest = max(fitter.width(line) for line in lines)
        size = box.size
        if widest > room:
            size = box.size * room / widest
        if len(lines) * line_height * size / box.size > rect.h:
            size = min(size, box.size * rect.h / (len(lines) * line_height))
        return size

    single = [text.strip()]
    size = largest(single)
    if size >= box.min_size or box.lines == 1:
        chosen, chosen_size = single, size
    else:
        units = _units(text.strip())
        chosen, chosen_size = single, size
        for count in range(2, min(box.lines, len(units)) + 1):
            lines = fitter.split(units, count)
            candidate = largest(lines)
            if candidate > chosen_size:
                chosen, chosen_size = lines, candidate
            if candidate >= box.min_size:
                break
    if chosen_size >= box.min_size:
        return chosen, _quantized(_verified(chosen, chosen_size, room, box.bold, measure)), False
    return _elide(text.strip(), rect, box, measure), box.min_size, True


def _quantized(size: float) -> float:
    """Round down to a tenth of a point: a batch then uses a few dozen font sizes,
    not one per long name, and each size costs the renderer a font of its own."""
    return max(0.1, math.floor(size * 10 + 1e-6) / 10)


def _verified(
    lines: list[str], size: float, room: float, bold: bool, measure: TextMeasure
) -> float:
    """Shrink a little more if the real width at ``size`` is not linear in the size."""
    for _ in range(8):
        if max(measure.width(line, size, bold) for line in lines) <= room:
            return size
        size *= 0.98
    return size


def _elide(text: str, rect: Rect, box: Box, measure: TextMeasure) -> list[str]:
    """Fill lines at ``min_size`` as far as they go; end the last one with an ellipsis."""
    size, bold = box.min_size, box.bold
    ascent, descent = measure.extents(size, bold)
    count = max(1, min(box.lines, int(rect.h // (ascent + descent))))
    room = rect.w * WIDTH_SLACK
    units = _units(text)
    lines: list[str] = []
    while units and len(lines) < count - 1:
        taken = 1
        while (
            taken < len(units)
            and measure.width("".join(units[: taken + 1]).strip(), size, bold) <= room
        ):
            taken += 1
        lines.append("".join(units[:taken]).strip())
        units = units[taken:]
    rest = "".join(units).strip()
    while rest and measure.width(rest + ELLIPSIS, size, bold) > room:
        rest = rest[:-1].rstrip()
    lines.append(rest + ELLIPSIS)
    return lines


# -- laying out a badge -----------------------------------------------------


def _text_item(
    kind: str, text: str, rect: Rect, box: Box, color: str, measure: TextMeasure
) -> TextItem:
    lines, size, elided = fit_text(text, rect, box, measure)
    ascent, descent = measure.extents(size, box.bold)
    line_height = ascent + descent
    block = line_height * len(lines)
    if box.valign == "top":
        top = rect.y
    elif box.valign == "bottom":
        top = rect.y + rect.h - block
    else:
        top = rect.y + (rect.h - block) / 2
    placed = []
    for index, line in enumerate(lines):
        width = measure.width(line, size, box.bold)
        # Half the width slack on each side: glyphs like "V" and "J" reach a
        # little past their advance, and must still stay inside the box.
        inset = rect.w * (1 - WIDTH_SLACK) / 2
        if box.align == "center":
            x = rect.x + (rect.w - width) / 2
        elif box.align == "right":
            x = rect.x + rect.w - inset - width
        else:
            x = rect.x + inset
        placed.append(TextLine(line, x, top + index * line_height + ascent, width))
    return TextItem(
        kind, rect, text, tuple(placed), size, box.bold, color, box.rotate, ascent, descent, elided
    )


def _text_color(box: Box, on_ribbon: bool, badge: BadgeData) -> str:
    if box.color == "category":
        return badge.category_color
    if box.color == "auto":
        return readable_on(badge.category_color) if on_ribbon else "#000000"
    return box.color


class _Fields:
    """A badge's fields for ``str.format_map``: read only those a format names."""

    __slots__ = ("badge",)

    def __init__(self, badge: BadgeData) -> None:
        self.badge = badge

    def __getitem__(self, name: str) -> str:
        return str(getattr(self.badge, name))


@dataclass(frozen=True)
class _BoxPlan:
    """What a box needs that does not depend on the badge, worked out once per template."""

    index: int
    box: Box
    rect: Rect
    # A name box alone on the badge grows over the name_alt box under it.
    alone_rect: Rect
    on_ribbon: bool
    alone_on_ribbon: bool
    logo: Path | None


class BadgeLayouter:
    """Lays out many badges on one template, remembering every text it has fitted.

    Fitting a text is a pure function of the box, the text and its colour,
    and a batch repeats most of them: the event name and category labels
    on every badge, a company or a title on dozens.  Each distinct one is
    fitted once; the box geometry, logo paths and ribbon overlaps are
    worked out once per template instead of once per badge.
    """

    TEXT_CACHE = 20_000

    def __init__(self, template: Template, measure: TextMeasure) -> None:
        self.template = template
        self.measure = measure
        self._fitted: dict[tuple[int, str, str, bool], TextItem] = {}
        ribbons = [Rect.of(b) for b in template.boxes if b.kind == "ribbon"]
        name_alt_boxes = [b for b in template.boxes if b.kind == "name_alt"]
        plans = []
        for index, box in enumerate(template.boxes):
            rect = alone = Rect.of(box)
            if box.kind == "name":
                for other in name_alt_boxes:
                    if other.rotate == box.rotate and abs(other.x - box.x) < box.w:
                        alone = alone.union(Rect.of(other))
            plans.append(
                _BoxPlan(
                    index,
                    box,
                    rect,
                    alone,
                    any(rect.intersects(r) for r in ribbons),
                    any(alone.intersects(r) for r in ribbons),
                    template.logo_path(box) if box.kind == "logo" else None,
                )
            )
        self._plans = tuple(plans)
        self._fold = (
            tuple(fold_marks(template.width_mm, template.fold_mm))
            if template.fold_mm is not None
            else ()
        )

    def _text(self, plan: _BoxPlan, text: str, alone: bool, color: str) -> TextItem:
        key = (plan.index, text, color, alone)
        item = self._fitted.get(key)
        if item is None:
            if len(self._fitted) >= self.TEXT_CACHE:
                self._fitted.clear()
            rect = plan.alone_rect if alone else plan.rect
            item = _text_item(plan.box.kind, text, rect, plan.box, color, self.measure)
            self._fitted[key] = item
        return item

    def layout(self, badge: BadgeData, qr: QrMatrix | None = None) -> BadgeLayout:
        """Where everything of ``badge`` goes (mm from the badge's top left)."""
        matrix = qr if qr is not None else encode(badge.code)
        primary, secondary = name_lines(badge.name, badge.name_alt)
        fields = _Fields(badge)
        items: list[Item] = []
        for plan in self._plans:
            box = plan.box
            kind = box.kind
            if kind == "ribbon":
                items.append(FillItem(plan.rect, badge.category_color))
                continue
            if kind == "qr":
                items.append(_qr_item(box, matrix, badge.code))
                continue
            if plan.logo is not None:
                items.append(LogoItem(plan.rect, plan.logo, box.rotate))
                continue
            if kind == "name":
                text = primary
            elif kind == "name_alt":
                text = secondary
            else:
                text = box.format.format_map(fields).strip()
            if not text:
                continue
            alone = kind == "name" and not secondary
            color = _text_color(box, plan.alone_on_ribbon if alone else plan.on_ribbon, badge)
            items.append(self._text(plan, text, alone, color))
        items.extend(self._fold)
        return BadgeLayout(self.template.width_mm, self.template.height_mm, tuple(items), badge)


def layout_badge(
    template: Template, badge: BadgeData, measure: TextMeasure, qr: QrMatrix | None = None
) -> BadgeLayout:
    """Where everything of ``badge`` goes on ``template`` (mm from the badge's top left)."""
    return BadgeLayouter(template, measure).layout(badge, qr)


def _qr_item(box: Box, matrix: QrMatrix, code: str) -> QrItem:
    modules = matrix.size + 2 * box.quiet_zone
    module = min(box.w, box.h) / modules
    side = module * modules
    x = box.x + (box.w - side) / 2
    y = box.y + (box.h - side) / 2
    quiet = box.quiet_zone * module
    return QrItem(Rect(x, y, side, side), x + quiet, y + quiet, module, matrix, code, box.rotate)


def fold_marks(width: float, fold: float, length: float = 4.0) -> list[MarkItem]:
    """Short ticks at both edges of a fold line, outside the content."""
    return [MarkItem(0, fold, length, fold), MarkItem(width - length, fold, width, fold)]
