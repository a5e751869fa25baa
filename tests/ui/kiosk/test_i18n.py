"""Every code the core returns has words in both languages, and the compiled file is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkin.model import AttendeeSummary, Category, Direction, SeenAt, Status, Verdict
from ui.kiosk import i18n
from ui.kiosk.i18n import I18N, Language, LanguageError

TS = I18N / "kiosk_zh_CN.ts"


@pytest.fixture
def chinese(qapp: object) -> Iterator[Language]:
    language = Language()
    language.set("zh_CN")
    yield language
    language.set("en")


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_message_is_translated() -> None:
    unfinished = [
        source
        for _, source, message in messages()
        if message.find("translation") is None
        or message.find("translation").get("type") in ("unfinished", "obsolete")  # type: ignore[union-attr]
        or not message.findtext("translation")
    ]
    assert unfinished == []


def test_translations_keep_every_placeholder() -> None:
    import re

    for _, source, message in messages():
        wanted = sorted(re.findall(r"\{[a-z_]+", source))
        assert sorted(re.findall(r"\{[a-z_]+", message.findtext("translation") or "")) == wanted


def test_every_status_word_and_reason_is_in_the_translation_file() -> None:
    known = {(context, source) for context, source, _ in messages()}
    for status in Status:
        assert ("Verdict", i18n.WORDS[status]) in known
        if i18n.REASONS[status]:
            assert ("Reason", i18n.REASONS[status]) in known


def lrelease() -> str | None:
    beside = Path(sys.executable).parent / "pyside6-lrelease"
    return str(beside) if beside.exists() else shutil.which("lrelease")


def test_the_compiled_translation_is_up_to_date(tmp_path: Path) -> None:
    tool = lrelease()
    if tool is None:
        pytest.skip("no lrelease on this machine")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([tool, str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == TS.with_suffix(".qm").read_bytes(), (
        "run: python -m assets.i18n.build"
    )


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
    assert i18n.reason(verdict(status, **changes), categories) == english
    language = Language()
    language.set("zh_CN")
    try:
        assert i18n.reason(verdict(status, **changes), categories) == chinese_text
    finally:
        language.set("en")


def test_a_repeat_shows_the_word_of_the_scan_it_repeats(chinese: Language) -> None:
    assert i18n.word(verdict(Status.REPEAT, previous=Status.REVOKED)) == "证件已作废"


def test_an_unknown_language_is_a_clear_error(qapp: object) -> None:
    with pytest.raises(LanguageError, match="no translation for language 'fr'"):
        Language().set("fr")
