"""Reading CSV rosters: encodings, delimiters, headers, the name rule, bad rows by line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkin.model import AttendeeRecord, AttendeeState, Category
from checkin.roster import RosterError, RowError, read_roster

from .conftest import WriteText

Categories = tuple[Category, ...]

CHINESE = (
    "姓名,单位,邮箱\n张伟,宝武钢铁集团,zhang.wei@example.com\n李娜,上海交通大学,li.na@example.com\n"
)


def names(path: Path, categories: Categories) -> list[tuple[int, str]]:
    return [(line, record.name) for line, record in read_roster(path, categories=categories).rows]


def only_record(path: Path, categories: Categories) -> AttendeeRecord:
    roster = read_roster(path, categories=categories)
    assert roster.errors == []
    [(_, record)] = roster.rows
    return record


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_each_encoding_reads_the_chinese_names(
    write_text: WriteText, categories: Categories, encoding: str, reported: str
) -> None:
    roster = read_roster(write_text(CHINESE, encoding), categories=categories)
    assert roster.encoding == reported
    assert [(line, r.name, r.company) for line, r in roster.rows] == [
        (2, "张伟", "宝武钢铁集团"),
        (3, "李娜", "上海交通大学"),
    ]
    assert roster.columns == {"姓名": "name", "单位": "company", "邮箱": "email"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_delimiter_is_recognised_from_the_header(
    write_text: WriteText, categories: Categories, delimiter: str
) -> None:
    # The company holds the other delimiters, so only the right one splits it well.
    company = {",": "Acme; Ltd", ";": "Acme, Ltd", "\t": "Acme, Ltd; Shanghai"}
    text = delimiter.join(["Name", "Company", "Email"]) + "\n"
    text += delimiter.join(["Ann Lee", company[delimiter], "ann@example.com"]) + "\n"
    roster = read_roster(write_text(text), categories=categories)
    assert roster.delimiter == delimiter
    [(_, record)] = roster.rows
    assert (record.name, record.email) == ("Ann Lee", "ann@example.com")
    assert record.company == company[delimiter]


def test_english_and_chinese_headers_give_the_same_records(
    write_text: WriteText, categories: Categories
) -> None:
    row = "Ann Lee,Acme,CTO,ann@example.com,+86 138 0013 8000,VIP,Vegan,T-1,active,7\n"
    english = "Name,Company,Title,Email,Phone,Category,Notes,Ticket Code,Status,ID\n"
    chinese = "姓名,公司,职位,电子邮件,电话,类型,备注,票号,状态,编号\n"
    from_english = read_roster(write_text(english + row, name="en.csv"), categories=categories)
    from_chinese = read_roster(write_text(chinese + row, name="zh.csv"), categories=categories)
    expected = AttendeeRecord(
        name="Ann Lee",
        company="Acme",
        title="CTO",
        email="ann@example.com",
        phone="+86 138 0013 8000",
        category="VIP",
        note="Vegan",
        ticket_code="T-1",
        state=AttendeeState.ACTIVE,
        number=7,
    )
    assert from_english.rows == from_chinese.rows == [(2, expected)]


@pytest.mark.parametrize(
    ("header", "row", "name", "name_alt"),
    [
        ("姓名", "张伟", "张伟", ""),
        ("English Name,Chinese Name", "Wei Zhang,张伟", "Wei Zhang", "张伟"),
        ("中文名,英文名", "张伟,Wei Zhang", "Wei Zhang", "张伟"),
        ("English Name,Chinese Name", ",张伟", "张伟", ""),
        ("English Name,Chinese Name", "Wei Zhang,", "Wei Zhang", ""),
        ("姓名,英文名", "张伟,Wei Zhang", "张伟", "Wei Zhang"),
        ("Name,English Name", "Wei Zhang,Wei Zhang", "Wei Zhang", ""),
        ("First Name,Last Name", "Ann,Lee", "Ann Lee", ""),
        ("姓,名", "张,伟", "张伟", ""),
        ("Name,Alternate Name", "Ann Lee,李安", "Ann Lee", "李安"),
    ],
)
def test_the_name_rule(
    write_text: WriteText,
    categories: Categories,
    header: str,
    row: str,
    name: str,
    name_alt: str,
) -> None:
    record = only_record(write_text(f"{header}\n{row}\n"), categories)
    assert (record.name, record.name_alt) == (name, name_alt)


@pytest.mark.parametrize(
    ("given", "category"),
    [
        ("", "Attendee"),
        ("VIP", "VIP"),
        ("vip", "VIP"),
        (" Speaker ", "Speaker"),
        ("贵宾", "VIP"),
        ("演讲嘉宾", "Speaker"),
        ("投资人", "Investor"),
    ],
)
def test_categories_match_by_name_or_chinese_label(
    write_text: WriteText, categories: Categories, given: str, category: str
) -> None:
    assert only_record(write_text(f"name,category\nAnn,{given}\n"), categories).category == category


@pytest.mark.parametrize(
    ("given", "state"),
    [
        ("", AttendeeState.ACTIVE),
        ("Confirmed", AttendeeState.ACTIVE),
        ("正常", AttendeeState.ACTIVE),
        ("cancelled", AttendeeState.CANCELLED),
        ("Canceled", AttendeeState.CANCELLED),
        ("已取消", AttendeeState.CANCELLED),
        ("BLOCKED", AttendeeState.BLOCKED),
        ("黑名单", AttendeeState.BLOCKED),
    ],
)
def test_a_status_column_marks_cancelled_and_blocked_people(
    write_text: WriteText, categories: Categories, given: str, state: AttendeeState
) -> None:
    assert only_record(write_text(f"name,状态\nAnn,{given}\n"), categories).state == state


def test_full_width_characters_in_emails_phones_and_numbers_are_made_plain(
    write_text: WriteText, categories: Categories
) -> None:
    text = "姓名,单位,邮箱,手机,编号\n张伟,宝武（上海）,ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ,１３８００１３８０００,０１２\n"
    record = only_record(write_text(text), categories)
    assert (record.email, record.phone, record.number) == ("zw@example.com", "13800138000", 12)
    assert record.company == "宝武（上海）"  # names and companies keep their characters


def test_whitespace_and_invisible_characters_are_stripped(
    write_text: WriteText, categories: Categories
) -> None:
    text = "name,company,email\n  Ann \u3000 Lee\u200b ,\u00a0Acme  ,\ufeff ann@example.com \n"
    record = only_record(write_text(text), categories)
    assert (record.name, record.company, record.email) == ("Ann Lee", "Acme", "ann@example.com")


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://example.com/x","click me")', "=1+1", "+SUM(A1:A2)", "@cmd", "-2+3"],
)
def test_formula_like_cells_stay_plain_text(
    write_text: WriteText, categories: Categories, cell: str
) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    record = only_record(write_text(f"name,note\nAnn,{quoted}\n"), categories)
    assert record.note == cell


def test_title_rows_above_the_header_are_skipped_and_lines_stay_physical(
    write_text: WriteText, categories: Categories
) -> None:
    text = "2026 WeStart 参会名单,,\n导出时间 2026-11-01,,\n\n姓名,单位,邮箱\n张伟,宝武,\n,交大,\n"
    roster = read_roster(write_text(text), categories=categories)
    assert [(line, r.name) for line, r in roster.rows] == [(5, "张伟")]
    assert roster.errors == [RowError(6, "The name is empty.")]


def test_line_numbers_count_physical_lines_across_quoted_newlines_and_blank_lines(
    write_text: WriteText, categories: Categories
) -> None:
    text = (
        "name,note,email\n"  # 1
        'Ann,"first line\nsecond line\nthird line",ann@example.com\n'  # 2-4
        "\n"  # 5
        "Bob,,not-an-email\n"  # 6
        "Cy,,cy@example.com\n"  # 7
    )
    roster = read_roster(write_text(text), categories=categories)
    assert [line for line, _ in roster.rows] == [2, 7]
    assert roster.rows[0][1].note == "first line\nsecond line\nthird line"
    assert [error.line for error in roster.errors] == [6]


def test_windows_line_endings_count_as_one_line(
    write_text: WriteText, categories: Categories
) -> None:
    text = "name,email\r\nAnn,ann@example.com\r\nBob,bad\r\n"
    roster = read_roster(write_text(text), categories=categories)
    assert roster.errors == [RowError(3, "The email 'bad' is not a valid email address.")]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",Acme,,,,", "The name is empty."),
        ("   ,Acme,,,,", "The name is empty."),
        ("Bob,,bob@,,,", "The email 'bob@' is not a valid email address."),
        ("Bob,,bob example.com,,,", "The email 'bob example.com' is not a valid email address."),
        (
            "Bob,,a@example.com; b@example.com,,,",
            "The email 'a@example.com; b@example.com' is not a valid email address.",
        ),
        ("Bob,,ANN@example.com,,,", "The email ANN@example.com is already used on line 2."),
        ("Bob,,,T-100,,", "The ticket code T-100 is already used on line 2."),
        ("Bob,,,t-100,,", "The ticket code t-100 is already used on line 2."),
        (
            "Bob,,,,Guest,",
            "The category 'Guest' is not one of this event's categories "
            "(Attendee, Startup, Investor, Media, Speaker, Staff, VIP).",
        ),
        ("Bob,,,,,12a", "The number '12a' is not a whole number."),
        ("Bob,,,,,-3", "The number '-3' is not a whole number."),
        ("Bob,,,,,1.5", "The number '1.5' is not a whole number."),
        ("Bob,,,,,0", "The number 0 is out of range; use 1 to 999999999."),
        ("Bob,,,,,7", "The number 7 is already used on line 2."),
    ],
)
def test_a_bad_row_is_reported_by_line_and_left_out(
    write_text: WriteText, categories: Categories, row: str, reason: str
) -> None:
    text = (
        "Name,Company,Email,Ticket,Category,ID\n"
        "Ann,Acme,ann@example.com,T-100,VIP,7\n"
        f"{row}\n"
        "Cy,Acme,cy@example.com,T-200,,8\n"
    )
    roster = read_roster(write_text(text), categories=categories)
    assert roster.errors == [RowError(3, reason)]
    assert [(line, r.name) for line, r in roster.rows] == [(2, "Ann"), (4, "Cy")]


def test_an_unknown_status_is_a_bad_row(write_text: WriteText, categories: Categories) -> None:
    roster = read_roster(write_text("name,status\nAnn,maybe\n"), categories=categories)
    assert roster.errors == [
        RowError(2, "The status 'maybe' is unknown; use active, cancelled or blocked.")
    ]


def test_a_bad_row_claims_nothing_so_a_later_good_row_may_use_its_email(
    write_text: WriteText, categories: Categories
) -> None:
    text = "name,email,category\nAnn,x@example.com,Nope\nBob,x@example.com,\n"
    roster = read_roster(write_text(text), categories=categories)
    assert [line for line, _ in roster.rows] == [3]
    assert [error.line for error in roster.errors] == [2]


def test_short_and_long_rows_and_unknown_columns_are_tolerated(
    write_text: WriteText, categories: Categories
) -> None:
    text = "name,Dietary needs,company\nAnn\nBob,vegan,Acme,extra,cells\n"
    roster = read_roster(write_text(text), categories=categories)
    assert [(r.name, r.company) for _, r in roster.rows] == [("Ann", ""), ("Bob", "Acme")]
    assert roster.columns == {"name": "name", "company": "company"}


def test_a_header_without_rows_is_an_empty_roster(
    write_text: WriteText, categories: Categories
) -> None:
    roster = read_roster(write_text("姓名,单位\n"), categories=categories)
    assert (roster.rows, roster.errors) == ([], [])


def test_with_no_categories_defined_the_roster_is_taken_at_its_word(
    write_text: WriteText,
) -> None:
    record = only_record(write_text("name,category\nAnn,Guest\n"), ())
    assert record.category == "Guest"


def test_progress_is_reported_about_a_hundred_times_ending_at_the_total(
    write_text: WriteText, categories: Categories
) -> None:
    text = "name\n" + "".join(f"Person {i}\n" for i in range(5000))
    calls: list[tuple[int, int]] = []
    read_roster(write_text(text), categories=categories, progress=lambda d, t: calls.append((d, t)))
    assert 50 <= len(calls) <= 102
    assert calls[-1] == (5001, 5001)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# -- whole-file problems ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"roster\.csv is empty"),
        (b"  \r\n\n", r"roster\.csv is empty"),
        (b"\xef\xbb\xbf", r"roster\.csv is empty"),
        (b"\xff\xfe", r"roster\.csv is empty"),
        (b"company,email\nAcme,a@example.com\n", r"no name column.*'company', 'email'"),
        ("单位,邮箱\n宝武,a@example.com\n".encode("gbk"), r"no name column.*'单位', '邮箱'"),
        (os.urandom(2048), r"cannot read roster\.csv as text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), r"old-style \.xls"),
        (b"PK\x03\x04 not really a zip", r"cannot open roster\.csv as an Excel workbook"),
        (b'name\n"never closed\x00\n', r"cannot read roster\.csv as text|not valid CSV"),
    ],
)
def test_whole_file_problems_raise_roster_error(
    tmp_path: Path, categories: Categories, data: bytes, message: str
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    with pytest.raises(RosterError, match=message):
        read_roster(path, categories=categories)


def test_a_text_file_named_like_a_workbook_is_refused(
    write_text: WriteText, categories: Categories
) -> None:
    with pytest.raises(RosterError, match=r"named like an Excel workbook but is not one"):
        read_roster(write_text("name\nAnn\n", name="roster.xlsx"), categories=categories)


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path, categories: Categories) -> None:
    with pytest.raises(RosterError, match=r"no file at .*missing\.csv"):
        read_roster(tmp_path / "missing.csv", categories=categories)
    with pytest.raises(RosterError, match=r"is a folder"):
        read_roster(tmp_path, categories=categories)
