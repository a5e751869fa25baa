"""The languages the product speaks, and the error for any other (no Qt here).

One list for every window: the kiosk, the dashboard and the badge station
each ship a catalog for every language here but English, the source language.
"""

from __future__ import annotations

from checkin.errors import UserError

LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
DEFAULT_LANGUAGE = "en"
SOURCE_LANGUAGE = "en"  # the language the strings are written in: it needs no catalog
TRANSLATED = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)


class LanguageError(UserError):
    """A language was asked for that has no translation, or its catalog is missing."""


def check_language(code: str) -> str:
    """``code`` itself when the product speaks it; otherwise a ``LanguageError`` naming the choices."""
    if code not in LANGUAGES:
        raise LanguageError(
            f"no translation for language {code!r}; choose one of {', '.join(LANGUAGES)}"
        )
    return code
