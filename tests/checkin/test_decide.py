"""The decision engine: one verdict per scan, each status reachable, none raising."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin import badge_codes
from checkin.decide import decide
from checkin.desk import Desk
from checkin.model import AttendeeRecord, Color, Direction, Status
from checkin.store import Store
from tests.checkin.conftest import KEY, code_for

LATER = timedelta(seconds=10)


def scan(
    store: Store, text: str, now: datetime, gate: str = "Main", direction: str = "entry"
) -> Status:
    return Desk(store, gate=gate, direction=Direction(direction)).scan(text, now).status


def test_a_valid_badge_enters(small_store: Store, now: datetime) -> None:
    verdict = Desk(small_store, gate="Main").scan(code_for(small_store, 1), now)
    assert verdict.status is Status.ENTERED and verdict.color is Color.GREEN
    assert verdict.attendee is not None and verdict.attendee.name_alt == "李伟"


def test_a_second_entry_is_already_inside_with_where_and_when(
    small_store: Store, now: datetime
) -> None:
    code = code_for(small_store, 1)
    Desk(small_store, gate="Main", desk_id="desk-north").scan(code, now)
    verdict = Desk(small_store, gate="Main", desk_id="desk-south").scan(code, now + LATER)
    assert verdict.status is Status.ALREADY_INSIDE and verdict.color is Color.AMBER
    assert verdict.first_seen is not None
    assert (verdict.first_seen.gate, verdict.first_seen.desk) == ("Main", "desk-north")
    assert verdict.first_seen.at.startswith("2026-11-28T09:00:00")


def test_an_exit_after_entry_is_exited_and_re_entry_is_entered(
    small_store: Store, now: datetime
) -> None:
    code = code_for(small_store, 1)
    assert scan(small_store, code, now) is Status.ENTERED
    assert scan(small_store, code, now + LATER, direction="exit") is Status.EXITED
    assert scan(small_store, code, now + 2 * LATER) is Status.ENTERED


def test_an_exit_without_entry_is_not_inside(small_store: Store, now: datetime) -> None:
    assert scan(small_store, code_for(small_store, 1), now, direction="exit") is Status.NOT_INSIDE


def test_a_flagged_category_is_attention(small_store: Store, now: datetime) -> None:
    assert scan(small_store, code_for(small_store, 2), now) is Status.ATTENTION


def test_an_attendee_with_a_note_is_attention(small_store: Store, now: datetime) -> None:
    assert scan(small_store, code_for(small_store, 5), now) is Status.ATTENTION


@pytest.mark.parametrize("number", [3, 4], ids=["cancelled", "blocked"])
def test_cancelled_or_blocked_attendees_are_blocked(
    small_store: Store, now: datetime, number: int
) -> None:
    assert scan(small_store, code_for(small_store, number), now) is Status.BLOCKED


def test_a_category_not_admitted_at_the_gate_is_not_allowed_and_names_the_right_gates(
    small_store: Store, now: datetime
) -> None:
    verdict = Desk(small_store, gate="VIP Door").scan(code_for(small_store, 1), now)
    assert verdict.status is Status.NOT_ALLOWED
    assert verdict.allowed_gates == ("Main", "Expo")


def test_a_gate_outside_its_hours_is_closed(small_store: Store, now: datetime) -> None:
    assert (
        scan(small_store, code_for(small_store, 1), now.replace(hour=8), gate="Expo")
        is Status.CLOSED
    )
    assert (
        scan(small_store, code_for(small_store, 1), now.replace(hour=10), gate="Expo")
        is Status.ENTERED
    )


def test_an_older_badge_version_is_revoked_with_the_current_version(
    small_store: Store, now: datetime
) -> None:
    old = code_for(small_store, 1)
    small_store.reissue_badge(1, now)
    verdict = Desk(small_store, gate="Main").scan(old, now)
    assert verdict.status is Status.REVOKED
    assert (verdict.scanned_version, verdict.current_version) == (1, 2)
    assert scan(small_store, code_for(small_store, 1), now + LATER) is Status.ENTERED


def test_a_bad_tag_is_forged(small_store: Store, now: datetime) -> None:
    code = code_for(small_store, 1)
    assert (
        scan(small_store, code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB"), now)
        is Status.FORGED
    )


def test_a_code_of_another_event_is_wrong_event(small_store: Store, now: datetime) -> None:
    assert scan(small_store, badge_codes.mint(KEY, "OTHER", 1, 1), now) is Status.WRONG_EVENT


def test_an_authentic_code_for_a_number_nobody_has_is_unknown(
    small_store: Store, now: datetime
) -> None:
    assert scan(small_store, badge_codes.mint(KEY, "TS26", 999, 1), now) is Status.UNKNOWN


def test_an_imported_ticket_code_is_looked_up(small_store: Store, now: datetime) -> None:
    assert scan(small_store, "EXT-2026-ABC1", now) is Status.ENTERED
    assert scan(small_store, "EXT-2026-XYZ9", now) is Status.UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "https://example.com/ticket?id=1",
        "13812345678",
        "A" * 10_000,
        "WS26\x00-1-1",
        "\x1b[2J",
        "票",
    ],
)
def test_anything_else_is_not_a_badge(small_store: Store, now: datetime, text: str) -> None:
    assert scan(small_store, text, now) is Status.NOT_A_BADGE


def test_the_venue_at_capacity_is_full_and_just_below_is_nearly_full(
    small_store: Store, now: datetime
) -> None:
    extra = [AttendeeRecord(f"Guest {i}", email=f"g{i}@example.com") for i in range(25)]
    small_store.upsert_attendees(extra, now)
    statuses = [
        scan(small_store, code_for(small_store, n), now + timedelta(seconds=n))
        for n in range(7, 28)
    ]
    # capacity 20: the 19th and 20th admissions are at 95%, the 21st is refused
    assert statuses[:18] == [Status.ENTERED] * 18
    assert statuses[18:20] == [Status.NEARLY_FULL] * 2
    assert statuses[20] is Status.FULL
    assert small_store.inside_count() == 20


def test_the_same_code_at_the_same_desk_within_3_seconds_is_a_repeat_and_not_recorded(
    small_store: Store, now: datetime
) -> None:
    desk = Desk(small_store, gate="Main")
    code = code_for(small_store, 1)
    assert desk.scan(code, now).status is Status.ENTERED
    repeat = desk.scan(code, now + timedelta(seconds=2))
    assert repeat.status is Status.REPEAT and repeat.previous is Status.ENTERED
    assert repeat.color is Color.GREEN and repeat.fact_id is None
    assert small_store.scan_count() == 1
    assert desk.scan(code, now + timedelta(seconds=4)).status is Status.ALREADY_INSIDE


def test_undo_takes_back_the_last_scan(small_store: Store, now: datetime) -> None:
    desk = Desk(small_store, gate="Main")
    desk.scan(code_for(small_store, 1), now)
    assert small_store.inside_count() == 1
    undone = desk.undo_last(now + LATER)
    assert undone is not None and undone.status == "entered"
    assert small_store.inside_count() == 0
    assert desk.scan(code_for(small_store, 1), now + 2 * LATER).status is Status.ENTERED


def test_every_verdict_but_repeat_is_recorded_as_a_fact(small_store: Store, now: datetime) -> None:
    desk = Desk(small_store, gate="Main")
    for offset, text in enumerate(["garbage", code_for(small_store, 1), code_for(small_store, 3)]):
        assert desk.scan(text, now + timedelta(seconds=10 * offset)).fact_id is not None
    assert small_store.scan_count() == 3


def test_a_manual_check_in_from_search_follows_the_same_rules(
    small_store: Store, now: datetime
) -> None:
    desk = Desk(small_store, gate="Main")
    assert desk.check_in(1, now).status is Status.ENTERED
    assert desk.check_in(1, now + LATER).status is Status.ALREADY_INSIDE
    assert desk.check_in(4, now).status is Status.BLOCKED


@settings(
    max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    text=st.one_of(
        st.text(max_size=300),
        st.text(min_size=1, max_size=20).map(lambda t: t * 600),  # 10 KB strings
        st.binary().map(lambda b: b.decode("latin-1")),
    )
)
def test_decide_never_raises_on_arbitrary_text(
    small_store: Store, now: datetime, text: str
) -> None:
    verdict = decide(
        text, small_store, gate="Main", direction=Direction.ENTRY, now=now, desk="desk-a"
    )
    assert verdict.status in Status
