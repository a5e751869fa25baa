"""Registering a walk-in at the badge station: the form's rules, without the form.

A person who did not register stands at the desk while staff type; every
mistake is reported at once, each against its field, in a sentence that
says what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from checkin.errors import UserError
from checkin.model import AttendeeRecord, Category

MAX_NAME = 80
MAX_TEXT = 120
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
_PHONE = re.compile(r"\+?[0-9 ()./-]+")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class WalkInError(UserError, ValueError):
    """The walk-in form has mistakes; ``errors`` names each field and what to fix."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    def for_field(self, field: str) -> str | None:
        return next((e.message for e in self.errors if e.field == field), None)


@dataclass(frozen=True)
class WalkInForm:
    """What staff typed, as typed."""

    name: str
    category: str
    name_alt: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def validate_walk_in(form: WalkInForm, categories: Sequence[Category]) -> AttendeeRecord:
    """The record to register, or ``WalkInError`` listing every mistake."""
    errors: list[FieldError] = []
    name = _collapse(form.name)
    name_alt = _collapse(form.name_alt)
    if not name and not name_alt:
        errors.append(FieldError("name", "a name is required: type the name to print on the badge"))
    for field, value in (("name", name), ("name_alt", name_alt)):
        if len(value) > MAX_NAME:
            errors.append(
                FieldError(field, f"is {len(value)} characters; at most {MAX_NAME} fit a badge")
            )
        if any(not c.isprintable() for c in value):
            errors.append(FieldError(field, "has control characters; retype it"))
    names = [c.name for c in categories]
    if form.category not in names:
        errors.append(
            FieldError("category", f"choose one of {', '.join(names)}, not {form.category!r}")
        )
    company, title = _collapse(form.company), _collapse(form.title)
    for field, value in (("company", company), ("title", title)):
        if len(value) > MAX_TEXT:
            errors.append(FieldError(field, f"is {len(value)} characters; at most {MAX_TEXT}"))
    email = form.email.strip()
    if email and not _EMAIL.fullmatch(email):
        errors.append(
            FieldError("email", f"{email!r} is not an email address (like name@example.com)")
        )
    phone = form.phone.strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (not _PHONE.fullmatch(phone) or not 6 <= digits <= 15):
        errors.append(
            FieldError(
                "phone", f"{phone!r} is not a phone number (6 to 15 digits, + ( ) - allowed)"
            )
        )
    if errors:
        raise WalkInError(errors)
    if not name:  # only a Chinese name given: it is the name
        name, name_alt = name_alt, ""
    return AttendeeRecord(
        name=name,
        name_alt=name_alt,
        company=company,
        title=title,
        email=email,
        phone=phone,
        category=form.category,
    )
