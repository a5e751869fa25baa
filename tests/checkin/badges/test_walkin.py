"""Walk-in registration: every mistake named against its field, in words staff can act on."""

from __future__ import annotations

import pytest

from checkin.badges.walkin import WalkInError, WalkInForm, validate_walk_in
from checkin.model import Category

CATEGORIES = [Category("Attendee", "参会者"), Category("VIP", "贵宾")]


def form(**changes: str) -> WalkInForm:
    fields = {"name": "Lena Park", "category": "Attendee"}
    fields.update(changes)
    return WalkInForm(**fields)


def test_a_good_form_becomes_a_record() -> None:
    record = validate_walk_in(
        form(
            name="  Lena   Park ",
            company="Acme",
            email="lena@example.com",
            phone="+86 138 0013 8000",
        ),
        CATEGORIES,
    )
    assert (record.name, record.company, record.category) == ("Lena Park", "Acme", "Attendee")
    assert record.note == ""  # a note would make every desk answer amber


def test_a_chinese_name_alone_is_the_name() -> None:
    record = validate_walk_in(form(name="", name_alt="王伟"), CATEGORIES)
    assert (record.name, record.name_alt) == ("王伟", "")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": "   "}, "name", "a name is required: type the name to print on the badge"),
        ({"name": "x" * 81}, "name", "is 81 characters; at most 80 fit a badge"),
        ({"name": "Lena\x07"}, "name", "has control characters"),
        ({"category": "Guest"}, "category", "choose one of Attendee, VIP, not 'Guest'"),
        ({"email": "lena@"}, "email", "'lena@' is not an email address (like name@example.com)"),
        ({"phone": "call me"}, "phone", "'call me' is not a phone number"),
        ({"phone": "123"}, "phone", "6 to 15 digits"),
        ({"company": "c" * 121}, "company", "at most 120"),
    ],
)
def test_each_mistake_is_named_against_its_field(
    changes: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(WalkInError) as caught:
        validate_walk_in(form(**changes), CATEGORIES)
    error = caught.value
    assert [e.field for e in error.errors] == [field]
    assert message in (error.for_field(field) or "")
    assert str(error).startswith(f"{field}: ")


def test_all_mistakes_are_reported_at_once() -> None:
    with pytest.raises(WalkInError) as caught:
        validate_walk_in(form(name="", email="nope", category="?"), CATEGORIES)
    assert [e.field for e in caught.value.errors] == ["name", "category", "email"]


def test_optional_fields_may_stay_empty() -> None:
    record = validate_walk_in(form(email="", phone="", company=""), CATEGORIES)
    assert record.email == record.phone == record.company == ""
