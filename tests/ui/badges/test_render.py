"""Rendering: real font metrics keep every demo name inside its box; the QR reads back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from checkin.badges.batch import BadgeSource, select_badges
from checkin.badges.layout import BadgeData, BadgeLayouter, TextItem
from checkin.badges.qr import encode
from checkin.badges.template import BUILT_IN, load_template
from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT
from checkin.store import Store
from ui.badges.fonts import missing_characters, raw_font
from ui.badges.render import QtTextMeasure, render_image, write_pdf

TOLERANCE_MM = 0.05


def decode(image: QImage) -> list[str]:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    pixels = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    array = pixels.reshape(height, stride)[:, :width].copy()
    return sorted(r.text for r in zxingcpp.read_barcodes(array))


@pytest.fixture
def demo_badges(demo_store: Store) -> list[BadgeData]:
    source = BadgeSource(demo_store)
    return [source.badge(a) for a in demo_store.attendees()]


@pytest.fixture
def two_badges(demo_store: Store) -> list[BadgeData]:
    """A Chinese name and an English one."""
    badges = select_badges(demo_store, sort="number")
    chinese = next(b for b in badges if b.name_alt)
    english = next(b for b in badges if not b.name_alt)
    return [chinese, english]


def ink_inside(item: TextItem, measure: QtTextMeasure) -> bool:
    rect = item.rect
    for line in item.lines:
        ink = measure.ink(line.text, item.size, item.bold)
        if not (
            rect.x - TOLERANCE_MM <= line.x + ink.left()
            and line.x + ink.right() <= rect.x + rect.w + TOLERANCE_MM
            and rect.y - TOLERANCE_MM <= line.baseline + ink.top()
            and line.baseline + ink.bottom() <= rect.y + rect.h + TOLERANCE_MM
        ):
            return False
    return True


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_every_template_fits_every_demo_attendee(
    template_name: str, demo_badges: list[BadgeData], measure: QtTextMeasure
) -> None:
    """Measured with the badge font's QFontMetrics: no text overflows, none is cut short."""
    template = load_template(template_name)
    layouter = BadgeLayouter(template, measure)
    qr = encode(demo_badges[0].code)  # the text is the point here, not the code
    overflow, elided, checked = [], [], set()
    for badge in demo_badges:
        layout = layouter.layout(badge, qr)
        for item in layout.texts():
            if item.elided:
                elided.append((badge.number, item.kind, item.text))
            key = (item.kind, item.text, item.rotate)
            if key not in checked:
                checked.add(key)
                if not ink_inside(item, measure):
                    overflow.append((badge.number, item.kind, item.text))
            assert item.rect.x >= 0 and item.rect.x + item.rect.w <= template.width_mm + 1e-6
    assert overflow == []
    assert elided == []
    assert len(checked) > len(demo_badges)  # names, companies and titles were all measured


def test_badge_font_has_every_character_of_the_demo_roster(
    demo_badges: list[BadgeData], badge_qapp: object
) -> None:
    text = DEMO_EVENT.name + DEMO_EVENT.name_zh + "".join(c.label_zh for c in DEMO_CATEGORIES)
    text += "".join(b.name + b.name_alt + b.company + b.title for b in demo_badges)
    for bold in (False, True):
        assert missing_characters(text, raw_font(bold)) == ""


def test_missing_characters_are_named(badge_qapp: object) -> None:
    assert missing_characters("王伟 🦄") == "🦄"


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_qr_on_a_pdf_page_decodes_to_the_exact_badge_code(
    template_name: str, two_badges: list[BadgeData], tmp_path: Path, badge_qapp: object
) -> None:
    template = load_template(template_name)
    pdf = tmp_path / f"{template_name}.pdf"
    result = write_pdf(pdf, template, two_badges)
    document = QPdfDocument()
    document.load(str(pdf))
    assert document.pageCount() == result.pages
    found: list[str] = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        pixels = QSize(round(points.width() * 150 / 72), round(points.height() * 150 / 72))
        found += decode(document.render(page, pixels))
    codes_per_badge = 2 if template_name == "4x6in" else 1  # front and back
    assert sorted(found) == sorted(b.code for b in two_badges for _ in range(codes_per_badge))


def test_pdf_embeds_the_badge_font(
    two_badges: list[BadgeData], tmp_path: Path, badge_qapp: object
) -> None:
    pdf = tmp_path / "badges.pdf"
    write_pdf(pdf, load_template("4x3in"), two_badges)
    data = pdf.read_bytes()
    assert b"NotoSansSCBadge-Bold" in data and b"NotoSansSCBadge-Regular" in data
    assert b"/FontFile2" in data  # embedded, so Chinese names print without the font installed


def test_a_failed_batch_leaves_no_half_written_pdf(
    two_badges: list[BadgeData], tmp_path: Path, badge_qapp: object
) -> None:
    broken = [*two_badges, BadgeData(number=9, version=1, code="not alphanumeric", name="X")]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValueError, match="alphanumeric"):
        write_pdf(out / "batch.pdf", load_template("4x3in"), broken)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_png_preview_is_the_badge_at_the_asked_resolution(
    template_name: str, two_badges: list[BadgeData], badge_qapp: object
) -> None:
    template = load_template(template_name)
    image = render_image(template, two_badges[0], 150)
    assert image.width() == round(template.width_mm * 150 / 25.4)
    assert decode(image) == [two_badges[0].code] * (2 if template_name == "4x6in" else 1)


def gray_pixels(image: QImage) -> np.ndarray:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    stride = gray.bytesPerLine()
    pixels = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * gray.height())
    return pixels.reshape(gray.height(), stride)[:, : gray.width()].astype(int)


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_every_text_is_drawn_where_the_layout_put_it(
    template_name: str, two_badges: list[BadgeData], measure: QtTextMeasure
) -> None:
    """The ink on the rendered badge sits where the measured glyphs say, box by box."""
    template = load_template(template_name)
    dpi, tolerance = 150, 0.5
    px = dpi / 25.4
    for badge in two_badges:
        pixels = gray_pixels(render_image(template, badge, dpi))
        for item in BadgeLayouter(template, measure).layout(badge).texts():
            rect = item.rect
            top, left = round(rect.y * px), round(rect.x * px)
            crop = pixels[top : round((rect.y + rect.h) * px), left : round((rect.x + rect.w) * px)]
            ink = np.abs(crop - np.median(crop)) > 80
            rows, columns = np.nonzero(ink)
            assert rows.size, f"{item.kind} {item.text!r} is not drawn"
            inks = [measure.ink(line.text, item.size, item.bold) for line in item.lines]
            expected_top = min(
                ln.baseline + i.top() for ln, i in zip(item.lines, inks, strict=True)
            )
            expected_left = min(ln.x + i.left() for ln, i in zip(item.lines, inks, strict=True))
            if item.rotate:  # drawn turned about the box's centre
                expected_bottom = max(
                    ln.baseline + i.bottom() for ln, i in zip(item.lines, inks, strict=True)
                )
                expected_right = max(
                    ln.x + i.right() for ln, i in zip(item.lines, inks, strict=True)
                )
                expected_top = 2 * rect.y + rect.h - expected_bottom
                expected_left = 2 * rect.x + rect.w - expected_right
            assert (top + rows.min()) / px == pytest.approx(expected_top, abs=tolerance), item.text
            assert (left + columns.min()) / px == pytest.approx(expected_left, abs=tolerance)
