"""Badge codes: minted, parsed, verified, and small enough for QR version 3-Q."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checkin import badge_codes

KEY = bytes(range(32))


def test_a_minted_code_parses_back_and_verifies() -> None:
    code = badge_codes.mint(KEY, "WS26", 1234, 2)
    parsed = badge_codes.parse(code)
    assert parsed is not None
    assert (parsed.prefix, parsed.number, parsed.version) == ("WS26", 1234, 2)
    assert badge_codes.is_authentic(KEY, parsed)


def test_the_tag_carries_at_least_80_bits() -> None:
    tag = badge_codes.mint(KEY, "WS26", 1, 1).rsplit("-", 1)[1]
    assert len(tag) * 5 >= 80


def test_codes_use_only_qr_alphanumeric_characters_and_fit_version_3q() -> None:
    code = badge_codes.mint(KEY, "ABCDEFGH", 999_999_999, 9999)
    assert re.fullmatch(r"[0-9A-Z $%*+\-./:]+", code)
    assert len(code) <= badge_codes.MAX_CODE_LENGTH


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"),  # tag
        lambda c: c.replace("-7-", "-8-", 1),  # attendee number
        lambda c: c.replace("-1-", "-2-", 1),  # badge version
    ],
    ids=["tag", "number", "version"],
)
def test_any_change_to_a_code_breaks_its_tag(change: object) -> None:
    code = badge_codes.mint(KEY, "WS26", 7, 1)
    altered = change(code)  # type: ignore[operator]
    parsed = badge_codes.parse(altered)
    assert parsed is not None and altered != code
    assert not badge_codes.is_authentic(KEY, parsed)


def test_another_key_does_not_verify() -> None:
    parsed = badge_codes.parse(badge_codes.mint(KEY, "WS26", 7, 1))
    assert parsed is not None
    assert not badge_codes.is_authentic(b"x" * 32, parsed)


@pytest.mark.parametrize("typed", ["ws26-7-1-{tag}", "  WS26-7-1-{tag}\r\n", "WS26-7-1-{tag}\t"])
def test_what_a_scanner_or_a_person_types_is_normalised(typed: str) -> None:
    code = badge_codes.mint(KEY, "WS26", 7, 1)
    text = typed.format(
        tag=code.rsplit("-", 1)[1].lower() if typed.startswith("ws") else code.rsplit("-", 1)[1]
    )
    parsed = badge_codes.parse(text)
    assert parsed is not None and parsed.text == code


@pytest.mark.parametrize(
    "text",
    ["", "WS26", "https://example.com/WS26-1-1-AAAAAAAAAAAAAAAA", "WS26-1-1-AAAA", "13812345678"],
)
def test_text_that_is_not_shaped_like_a_code_does_not_parse(text: str) -> None:
    assert badge_codes.parse(text) is None


@pytest.mark.parametrize(
    ("prefix", "number", "version"),
    [("ws", 1, 1), ("WS26", 0, 1), ("WS26", 1, 0), ("WS26", 10**9, 1)],
)
def test_minting_refuses_out_of_range_parts(prefix: str, number: int, version: int) -> None:
    with pytest.raises(badge_codes.BadgeCodeError):
        badge_codes.mint(KEY, prefix, number, version)


def test_redacted_codes_hide_the_tag() -> None:
    code = badge_codes.mint(KEY, "WS26", 7, 1)
    assert badge_codes.redact(code) == "WS26-7-1-****"
    assert code.rsplit("-", 1)[1] not in badge_codes.redact(code)


@given(st.text(max_size=200))
def test_parse_never_raises(text: str) -> None:
    badge_codes.parse(text)
