"""Drawing laid-out badges with QPainter: to a PDF, a PNG, a printer or the screen.

The core decided every size and position (``checkin.badges``); this module
only turns millimetres into device pixels.  The QR symbol is drawn as one
vector path (one rectangle per horizontal run of dark modules), so it stays
sharp at any printer resolution and viewers do not smooth it into grey
fringes as they do a small embedded image.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
)
from PySide6.QtSvg import QSvgRenderer

from checkin.badges.batch import PageLayout, Placement, paginate
from checkin.badges.layout import (
    BadgeData,
    BadgeLayout,
    BadgeLayouter,
    FillItem,
    LogoItem,
    MarkItem,
    QrItem,
    TextItem,
    layout_badge,
)
from checkin.badges.template import Template
from checkin.files import private_output
from ui.badges.fonts import FAMILY, badge_font, load_badge_fonts

log = logging.getLogger(__name__)

PDF_DPI = 1200
LOGO_DPI = 600
TEXT_REFERENCE_PT = 10.0
MEASURE_DPI = 72
SHARED_TEXT_KINDS = frozenset({"event", "event_alt", "category", "text"})
MM_PER_INCH = 25.4
Progress = Callable[[int, int], None]


class QtTextMeasure:
    """Widths from the real badge font, at the resolution the PDF is written in.

    Metrics are taken once per weight at a reference size and scaled:
    without hinting, advances are linear in the size, and one
    ``horizontalAdvance`` per text is all a badge costs.  The reference is a
    100-pixel em (100 pt at 72 dpi): precise to a few hundredths of a
    percent, and eight times quicker to shape than the same text at the
    PDF's 1200 dpi.
    """

    REFERENCE_PT = 100.0

    def __init__(self, family: str = FAMILY, dpi: int = MEASURE_DPI) -> None:
        load_badge_fonts()
        device = QImage(1, 1, QImage.Format.Format_ARGB32)
        dots_per_metre = round(dpi / 0.0254)
        device.setDotsPerMeterX(dots_per_metre)
        device.setDotsPerMeterY(dots_per_metre)
        self._device = device
        self._mm_per_px = MM_PER_INCH / dpi
        self._metrics = {
            bold: QFontMetricsF(badge_font(family, self.REFERENCE_PT, bold), device)
            for bold in (False, True)
        }
        self._widths: dict[tuple[str, bool], float] = {}

    def width(self, text: str, size: float, bold: bool) -> float:
        key = (text, bold)
        reference = self._widths.get(key)
        if reference is None:
            reference = self._metrics[bold].horizontalAdvance(text) * self._mm_per_px
            if len(self._widths) > 50_000:
                self._widths.clear()
            self._widths[key] = reference
        return reference * size / self.REFERENCE_PT

    def extents(self, size: float, bold: bool) -> tuple[float, float]:
        metrics = self._metrics[bold]
        scale = self._mm_per_px * size / self.REFERENCE_PT
        return metrics.ascent() * scale, metrics.descent() * scale

    def ink(self, text: str, size: float, bold: bool) -> QRectF:
        """The tight box of the glyphs' ink in mm, relative to the baseline origin."""
        rect = self._metrics[bold].tightBoundingRect(text)
        scale = self._mm_per_px * size / self.REFERENCE_PT
        return QRectF(
            rect.x() * scale, rect.y() * scale, rect.width() * scale, rect.height() * scale
        )


class BadgePainter:
    """Paints pages of badges; one per output, reused for every page."""

    def __init__(self, family: str = FAMILY) -> None:
        load_badge_fonts()
        self.family = family
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self._logos: dict[tuple[Path, int, int], QImage] = {}
        self._black = QColor("#000000")
        self._origin = QPointF(0, 0)
        self._shaped: dict[tuple[str, bool, int], tuple[list[QGlyphRun], QPointF]] = {}
        # Runs recur from badge to badge (finder patterns, short runs): one
        # QRectF each, made once, is a tenth of a batch's QR drawing time.
        self._run_rects: dict[int, QRectF] = {}

    def _font(self, size: float, bold: bool) -> QFont:
        key = (round(size, 2), bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = badge_font(self.family, key[0], bold)
        return font

    def _logo(self, path: Path, width_px: int, height_px: int) -> QImage:
        """The logo as an image at print resolution, made once.

        Drawing the same QImage on every page lets the PDF hold it once and
        refer to it from each page, where an SVG would be replayed 3,000 times.
        """
        key = (path, width_px, height_px)
        logo = self._logos.get(key)
        if logo is None:
            if path.suffix.lower() == ".svg":
                logo = QImage(width_px, height_px, QImage.Format.Format_ARGB32_Premultiplied)
                logo.fill(Qt.GlobalColor.transparent)
                renderer = QSvgRenderer(str(path))
                renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
                painter = QPainter(logo)
                renderer.render(painter)
                painter.end()
            else:
                logo = QImage(str(path)).scaled(
                    width_px,
                    height_px,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            self._logos[key] = logo
        return logo

    def paint_page(self, painter: QPainter, page: PageLayout, dpi: float) -> None:
        scale = dpi / MM_PER_INCH
        for placement in page.placements:
            self.paint_badge(painter, placement.layout, placement.x, placement.y, scale)
        if page.marks:
            self._marks(painter, page.marks, 0.0, 0.0, scale)

    def paint_badge(
        self, painter: QPainter, layout: BadgeLayout, x0: float, y0: float, scale: float
    ) -> None:
        """Draw ``layout`` with its top-left corner at (x0, y0) mm; ``scale`` is px per mm."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        marks = []
        for item in layout.items:
            if isinstance(item, MarkItem):
                marks.append(item)
                continue
            rotate = getattr(item, "rotate", 0)
            if rotate:
                rect = item.rect
                cx, cy = (x0 + rect.x + rect.w / 2) * scale, (y0 + rect.y + rect.h / 2) * scale
                painter.save()
                painter.translate(cx, cy)
                painter.rotate(rotate)
                painter.translate(-cx, -cy)
            if isinstance(item, TextItem):
                self._text(painter, item, x0, y0, scale)
            elif isinstance(item, FillItem):
                r = item.rect
                painter.fillRect(
                    QRectF((x0 + r.x) * scale, (y0 + r.y) * scale, r.w * scale, r.h * scale),
                    QColor(item.color),
                )
            elif isinstance(item, QrItem):
                self._qr(painter, item, x0, y0, scale)
            elif isinstance(item, LogoItem):
                self._draw_logo(painter, item, x0, y0, scale)
            if rotate:
                painter.restore()
        if marks:
            self._marks(painter, marks, x0, y0, scale)

    def _text(self, painter: QPainter, item: TextItem, x0: float, y0: float, scale: float) -> None:
        # One font per weight, scaled by the painter: a batch of shrunk names
        # would otherwise need a font engine per size, and glyph advances
        # then scale exactly as the layout assumed.
        painter.setFont(self._font(TEXT_REFERENCE_PT, item.bold))
        painter.setPen(QColor(item.color))
        factor = item.size / TEXT_REFERENCE_PT
        shared = item.kind in SHARED_TEXT_KINDS
        for line in item.lines:
            painter.save()
            painter.translate((x0 + line.x) * scale, (y0 + line.baseline) * scale)
            painter.scale(factor, factor)
            if shared:
                # The event name and category labels repeat on every badge:
                # shape them once and replay the glyphs (half the cost).
                runs, baseline = self._glyph_runs(painter, line.text, item.bold)
                for run in runs:
                    painter.drawGlyphRun(baseline, run)
            else:
                painter.drawText(self._origin, line.text)
            painter.restore()

    def _glyph_runs(
        self, painter: QPainter, text: str, bold: bool
    ) -> tuple[list[QGlyphRun], QPointF]:
        """The shaped glyphs of ``text``, and where to put them so the baseline is at 0."""
        device = painter.device()
        key = (text, bold, device.logicalDpiY())
        shaped = self._shaped.get(key)
        if shaped is None:
            layout = QTextLayout(text, self._font(TEXT_REFERENCE_PT, bold), device)
            layout.beginLayout()
            line = layout.createLine()
            layout.endLayout()
            # Glyph positions are relative to the line's top; ours is the baseline.
            shaped = self._shaped[key] = (layout.glyphRuns(), QPointF(0, -line.ascent()))
        return shaped

    def _qr(self, painter: QPainter, item: QrItem, x0: float, y0: float, scale: float) -> None:
        # White quiet zone first: the ribbon or a background must not reach the code.
        r = item.rect
        painter.fillRect(
            QRectF((x0 + r.x) * scale, (y0 + r.y) * scale, r.w * scale, r.h * scale),
            Qt.GlobalColor.white,
        )
        # One "re" per run and a single fill of their union: compact, and no
        # anti-aliasing seams between rows in any viewer.
        keys = item.matrix.run_keys()
        cache = self._run_rects
        try:
            rects = [cache[key] for key in keys]
        except KeyError:
            for key in keys:
                if key not in cache:
                    cache[key] = QRectF((key >> 5) & 31, key >> 10, key & 31, 1)
            rects = [cache[key] for key in keys]
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._black)
        painter.translate((x0 + item.x) * scale, (y0 + item.y) * scale)
        painter.scale(item.module * scale, item.module * scale)
        painter.drawRects(rects)
        painter.restore()

    def _draw_logo(
        self, painter: QPainter, item: LogoItem, x0: float, y0: float, scale: float
    ) -> None:
        r = item.rect
        target = QRectF((x0 + r.x) * scale, (y0 + r.y) * scale, r.w * scale, r.h * scale)
        # At most 600 dpi: sharper than any badge printer, small in the PDF.
        pixels = min(scale, LOGO_DPI / MM_PER_INCH)
        logo = self._logo(item.path, max(1, round(r.w * pixels)), max(1, round(r.h * pixels)))
        if logo.isNull():
            return
        fitted = QSizeF(logo.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        left = target.x() + (target.width() - fitted.width()) / 2
        top = target.y() + (target.height() - fitted.height()) / 2
        painter.drawImage(QRectF(left, top, fitted.width(), fitted.height()), logo)

    def _marks(
        self, painter: QPainter, marks: Iterable[MarkItem], x0: float, y0: float, scale: float
    ) -> None:
        pen = QPen(QColor("#555555"))
        pen.setWidthF(0.2 * scale)
        painter.setPen(pen)
        for m in marks:
            painter.drawLine(
                QPointF((x0 + m.x1) * scale, (y0 + m.y1) * scale),
                QPointF((x0 + m.x2) * scale, (y0 + m.y2) * scale),
            )


# -- outputs ----------------------------------------------------------------


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    badges: int
    bytes: int
    # Badges whose text had to be cut short with an ellipsis (by number).
    elided: tuple[int, ...]


def layouts(
    template: Template, badges: Iterable[BadgeData], measure: QtTextMeasure | None = None
) -> Iterable[BadgeLayout]:
    layouter = BadgeLayouter(template, measure or QtTextMeasure(template.font or FAMILY))
    for badge in badges:
        yield layouter.layout(badge)


def page_size(template: Template) -> QPageSize:
    width, height = template.page_mm
    return QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter, template.name)


def write_pdf(
    path: Path,
    template: Template,
    badges: Sequence[BadgeData],
    *,
    progress: Progress | None = None,
    title: str = "Badges",
) -> PdfResult:
    """All ``badges`` in one PDF, owner-only (it names people), moved into place when whole.

    A batch that fails half-way (a full disk) leaves no half PDF behind
    that staff might print.
    """
    path = Path(path)
    with private_output(path) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(PDF_DPI)
        writer.setTitle(title)
        writer.setCreator("checkin")
        writer.setPageLayout(
            QPageLayout(page_size(template), QPageLayout.Orientation.Portrait, QMarginsF())
        )
        painter = QPainter(writer)
        try:
            pages, elided = _paint_batch(painter, writer, template, badges, progress)
        finally:
            # A painter left open on a writer being destroyed crashes Qt.
            painter.end()
        del painter, writer  # closes the file (Windows cannot replace an open one)
    return PdfResult(path, pages, len(badges), path.stat().st_size, tuple(elided))


def _paint_batch(
    painter: QPainter,
    writer: QPdfWriter,
    template: Template,
    badges: Sequence[BadgeData],
    progress: Progress | None,
) -> tuple[int, list[int]]:
    badge_painter = BadgePainter(template.font or FAMILY)
    elided: list[int] = []
    done = pages = 0
    all_layouts = layouts(template, badges, QtTextMeasure(template.font or FAMILY))
    for page in paginate(template, all_layouts):
        if pages:
            writer.newPage()
        badge_painter.paint_page(painter, page, PDF_DPI)
        pages += 1
        elided += [p.layout.badge.number for p in page.placements if p.layout.elided]
        done += len(page.placements)
        if progress is not None and (pages % 25 == 0 or done == len(badges)):
            progress(done, len(badges))
    return pages, elided


def render_image(
    template: Template, badge: BadgeData, dpi: float = 200.0, *, sheet: bool = False
) -> QImage:
    """One badge as an image (``sheet``: its whole page, for an 8-up preview)."""
    measure = QtTextMeasure(template.font or FAMILY)
    layout = layout_badge(template, badge, measure)
    if sheet and template.sheet is not None:
        page = next(paginate(template, [layout] * template.per_page))
    else:
        page = PageLayout(template.width_mm, template.height_mm, (Placement(0.0, 0.0, layout),))
    scale = dpi / MM_PER_INCH
    image = QImage(
        round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32
    )
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    BadgePainter(template.font or FAMILY).paint_page(painter, page, dpi)
    painter.end()
    return image


def write_pngs(
    folder: Path, template: Template, badges: Iterable[BadgeData], *, dpi: float = 200.0
) -> list[Path]:
    """One PNG per badge, named by attendee number and badge version."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for badge in badges:
        path = folder / f"badge-{badge.number}-v{badge.version}-{template.name}.png"
        with private_output(path) as temporary:
            # The stubs type ``format`` as bytes, but the binding takes only a str.
            if not render_image(template, badge, dpi).save(str(temporary), "PNG"):  # type: ignore[call-overload]
                raise OSError(f"cannot write {path}")
        written.append(path)
    return written
