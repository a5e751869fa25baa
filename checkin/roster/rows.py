"""One roster row to one AttendeeRecord, or the reason it cannot be one.

Rows are judged one at a time here; duplicates across rows are the reader's
business.  Emails, phones, ticket codes and numbers are NFKC-normalised
because Chinese input methods type full-width digits and "＠"; names and
companies keep their characters (NFKC would turn "（" into "(" in a company's
registered name).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checkin.model import AttendeeRecord, AttendeeState, Category
from checkin.roster import columns as col
from checkin.roster.columns import ColumnMap, normalise

MAX_NUMBER = 999_999_999  # badge codes carry at most nine digits
DEFAULT_CATEGORY = "Attendee"

# Pasted from web pages and chat apps, invisible in a spreadsheet.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_EMAIL = re.compile(r"[^@\s\"'<>()\[\],;:]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
_ASCII_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")

# fmt: off
_STATES: dict[str, AttendeeState] = {
    **dict.fromkeys(
        ("", "active", "ok", "valid", "confirmed", "registered", "paid", "approved",
         "正常", "有效", "已确认", "已报名", "已注册", "已付款", "已审核", "通过"),
        AttendeeState.ACTIVE,
    ),
    **dict.fromkeys(
        ("cancelled", "canceled", "cancel", "void", "refunded", "withdrawn",
         "取消", "已取消", "作废", "已作废", "退票", "已退票", "退款", "已退款"),
        AttendeeState.CANCELLED,
    ),
    **dict.fromkeys(
        ("blocked", "block", "banned", "blacklisted", "denied",
         "禁止", "禁入", "拉黑", "已拉黑", "黑名单", "屏蔽", "已屏蔽"),
        AttendeeState.BLOCKED,
    ),
}
# fmt: on


class BadRow(ValueError):
    """A row that cannot be imported; the message is the reason shown to the user."""


def clean(text: str) -> str:
    """One-line fields: runs of spaces, tabs and line breaks become one space."""
    if not text:
        return text
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def clean_note(text: str) -> str:
    """Notes keep their line breaks: "VIP\nescort to the green room" reads better so."""
    lines = (" ".join(line.split()) for line in text.translate(_INVISIBLE).splitlines())
    return "\n".join(lines).strip()


def clean_code(text: str) -> str:
    """Emails, phones and codes: full-width characters typed by an input method made plain."""
    if text.isascii():
        return clean(text)
    return clean(unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class CategoryLookup:
    """Category names and Chinese labels, matched however the roster spells them."""

    by_key: dict[str, str]
    default: str
    known: tuple[str, ...]

    @classmethod
    def of(cls, categories: Sequence[Category]) -> CategoryLookup:
        by_key: dict[str, str] = {}
        for category in categories:
            for label in (category.name, category.label_zh):
                if label and normalise(label):
                    by_key.setdefault(normalise(label), category.name)
        names = tuple(category.name for category in categories)
        default = by_key.get(normalise(DEFAULT_CATEGORY), names[0] if names else DEFAULT_CATEGORY)
        return cls(by_key, default, names)

    def find(self, value: str) -> str:
        if not value:
            return self.default
        if not self.known:
            return value  # no categories defined yet: take the roster's word for it
        found = self.by_key.get(normalise(value))
        if found is None:
            raise BadRow(
                f"The category '{value}' is not one of this event's categories "
                f"({', '.join(self.known)})."
            )
        return found


class RowParser:
    """Turns cells into a record using a header's column map."""

    def __init__(self, columns: ColumnMap, categories: CategoryLookup) -> None:
        self.roles = columns.roles
        self.categories = categories

    def _get(self, cells: Sequence[str], role: str) -> str:
        for index in self.roles.get(role, ()):
            if index < len(cells) and cells[index]:
                return cells[index]
        return ""

    def parse(self, cells: Sequence[str]) -> AttendeeRecord:
        def get(role: str) -> str:
            return clean(self._get(cells, role))

        def get_code(role: str) -> str:
            return clean_code(self._get(cells, role))

        name, name_alt = self._names(get)
        if not name:
            raise BadRow("The name is empty.")
        email = get_code(col.EMAIL)
        if email and not _EMAIL.fullmatch(email):
            raise BadRow(f"The email '{email}' is not a valid email address.")
        return AttendeeRecord(
            name=name,
            name_alt=name_alt,
            company=get(col.COMPANY),
            title=get(col.TITLE),
            email=email,
            phone=get_code(col.PHONE),
            category=self.categories.find(get(col.CATEGORY)),
            note=clean_note(self._get(cells, col.NOTE)),
            ticket_code=get_code(col.TICKET_CODE),
            state=_state(get(col.STATE)),
            number=_number(get_code(col.NUMBER)),
        )

    def _names(self, get: Callable[[str], str]) -> tuple[str, str]:
        """The name rule: the main name column wins, else English over Chinese."""
        english, chinese = get(col.NAME_EN), get(col.NAME_ZH)
        main = get(col.NAME)
        if not main and not english and not chinese:
            main = _join_name(get(col.FIRST_NAME), get(col.LAST_NAME))
        alt = get(col.NAME_ALT)
        if main:
            others = [other for other in (alt, english, chinese) if other and other != main]
            return main, others[0] if others else ""
        first, second = (english, chinese) if english else (chinese, english)
        return first, alt or second


def _join_name(first: str, last: str) -> str:
    if not (first and last):
        return first or last
    if _ASCII_NAME.fullmatch(first) and _ASCII_NAME.fullmatch(last):
        return f"{first} {last}"
    return f"{last}{first}"  # 姓 then 名, no space: 张 + 伟 -> 张伟


def _state(value: str) -> AttendeeState:
    state = _STATES.get(normalise(value))
    if state is None:
        raise BadRow(f"The status '{value}' is unknown; use active, cancelled or blocked.")
    return state


def _number(value: str) -> int | None:
    if not value:
        return None
    digits = value[:-2] if value.endswith(".0") else value
    if not digits.isascii() or not digits.isdigit():
        raise BadRow(f"The number '{value}' is not a whole number.")
    number = int(digits)
    if not 1 <= number <= MAX_NUMBER:
        raise BadRow(f"The number {value} is out of range; use 1 to {MAX_NUMBER}.")
    return number
