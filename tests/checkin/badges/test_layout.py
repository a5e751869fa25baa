"""Badge layout: sizes and lines decided from measured widths, never overflowing a box."""

from __future__ import annotations

import pytest

from checkin.badges.layout import (
    ApproxMeasure,
    BadgeData,
    BadgeLayouter,
    QrItem,
    Rect,
    TextItem,
    fit_text,
    layout_badge,
    name_lines,
    readable_on,
)
from checkin.badges.template import BUILT_IN, Box, load_template

MEASURE = ApproxMeasure()


def badge(**changes: object) -> BadgeData:
    fields: dict[str, object] = {
        "number": 42,
        "version": 1,
        "code": "WS26-42-1-KX7QF2M4ZP3HJ4TA",
        "name": "Wei Wang",
        "name_alt": "王伟",
        "company": "上海宝武钢铁集团有限公司",
        "title": "Engineer",
        "category": "Speaker",
        "category_zh": "演讲嘉宾",
        "category_color": "#cf222e",
        "event_name": "WeStart Global Entrepreneurship Investment Conference",
        "event_name_zh": "WeStart 全球创业投资大会",
    }
    fields.update(changes)
    return BadgeData(**fields)  # type: ignore[arg-type]


def texts(layout: object, kind: str) -> list[TextItem]:
    return [t for t in layout.texts() if t.kind == kind]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "name_alt", "large", "small"),
    [
        ("Wei Wang", "王伟", "王伟", "Wei Wang"),
        ("王伟", "Wei Wang", "王伟", "Wei Wang"),
        ("Abigail Price", "", "Abigail Price", ""),
        ("", "王伟", "王伟", ""),
        ("  José  ", "", "José", ""),
    ],
)
def test_chinese_name_goes_large_with_its_latin_form_under_it(
    name: str, name_alt: str, large: str, small: str
) -> None:
    assert name_lines(name, name_alt) == (large, small)


def test_both_names_are_on_the_badge() -> None:
    layout = layout_badge(load_template("4x3in"), badge(), MEASURE)
    assert [t.text for t in texts(layout, "name")] == ["王伟"]
    assert [t.text for t in texts(layout, "name_alt")] == ["Wei Wang"]


def test_a_lone_name_takes_the_second_line_room_too() -> None:
    template = load_template("4x3in")
    name_box = next(b for b in template.boxes if b.kind == "name")
    layout = layout_badge(template, badge(name="Abigail Price", name_alt=""), MEASURE)
    (name,) = texts(layout, "name")
    assert name.rect.h > name_box.h and not texts(layout, "name_alt")


def test_a_long_name_shrinks_to_fit() -> None:
    template = load_template("4x3in")
    short = texts(layout_badge(template, badge(name_alt="王伟"), MEASURE), "name")[0]
    long = texts(layout_badge(template, badge(name_alt="欧阳思涵子轩"), MEASURE), "name")[0]
    assert long.size < short.size
    assert long.lines[0].width <= long.rect.w


def test_a_very_long_latin_name_wraps_before_getting_tiny() -> None:
    name = "Maximiliana Alexandrina Featherstonehaugh"
    box = Box("name", 0, 0, 80, 16, size=30, min_size=14, bold=True, lines=2)
    lines, size, elided = fit_text(name, Rect(0, 0, 80, 16), box, MEASURE)
    assert len(lines) == 2 and size >= 14 and not elided
    assert " ".join(lines) == name


def test_text_that_cannot_fit_even_wrapped_is_cut_with_an_ellipsis() -> None:
    box = Box("company", 0, 0, 20, 5, size=10, min_size=8, lines=1)
    lines, size, elided = fit_text(
        "International Business Machines", Rect(0, 0, 20, 5), box, MEASURE
    )
    assert elided and size == 8 and lines[0].endswith("…")
    assert MEASURE.width(lines[0], size, False) <= 20


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_every_text_line_stays_inside_its_box(template_name: str) -> None:
    template = load_template(template_name)
    for data in (badge(), badge(name="Bartholomew Montgomery-Smythe", name_alt="", title="")):
        layout = layout_badge(template, data, MEASURE)
        for item in layout.texts():
            for line in item.lines:
                assert item.rect.x - 1e-6 <= line.x
                assert line.x + line.width <= item.rect.x + item.rect.w + 1e-6
                assert item.rect.y - 1e-6 <= line.baseline - item.ascent
                assert line.baseline + item.descent <= item.rect.y + item.rect.h + 1e-6


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_qr_keeps_its_quiet_zone_inside_its_box(template_name: str) -> None:
    template = load_template(template_name)
    layout = layout_badge(template, badge(), MEASURE)
    for item in layout.items:
        if isinstance(item, QrItem):
            assert item.module >= 0.5
            assert item.x - item.rect.x == pytest.approx(4 * item.module)
            assert item.rect.w == pytest.approx((item.matrix.size + 8) * item.module)


def test_empty_fields_leave_their_boxes_empty() -> None:
    layout = layout_badge(load_template("4x3in"), badge(title="", company=""), MEASURE)
    assert not texts(layout, "title") and not texts(layout, "company")


def test_number_and_category_follow_their_formats() -> None:
    layout = layout_badge(load_template("4x3in"), badge(), MEASURE)
    assert texts(layout, "number")[0].text == "No. 42"
    assert texts(layout, "category")[0].text == "演讲嘉宾 Speaker"


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#cf222e", "#ffffff"),
        ("#2f6fdf", "#ffffff"),
        ("#f5d90a", "#000000"),
        ("#ffffff", "#000000"),
    ],
)
def test_ribbon_text_is_black_or_white_whichever_reads(background: str, text: str) -> None:
    assert readable_on(background) == text


def test_category_label_on_the_ribbon_uses_the_readable_colour() -> None:
    layout = layout_badge(load_template("4x3in"), badge(category_color="#f5d90a"), MEASURE)
    assert texts(layout, "category")[0].color == "#000000"


def test_back_of_a_fold_badge_is_turned_upside_down() -> None:
    layout = layout_badge(load_template("4x6in"), badge(), MEASURE)
    names = texts(layout, "name")
    assert sorted(n.rotate for n in names) == [0, 180]
    assert sum(isinstance(i, QrItem) for i in layout.items) == 2


@pytest.mark.parametrize("template_name", BUILT_IN)
def test_a_layouter_reusing_fitted_texts_lays_out_as_a_fresh_one(template_name: str) -> None:
    """Texts fitted for one badge and replayed for the next must be what fitting gives anew.

    The batch pairs the same words with different colours (category labels
    on ribbons), with and without a second name line (a lone name takes
    both lines' room), so each is laid out after the others on one layouter.
    """
    template = load_template(template_name)
    batch = [
        badge(),
        badge(name="Abigail Price", name_alt=""),
        badge(name="Wei Wang", name_alt="", company="Engineer"),
        badge(category_color="#ffd33d", category="Staff", category_zh="工作人员"),
        badge(category_color="#0b1f3a", category="Staff", category_zh="工作人员"),
        badge(name="Abigail Price", name_alt="Abby Price", title="上海宝武钢铁集团有限公司"),
        badge(),
    ]
    shared = BadgeLayouter(template, MEASURE)
    for data in batch:
        assert shared.layout(data).texts() == layout_badge(template, data, MEASURE).texts()
