"""The lost-badge search: what a volunteer types finds the person."""

from __future__ import annotations

from datetime import datetime

import pytest

from checkin.model import Attendee, AttendeeRecord, AttendeeState
from checkin.search import SearchIndex, normalise, query_tokens
from checkin.store import Store


def person(number: int, name: str, **fields: str) -> Attendee:
    values = {
        "name_alt": "",
        "company": "",
        "title": "",
        "email": "",
        "phone": "",
        "category": "Attendee",
        "note": "",
        "ticket_code": "",
    }
    values.update(fields)
    return Attendee(number=number, name=name, state=AttendeeState.ACTIVE, badge_version=1, **values)


ROSTER = [
    person(
        1, "Wei Wang", name_alt="王伟", company="上海钢铁科技有限公司", phone="+86 138-0013-8000"
    ),
    person(2, "José Álvarez", company="Acme Robotics", email="jose@acme.example"),
    person(3, "Anna Weiss", company="Weiss & Söhne GmbH", phone="+49 30 1234 5678"),
    person(4, "Li Na", name_alt="李娜", company="Wanda Capital", email="lina@wanda.example"),
    person(5, "Edward Nawang", company="Himalaya Ventures"),
]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex(ROSTER)


def numbers(index: SearchIndex, query: str) -> list[int]:
    return [hit.number for hit in index.search(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("王伟", [1]),
        ("王", [1]),
        ("李娜", [4]),
        ("钢铁", [1]),
        ("wang wei", [1]),
        ("WEI WANG", [1]),
        ("jose", [2]),
        ("ALVAREZ", [2]),
        ("acme", [2]),
        ("lina@wanda", [4]),
        ("138 0013", [1]),
        ("138-0013-8000", [1]),
        ("+49 30", [3]),
        ("ｗｅｉｓｓ", [3]),  # full-width letters from a Chinese input method
        ("nobody", []),
        ("", []),
        ("   ", []),
    ],
)
def test_finds_people_by_any_part_of_their_details(
    index: SearchIndex, query: str, expected: list[int]
) -> None:
    assert numbers(index, query) == expected


def test_names_starting_with_the_query_come_before_other_matches(index: SearchIndex) -> None:
    # "wan": Wanda Capital (company) and Nawang (inside a word) and Wang (a word start).
    assert numbers(index, "wan") == [1, 4, 5]
    assert numbers(index, "wei") == [1, 3]


def test_typing_more_letters_narrows_the_previous_results(index: SearchIndex) -> None:
    assert numbers(index, "w") == [1, 3, 4, 5]
    assert numbers(index, "we") == [1, 3]
    assert numbers(index, "wei wa") == [1]
    # Deleting letters widens again (not limited to the narrowed set).
    assert numbers(index, "w") == [1, 3, 4, 5]


def test_results_are_capped_at_the_limit() -> None:
    many = SearchIndex([person(n, f"Guest {n}") for n in range(1, 500)])
    assert len(many.search("guest", limit=20)) == 20


def test_a_hit_shows_only_the_last_digits_of_the_phone(index: SearchIndex) -> None:
    (hit,) = index.search("王伟")
    assert hit.phone_tail == "8000"
    assert hit.name_alt == "王伟"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("José", "jose"), ("ＡＢＣ", "abc"), ("  Two   Spaces ", "two spaces"), ("Straße", "strasse")],
)
def test_normalise_folds_case_width_and_accents(text: str, folded: str) -> None:
    assert normalise(text) == folded


def test_phone_like_tokens_are_searched_as_digits() -> None:
    assert query_tokens("(138) 0013 wang") == ["138", "0013", "wang"]


def test_refresh_picks_up_a_walk_in_and_skips_work_when_nothing_changed(
    demo_store: Store, now: datetime
) -> None:
    index = SearchIndex.from_store(demo_store)
    assert len(index) == 3000
    assert index.refresh(demo_store) is False
    demo_store.register_attendee(AttendeeRecord(name="Zhuang Zhou", name_alt="庄周"), now)
    assert index.refresh(demo_store) is True
    assert [hit.name for hit in index.search("庄周")] == ["Zhuang Zhou"]


CHINESE_ONLY = [
    person(1, "王明", company="宝武钢铁"),
    person(2, "汪敏", company="Acme"),
    person(3, "李文明", email="li@example.com"),
    person(4, "Walter Mills"),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wm", [1, 2, 3]),  # initials 王明 wm, 汪敏 wm, 李文明 lwm; not Walter Mills
        ("wangming", [1]),
        ("wang ming", [1]),
        ("wang", [1, 2]),
        ("min", [2, 1, 3]),  # 汪敏 (min) is a word start; 王明, 李文明 hold 'ming'
        ("lwm", [3]),
        ("王明", [1]),
    ],
)
def test_a_chinese_name_is_found_by_its_pinyin_and_its_initials(
    query: str, expected: list[int]
) -> None:
    found = numbers(SearchIndex(CHINESE_ONLY), query)
    assert sorted(found) == sorted(expected)
