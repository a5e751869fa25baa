"""Which field a column fills, from its header in English, Chinese or both."""

from __future__ import annotations

import pytest

from checkin.roster.columns import map_columns, role_of


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("name", "name"),
        ("Full Name", "name"),
        ("  NAME ", "name"),
        ("姓名", "name"),
        ("姓名 Name", "name"),
        ("姓名（必填）", "name"),
        ("English name", "name_en"),
        ("Name (English)", "name_en"),
        ("英文名", "name_en"),
        ("Chinese Name", "name_zh"),
        ("中文名", "name_zh"),
        ("First Name", "first_name"),
        ("Last name", "last_name"),
        ("Company", "company"),
        ("单位", "company"),
        ("公司", "company"),
        ("单位/公司", "company"),
        ("Company/单位", "company"),
        ("Organisation", "company"),
        ("Job Title", "title"),
        ("职位", "title"),
        ("E-mail", "email"),
        ("ＥＭＡＩＬ", "email"),
        ("邮箱", "email"),
        ("电子邮件", "email"),
        ("Mobile", "phone"),
        ("手机", "phone"),
        ("电话", "phone"),
        ("手机/电话", "phone"),
        ("Category", "category"),
        ("Type", "category"),
        ("类别", "category"),
        ("类型", "category"),
        ("Notes", "note"),
        ("备注", "note"),
        ("Ticket Code", "ticket_code"),
        ("票号", "ticket_code"),
        ("Status", "state"),
        ("状态", "state"),
        ("ID", "number"),
        ("Number", "number"),
        ("编号", "number"),
    ],
)
def test_headers_map_to_roles(header: str, role: str) -> None:
    assert role_of(header) == role


@pytest.mark.parametrize(
    "header",
    ["序号", "No.", "Dietary needs", "Name/Company", "", "   "],
)
def test_unknown_or_ambiguous_headers_are_ignored(header: str) -> None:
    assert role_of(header) is None


def test_english_and_chinese_name_columns_fill_name_and_name_alt() -> None:
    columns = map_columns(["中文名", "English Name", "Company"])
    assert columns.fields == {"中文名": "name_alt", "English Name": "name", "Company": "company"}


def test_with_a_main_name_column_the_other_names_are_alternates() -> None:
    columns = map_columns(["姓名", "English Name"])
    assert columns.fields == {"姓名": "name", "English Name": "name_alt"}


def test_two_columns_for_one_field_are_both_kept_in_file_order() -> None:
    columns = map_columns(["姓名", "手机", "电话"])
    assert columns.roles["phone"] == (1, 2)
    assert columns.fields == {"姓名": "name", "手机": "phone", "电话": "phone"}


def test_a_roster_without_any_name_column_has_no_name() -> None:
    assert not map_columns(["Company", "Email"]).has_name
    assert map_columns(["First name", "Last name"]).has_name
