"""Chinese names sort by pinyin and are found by pinyin, as a Chinese desk expects."""

from __future__ import annotations

import pytest

from checkin.names import has_han, name_sort_key, pinyin_initials, pinyin_syllables


def test_chinese_surnames_sort_in_pinyin_order_not_code_point_order() -> None:
    surnames = ["何", "刘", "司", "吴", "周", "陈", "郭", "胡", "黄", "李", "林"]
    assert sorted(surnames) != sorted(surnames, key=name_sort_key)  # the two orders differ
    assert sorted(surnames, key=name_sort_key) == [
        "陈", "郭", "何", "胡", "黄", "李", "林", "刘", "司", "吴", "周",
    ]  # fmt: skip


def test_a_chinese_name_sorts_beside_the_same_name_in_latin_letters() -> None:
    names = ["Zhou Yi", "王明", "Li Na", "Wang Li", "Wang Nan"]
    assert sorted(names, key=name_sort_key) == ["Li Na", "Wang Li", "王明", "Wang Nan", "Zhou Yi"]


def test_the_alternative_name_is_used_when_there_is_no_name() -> None:
    assert name_sort_key("", "李娜")[0] == "li na"


@pytest.mark.parametrize(
    ("name", "syllables", "initials"),
    [
        ("王明", ("wang", "ming"), "wm"),
        ("欧阳娜娜", ("ou", "yang", "na", "na"), "oynn"),
        ("Anna Schmidt", ("anna", "schmidt"), "as"),
    ],
)
def test_pinyin_forms(name: str, syllables: tuple[str, ...], initials: str) -> None:
    assert pinyin_syllables(name) == syllables
    assert pinyin_initials(name) == initials


def test_han_is_told_from_other_scripts() -> None:
    assert has_han("王") and has_han("Wang 王") and not has_han("Wang") and not has_han("ｗａｎｇ")
