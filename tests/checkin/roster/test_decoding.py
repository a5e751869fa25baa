"""Which encodings a text roster is read in, and what is refused as not text."""

from __future__ import annotations

import random

import pytest

from checkin.roster.decoding import decode_roster
from checkin.roster.result import RosterError

CHINESE_ROSTER = "姓名,单位,职位\n张伟,宝武钢铁集团,工程师\n李娜,上海交通大学,教授\n"


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_a_chinese_roster_decodes_in_each_encoding(encoding: str, detected: str) -> None:
    data = CHINESE_ROSTER.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # the BOM that Python's utf-16-be codec leaves out
        detected = "utf-16"
    assert decode_roster(data, "r.csv") == (CHINESE_ROSTER, detected)


@pytest.mark.parametrize(
    "text",
    [
        "名字\n王芳\n",  # charset-normalizer alone calls this Korean
        "姓名\n喆\n",  # a rare character, outside GB2312; alone it looks like UTF-16
        "姓名,邮箱\n欧阳娜娜,nana@example.com\n",
        "name,company\n王芳,华为\n",
    ],
)
def test_short_gbk_files_are_read_as_chinese(text: str) -> None:
    assert decode_roster(text.encode("gbk"), "r.csv") == (text, "gb18030")


def test_characters_only_gb18030_has_are_read() -> None:
    text = "姓名\n𠀀明\n"  # an extension-B character: four bytes in GB18030, none in GBK
    assert decode_roster(text.encode("gb18030"), "r.csv") == (text, "gb18030")


def test_a_western_legacy_file_is_not_taken_for_chinese() -> None:
    text = "name,company\nJosé Müller,Société Générale\nFrançois Noël,Café Crème\n"
    decoded, encoding = decode_roster(text.encode("cp1252"), "r.csv")
    assert "gb" not in encoding
    assert "José Müller" in decoded


def test_a_byte_order_mark_decides_the_encoding() -> None:
    text = "name\nAnn\n"
    data = b"\xff\xfe" + text.encode("utf-16-le")
    assert decode_roster(data, "r.csv") == (text, "utf-16")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(random.Random(1).randbytes(4096), id="random-bytes"),
        pytest.param(b"\x00\x01\x02binary\x00\xff", id="short-binary"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, id="png"),
        pytest.param(b"\xff\xfe\x00\xd8name\n", id="utf-16-bom-lone-surrogate"),
        pytest.param(b"\xef\xbb\xbfname\n\xff\xfe\n", id="utf-8-bom-then-invalid"),
    ],
)
def test_binary_data_is_refused_with_advice(data: bytes) -> None:
    with pytest.raises(RosterError, match=r"cannot read r\.csv as text.*CSV UTF-8"):
        decode_roster(data, "r.csv")
