"""The demo event: deterministic from its seed, bilingual, and a believable morning."""

from __future__ import annotations

from checkin.counts.headcounts import headcounts
from checkin.demo import DEMO_EVENT, demo_roster, simulate_morning
from checkin.store import Store


def test_the_same_seed_gives_the_same_roster() -> None:
    assert demo_roster(7, 50) == demo_roster(7, 50)
    assert demo_roster(7, 50) != demo_roster(8, 50)


def test_the_roster_has_chinese_and_english_names_and_every_category() -> None:
    roster = demo_roster(2026, 3000)
    assert len(roster) == 3000
    assert sum(1 for r in roster if r.name_alt and "\u4e00" <= r.name_alt[0] <= "\u9fff") > 1500
    assert {r.category for r in roster} == {
        "Attendee",
        "Startup",
        "Investor",
        "Media",
        "Speaker",
        "Staff",
        "VIP",
    }
    assert len({r.email for r in roster}) == 3000


def test_a_simulated_morning_fills_most_of_the_venue(demo_store: Store) -> None:
    assert demo_store.event() == DEMO_EVENT and demo_store.attendee_count() == 3000
    simulate_morning(demo_store)
    counts = headcounts(demo_store)
    assert 2000 < counts.checked_in < 3000 and counts.inside < counts.checked_in
    assert counts.by_status.keys() >= {
        "entered",
        "exited",
        "already_inside",
        "revoked",
        "not_allowed",
        "closed",
    }
