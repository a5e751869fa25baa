"""Batches: who gets a badge, in which order, on which page, and the record of prints."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from checkin import badge_codes
from checkin.badges.batch import (
    BadgeSource,
    BadgeStanding,
    SortKey,
    badge_to_print_on_entry,
    check_badge,
    cut_marks,
    page_count,
    paginate,
    record_prints,
    select_badges,
)
from checkin.badges.errors import BadgeError
from checkin.badges.layout import ApproxMeasure, layout_badge
from checkin.badges.template import load_template
from checkin.desk import Desk
from checkin.model import AttendeeRecord, Status
from checkin.store import Store
from tests.checkin.conftest import KEY


def numbers(badges: list) -> list[int]:  # type: ignore[type-arg]
    return [b.number for b in badges]


def test_cancelled_and_blocked_attendees_get_no_badge(small_store: Store) -> None:
    names = {b.name for b in select_badges(small_store)}
    assert "Carl Cancel" not in names and "Bea Blocked" not in names
    assert {"Li Wei", "Bob Stone", "Nora Note", "Tia Ticket"} <= names


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (SortKey.NAME, ["Bob Stone", "Li Wei", "Nora Note", "Tia Ticket"]),
        (SortKey.CATEGORY, ["Li Wei", "Nora Note", "Tia Ticket", "Bob Stone"]),
        (SortKey.COMPANY, ["Bob Stone", "Nora Note", "Tia Ticket", "Li Wei"]),
        (SortKey.NUMBER, ["Li Wei", "Bob Stone", "Nora Note", "Tia Ticket"]),
    ],
)
def test_batch_is_sorted_by_the_key_staff_choose(
    small_store: Store, sort: SortKey, expected: list[str]
) -> None:
    assert [b.name for b in select_badges(small_store, sort=sort)] == expected


def test_chinese_names_are_filed_in_pinyin_order(small_store: Store, now: datetime) -> None:
    surnames = ["何", "刘", "司", "吴", "周", "陈", "郭", "胡", "黄", "李", "林"]
    small_store.upsert_attendees(
        [AttendeeRecord(name=f"{surname}明", category="Attendee") for surname in surnames], now
    )
    chinese = [
        b.name for b in select_badges(small_store, sort=SortKey.NAME) if b.name[0] in surnames
    ]
    assert [name[0] for name in chinese] == [
        "陈", "郭", "何", "胡", "黄", "李", "林", "刘", "司", "吴", "周",
    ]  # fmt: skip


def test_category_filter(small_store: Store) -> None:
    assert [b.name for b in select_badges(small_store, category="VIP")] == ["Bob Stone"]


def test_unknown_category_names_the_real_ones(small_store: Store) -> None:
    with pytest.raises(
        BadgeError, match=r"no category 'VIPs' in this event \(categories: Attendee, VIP\)"
    ):
        select_badges(small_store, category="VIPs")


def test_badge_carries_the_current_code(small_store: Store) -> None:
    badge = BadgeSource(small_store).badge_for(1)
    assert badge.code == badge_codes.mint(KEY, "TS26", 1, 1)
    assert (badge.name, badge.name_alt, badge.category_zh) == ("Li Wei", "李伟", "参会者")


def test_printed_versions_are_recorded_in_one_go(small_store: Store, now: datetime) -> None:
    chosen = select_badges(small_store)
    facts_before = small_store.fact_count()
    assert record_prints(small_store, chosen, now) == 4
    assert small_store.fact_count() == facts_before + 4
    assert small_store.printed_versions() == {b.number: 1 for b in chosen}


def test_only_unprinted_keeps_new_people_and_reissued_badges(
    small_store: Store, now: datetime
) -> None:
    record_prints(small_store, select_badges(small_store), now)
    assert select_badges(small_store, only_unprinted=True) == []
    small_store.reissue_badge(2, now)
    walk_in = small_store.register_attendee(AttendeeRecord("Walk In"), now)
    again = select_badges(small_store, only_unprinted=True, sort=SortKey.NUMBER)
    assert numbers(again) == [2, walk_in.number]
    assert again[0].version == 2


def test_a_reprint_revokes_the_old_code(small_store: Store, now: datetime) -> None:
    old = BadgeSource(small_store).badge_for(1)
    small_store.reissue_badge(1, now)
    new = BadgeSource(small_store).badge_for(1)
    assert check_badge(small_store, old.code).standing is BadgeStanding.REVOKED
    assert check_badge(small_store, new.code).standing is BadgeStanding.CURRENT
    desk = Desk(small_store, gate="Main")
    assert desk.scan(old.code, now).status is Status.REVOKED
    assert desk.scan(new.code, now + timedelta(seconds=5)).status is Status.ENTERED


@pytest.mark.parametrize(
    ("text", "standing"),
    [
        ("hello", BadgeStanding.NOT_A_BADGE),
        (badge_codes.mint(b"another key", "TS26", 1, 1), BadgeStanding.FORGED),
        (badge_codes.mint(KEY, "TS26", 999, 1), BadgeStanding.UNKNOWN),
    ],
)
def test_station_check_tells_what_a_code_is(
    small_store: Store, text: str, standing: BadgeStanding
) -> None:
    assert check_badge(small_store, text).standing is standing


def test_first_entry_without_a_printed_badge_prints_one(small_store: Store, now: datetime) -> None:
    desk = Desk(small_store, gate="Main")
    verdict = desk.scan("EXT-2026-ABC1", now)  # an imported ticket code
    assert verdict.status is Status.ENTERED
    badge = badge_to_print_on_entry(small_store, verdict)
    assert badge is not None and badge.name == "Tia Ticket"


def test_no_print_on_entry_for_a_printed_badge_or_a_second_entry(
    small_store: Store, now: datetime
) -> None:
    source = BadgeSource(small_store)
    record_prints(small_store, [source.badge_for(1)], now)
    desk = Desk(small_store, gate="Main")
    assert badge_to_print_on_entry(small_store, desk.scan(source.badge_for(1).code, now)) is None
    first = desk.scan(source.badge_for(2).code, now)
    assert badge_to_print_on_entry(small_store, first) is not None
    desk.direction = desk.direction.EXIT
    desk.scan(source.badge_for(2).code, now + timedelta(minutes=5))
    desk.direction = desk.direction.ENTRY
    second = desk.scan(source.badge_for(2).code, now + timedelta(minutes=10))
    assert second.accepted
    assert badge_to_print_on_entry(small_store, second) is None


def test_rejected_scans_print_nothing(small_store: Store, now: datetime) -> None:
    verdict = Desk(small_store, gate="Main").scan("garbage", now)
    assert badge_to_print_on_entry(small_store, verdict) is None


def test_eight_up_sheets_hold_eight_badges_and_cut_marks_stay_off_them(small_store: Store) -> None:
    template = load_template("a4-8up")
    chosen = select_badges(small_store) * 3  # 12 badges
    layouts = [layout_badge(template, b, ApproxMeasure()) for b in chosen]
    pages = list(paginate(template, layouts))
    assert [len(p.placements) for p in pages] == [8, 4] == [8, len(chosen) - 8]
    assert page_count(template, chosen) == 2
    left, top = pages[0].placements[0].x, pages[0].placements[0].y
    right = left + 2 * template.width_mm
    bottom = top + 4 * template.height_mm
    marks = cut_marks(template)
    assert len(marks) == 2 * 3 + 2 * 5
    for mark in marks:
        inside_x = left < min(mark.x1, mark.x2) and max(mark.x1, mark.x2) < right
        inside_y = top < min(mark.y1, mark.y2) and max(mark.y1, mark.y2) < bottom
        assert not (inside_x and inside_y)
        assert min(mark.x1, mark.x2) >= 0 and max(mark.x1, mark.x2) <= 210
        assert min(mark.y1, mark.y2) >= 0 and max(mark.y1, mark.y2) <= 297


def test_single_badge_templates_have_a_page_each(small_store: Store) -> None:
    template = load_template("4x3in")
    chosen = select_badges(small_store)
    layouts = [layout_badge(template, b, ApproxMeasure()) for b in chosen]
    pages = list(paginate(template, layouts))
    assert len(pages) == len(chosen) and not pages[0].marks
