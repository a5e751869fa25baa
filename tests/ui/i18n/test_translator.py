"""One language for every window: installed together, refused clearly, drawable everywhere."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from checkin.errors import UserError
from checkin.model import Category
from ui.badges.fonts import missing_characters
from ui.dashboard.words import category_label
from ui.i18n.catalogs import CATALOGS, catalog_source
from ui.i18n.languages import LANGUAGES, TRANSLATED, LanguageError
from ui.i18n.translator import Language, current_language, localized, translate


@pytest.fixture
def language(qapp: QApplication) -> Iterator[Language]:
    chosen = Language()
    yield chosen
    chosen.set("en")


def test_an_unknown_language_is_a_user_error_naming_the_choices(language: Language) -> None:
    with pytest.raises(LanguageError, match="no translation for language 'fr'") as raised:
        language.set("fr")
    assert isinstance(raised.value, UserError)
    assert all(code in str(raised.value) for code in LANGUAGES)
    assert current_language() == "en"


@pytest.mark.parametrize(
    ("context", "source", "chinese"),
    [
        ("Verdict", "READY", "请扫码"),
        ("DashboardTable", "Gate", "入口"),
        ("Station", "Print badge", "打印胸牌"),
        ("BadgePrinter", "Badge printer ready", "胸牌打印机就绪"),
    ],
)
def test_one_language_speaks_for_every_window(
    language: Language, context: str, source: str, chinese: str
) -> None:
    language.set("zh_CN")
    assert translate(context, source) == chinese
    language.set("en")
    assert translate(context, source) == source


def test_switching_says_which_language_is_now_spoken(language: Language) -> None:
    heard: list[str] = []
    language.changed.connect(heard.append)
    language.set("zh_CN")
    assert (heard, language.code, current_language()) == (["zh_CN"], "zh_CN", "zh_CN")


@pytest.mark.parametrize(("code", "shown"), [("en", "Investor"), ("zh_CN", "投资人")])
def test_the_events_own_chinese_label_is_shown_in_chinese(
    language: Language, code: str, shown: str
) -> None:
    language.set(code)
    assert category_label(Category("Investor", "投资人")) == shown
    assert localized("Investor", "") == "Investor"


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("code", TRANSLATED)
def test_every_translation_can_be_drawn_with_the_shipped_font(
    qapp: QApplication, catalog: str, code: str
) -> None:
    """The desks' machines may have no CJK font at all: the one shipped must have every glyph."""
    texts = "".join(
        element.text or ""
        for element in ET.parse(catalog_source(catalog, code)).getroot().iter("translation")
    )
    assert missing_characters(texts) == ""
