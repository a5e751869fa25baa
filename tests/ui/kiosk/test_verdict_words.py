"""Every code the core returns has words in both languages, and they read well in each."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from checkin.model import AttendeeSummary, Category, Direction, SeenAt, Status, Verdict
from ui.i18n.catalogs import catalog_source
from ui.i18n.translator import Language
from ui.kiosk import verdict_words


@pytest.fixture
def chinese(qapp: object) -> Iterator[Language]:
    language = Language()
    language.set("zh_CN")
    yield language
    language.set("en")


def messages() -> set[tuple[str, str]]:
    root = ET.parse(catalog_source("kiosk", "zh_CN")).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_every_status_word_and_reason_is_in_the_translation_file() -> None:
    known = messages()
    for status in Status:
        assert ("Verdict", verdict_words.WORDS[status]) in known
        if verdict_words.REASONS[status]:
            assert ("Reason", verdict_words.REASONS[status]) in known


def verdict(status: Status, **changes: object) -> Verdict:
    person = AttendeeSummary(7, "Wei Wang", "王伟", "Baowu", "Investor", "")
    fields: dict[str, object] = {"attendee": person}
    fields.update(changes)
    return Verdict(status, "North Hall", Direction.ENTRY, "2026-11-28T09:00:00+08:00", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "changes", "english", "chinese_text"),
    [
        (
            Status.ALREADY_INSIDE,
            {"first_seen": SeenAt("2026-11-28T08:42:10+08:00", "South Hall", "desk-south")},
            "Entered at 08:42 through South Hall (desk-south); no exit since",
            "已于 08:42 从 South Hall 入场（desk-south），之后未离场",
        ),
        (
            Status.FULL,
            {"inside": 3000, "capacity": 3000},
            "Venue full: 3000 / 3000 inside",
            "场馆已满：场内 3000 / 3000",
        ),
        (
            Status.NEARLY_FULL,
            {"inside": 2900, "capacity": 3000},
            "Venue nearly full: 2900 / 3000",
            "场馆即将满员：2900 / 3000",
        ),
        (
            Status.NOT_ALLOWED,
            {"allowed_gates": ("VIP",)},
            "Investor may not use this gate: go to VIP",
            "投资人不能走此通道：请前往 VIP",
        ),
        (
            Status.REPEAT,
            {"previous": Status.ENTERED},
            "Same badge read again: counted once (WELCOME)",
            "同一证件重复读取：只计一次（欢迎）",
        ),
    ],
)
def test_reasons_read_well_in_both_languages(
    qapp: object, status: Status, changes: dict[str, object], english: str, chinese_text: str
) -> None:
    categories = {"Investor": Category("Investor", "投资人")}
    assert verdict_words.reason(verdict(status, **changes), categories) == english
    language = Language()
    language.set("zh_CN")
    try:
        assert verdict_words.reason(verdict(status, **changes), categories) == chinese_text
    finally:
        language.set("en")


def test_a_repeat_shows_the_word_of_the_scan_it_repeats(chinese: Language) -> None:
    assert verdict_words.word(verdict(Status.REPEAT, previous=Status.REVOKED)) == "证件已作废"
