"""Badge templates: the shipped ones load, and every bad field is named in the error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkin.badges.template import (
    BUILT_IN,
    MIN_MODULE_MM,
    TemplateError,
    load_template,
    parse_template,
    read_template,
    template_names,
)

GOOD = """
name = "test"
width_mm = 100
height_mm = 70

[[box]]
kind = "name"
x = 5
y = 5
w = 60
h = 15

[[box]]
kind = "qr"
x = 70
y = 5
w = 25
h = 25
"""


def write(tmp_path: Path, text: str, name: str = "test.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_named_template_ships() -> None:
    assert template_names()[: len(BUILT_IN)] == list(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN)
def test_shipped_template_loads_with_a_qr_of_half_a_millimetre_modules_or_more(name: str) -> None:
    template = load_template(name)
    assert template.name == name
    qr = [b for b in template.boxes if b.kind == "qr"]
    assert qr and all(min(b.w, b.h) / (29 + 2 * b.quiet_zone) >= MIN_MODULE_MM for b in qr)


def test_sizes_are_the_named_formats() -> None:
    assert load_template("4x3in").page_mm == (101.6, 76.2)
    assert load_template("4x6in").page_mm == (101.6, 152.4)
    assert load_template("a6").page_mm == (105.0, 148.0)
    assert load_template("cr80").page_mm == (53.98, 85.6)
    a4 = load_template("a4-8up")
    assert a4.page_mm == (210.0, 297.0) and a4.per_page == 8


def test_fold_badge_prints_its_back_upside_down() -> None:
    template = load_template("4x6in")
    assert template.fold_mm == pytest.approx(76.2)
    back = [b for b in template.boxes if b.y >= 76.2]
    assert back and all(b.rotate == 180 for b in back)


def test_a_template_file_can_be_loaded_by_path(tmp_path: Path) -> None:
    template = load_template(write(tmp_path, GOOD))
    assert template.name == "test" and len(template.boxes) == 2


def test_json_templates_work_too(tmp_path: Path) -> None:
    import tomllib

    data = tomllib.loads(GOOD)
    template = read_template(write(tmp_path, json.dumps(data), "card.json"))
    assert [b.kind for b in template.boxes] == ["name", "qr"]


def test_unknown_template_name_lists_the_shipped_ones() -> None:
    with pytest.raises(TemplateError, match=r"no badge template named 'A5'.*4x3in, 4x6in"):
        load_template("A5")


def with_box(extra: str, kind: str = "name") -> str:
    """GOOD with one more line in its first box of ``kind``."""
    marker = f'kind = "{kind}"\n'
    return GOOD.replace(marker, marker + extra + "\n", 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = \n", r"test.toml is not valid TOML"),
        ("colour = 'red'\n" + GOOD, r"test.toml: unknown field 'colour'"),
        (with_box('colour = "#ff0000"'), r"box 1 \(name\): unknown field 'colour'"),
        (with_box('size = "big"'), r"box 1 \(name\): 'size' must be a positive number, not 'big'"),
        (with_box("size = 0"), r"'size' must be a positive number, not 0"),
        (with_box("min_size = 40"), r"'min_size' \(40\) is larger than 'size' \(28\)"),
        (with_box('align = "middle"'), r"'align' must be one of 'left', 'center', 'right'"),
        (with_box('color = "red"'), r"'color' must be a colour like \"#1a7f37\""),
        (with_box("rotate = 90"), r"'rotate' must be 0 or 180"),
        (with_box("lines = 0"), r"'lines' must be a whole number, 1 or more"),
        (with_box('format = "{name}"'), r"a name box takes no 'format'"),
        (GOOD.replace('kind = "name"', 'kind = "nmae"'), r"box 1: 'kind' must be one of 'event'"),
        (
            GOOD.replace("w = 60", "w = 99"),
            r"box 1 \(name\): the box \(5, 5\) \+ 99 x 15 mm goes off",
        ),
        (GOOD.replace("w = 25\nh = 25", "w = 15\nh = 15"), r"qr\): the QR box is 15 x 15 mm"),
        (with_box("module_mm = 0.3", "qr"), r"'module_mm' 0.3 is too small for a webcam"),
        (GOOD.replace('kind = "qr"', 'kind = "number"'), r"a template needs a qr box"),
        (GOOD.replace("width_mm = 100\n", ""), r"'width_mm' is missing"),
        (
            GOOD + '[[box]]\nkind = "text"\nformat = "{nmae}"\nx = 0\ny = 0\nw = 5\nh = 5\n',
            r"box 3 \(text\): 'format' uses \{nmae\}; placeholders are \{name\}",
        ),
        (
            GOOD + '[[box]]\nkind = "logo"\nfile = "gone.svg"\nx = 0\ny = 0\nw = 5\nh = 5\n',
            r"logo file 'gone.svg' is not in",
        ),
        (
            GOOD + "[sheet]\nwidth_mm = 210\nheight_mm = 297\ncolumns = 3\nrows = 4\n",
            r"3 x 4 badges of 100 x 70 mm \(300 x 280 mm\) do not fit on 210 x 297 mm",
        ),
    ],
)
def test_a_bad_template_gives_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        read_template(write(tmp_path, text))


def test_an_unreadable_template_says_so(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="cannot read badge template"):
        read_template(tmp_path / "missing.toml")


def test_boxes_default_to_sensible_sizes() -> None:
    template = parse_template(
        {
            "width_mm": 100,
            "height_mm": 70,
            "box": [
                {"kind": "name", "x": 0, "y": 0, "w": 50, "h": 10},
                {"kind": "qr", "x": 60, "y": 0, "w": 25, "h": 25},
                {"kind": "category", "x": 0, "y": 50, "w": 100, "h": 20},
            ],
        },
        source="inline",
    )
    name, _, category = template.boxes
    assert name.bold and name.size > 20 and name.min_size < name.size
    assert category.color == "auto" and category.format == "{category_zh} {category}"
