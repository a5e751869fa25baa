"""Importing into a store: added, updated, unchanged, and clashes with people already there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT
from checkin.model import AttendeeRecord, AttendeeState
from checkin.roster import ImportResult, RosterError, RowError, import_roster
from checkin.store import Store

from .conftest import WriteText

ROSTER = (
    "姓名,英文名,单位,邮箱,票号,类别\n"
    "张伟,Wei Zhang,宝武钢铁集团,zhang.wei@example.com,T-001,贵宾\n"
    "李娜,Na Li,上海交通大学,li.na@example.com,T-002,演讲嘉宾\n"
    "王芳,,华为,wang.fang@example.com,,\n"
)


@pytest.fixture
def store(tmp_path: Path, now: datetime) -> Iterator[Store]:
    with Store.create(
        tmp_path / "event.db",
        event=DEMO_EVENT,
        categories=DEMO_CATEGORIES,
        gates=(),
        key=bytes(32),
        now=now,
    ) as store:
        yield store


def people(store: Store) -> list[tuple[int, str, str, str]]:
    return [(a.number, a.name, a.company, a.category) for a in store.attendees()]


def test_a_first_import_adds_everyone(store: Store, write_text: WriteText, now: datetime) -> None:
    result = import_roster(store, write_text(ROSTER, "gbk"), now=now)
    assert result == ImportResult(added=3, updated=0, unchanged=0, errors=[], encoding="gb18030")
    assert people(store) == [
        (1, "张伟", "宝武钢铁集团", "VIP"),
        (2, "李娜", "上海交通大学", "Speaker"),
        (3, "王芳", "华为", "Attendee"),
    ]
    assert store.attendee(1) is not None and store.attendee(1).name_alt == "Wei Zhang"


def test_importing_the_same_file_again_changes_nothing(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    path = write_text(ROSTER)
    import_roster(store, path, now=now)
    facts = store.fact_count()
    result = import_roster(store, path, now=now + timedelta(hours=1))
    assert (result.added, result.updated, result.unchanged) == (0, 0, 3)
    assert store.fact_count() == facts


def test_a_changed_row_updates_its_attendee(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    import_roster(store, write_text(ROSTER, name="v1.csv"), now=now)
    changed = ROSTER.replace(
        "华为,wang.fang@example.com,,", "华为技术,wang.fang@example.com,,投资人"
    )
    result = import_roster(store, write_text(changed, name="v2.csv"), now=now)
    assert (result.added, result.updated, result.unchanged) == (0, 1, 2)
    assert people(store)[2] == (3, "王芳", "华为技术", "Investor")


def test_an_updated_file_from_excel_matches_by_email_whatever_its_case(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    import_roster(store, write_text(ROSTER, name="v1.csv"), now=now)
    changed = "Name,Email,Status\n张伟,ZHANG.WEI@example.com,cancelled\n"
    result = import_roster(store, write_text(changed, name="v2.csv"), now=now)
    assert (result.added, result.updated) == (0, 1)
    attendee = store.attendee(1)
    assert attendee is not None and attendee.state is AttendeeState.CANCELLED


def test_rows_with_numbers_keep_them_and_update_by_them(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    import_roster(store, write_text("id,name\n100,Ann\n205,Bob\n", name="v1.csv"), now=now)
    result = import_roster(store, write_text("id,name\n205,Robert\n", name="v2.csv"), now=now)
    assert (result.added, result.updated) == (0, 1)
    assert [(a.number, a.name) for a in store.attendees()] == [(100, "Ann"), (205, "Robert")]


def test_bad_rows_are_listed_and_the_good_ones_imported(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    text = ROSTER + ",,nobody,,,\n赵六,,,not-an-email,,\n"
    result = import_roster(store, write_text(text), now=now)
    assert result.added == 3
    assert result.errors == [
        RowError(5, "The name is empty."),
        RowError(6, "The email 'not-an-email' is not a valid email address."),
    ]
    assert len(store.attendees()) == 3


@pytest.fixture
def ann_and_bob(store: Store, now: datetime) -> Store:
    store.upsert_attendees(
        [
            AttendeeRecord(name="Ann", company="Acme", email="ann@example.com", ticket_code="A1"),
            AttendeeRecord(name="Bob", company="Acme", email="bob@example.com", ticket_code="B1"),
        ],
        now,
    )
    return store


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            "1,Ann,Acme,bob@example.com,",
            "The email bob@example.com already belongs to attendee 2 (Bob).",
        ),
        ("1,Ann,Acme,,B1", "The ticket code B1 already belongs to attendee 2 (Bob)."),
        ("1,Ann,Acme,,b1", "The ticket code b1 already belongs to attendee 2 (Bob)."),
        (
            "7,Cy,Acme,ann@example.com,",
            "The email ann@example.com already belongs to attendee 1 (Ann).",
        ),
        (",Ann,Acme,ann@example.com,B1", "The ticket code B1 already belongs to attendee 2 (Bob)."),
    ],
)
def test_a_row_taking_another_attendees_email_or_ticket_is_refused(
    ann_and_bob: Store, write_text: WriteText, now: datetime, row: str, reason: str
) -> None:
    text = f"ID,Name,Company,Email,Ticket\n{row}\n"
    result = import_roster(ann_and_bob, write_text(text), now=now)
    assert result.errors == [RowError(2, reason)]
    assert (result.added, result.updated) == (0, 0)


def test_two_rows_updating_one_attendee_are_refused(
    ann_and_bob: Store, write_text: WriteText, now: datetime
) -> None:
    text = "ID,Name,Company,Email\n,Ann Lee,Acme,ann@example.com\n1,Ann Li,Acme,\n"
    result = import_roster(ann_and_bob, write_text(text), now=now)
    assert result.errors == [RowError(3, "Line 2 already updates attendee 1 (Ann).")]
    assert result.updated == 1


def test_namesakes_at_one_company_without_numbers_are_not_merged(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    text = "姓名,单位,手机\n张伟,宝武,13800000001\n张伟,宝武,13800000002\n"
    result = import_roster(store, write_text(text), now=now)
    assert result.added == 1
    assert result.errors == [
        RowError(
            3,
            "It has the same name and company as line 2 and would overwrite it; "
            "give each row its own number in an id column.",
        )
    ]


def test_a_file_that_cannot_be_read_leaves_the_store_untouched(
    store: Store, write_text: WriteText, now: datetime
) -> None:
    facts = store.fact_count()
    with pytest.raises(RosterError, match="no name column"):
        import_roster(store, write_text("company\nAcme\n"), now=now)
    assert store.fact_count() == facts


def test_progress_reaches_the_end(store: Store, write_text: WriteText, now: datetime) -> None:
    calls: list[tuple[int, int]] = []
    import_roster(store, write_text(ROSTER), now=now, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (4, 4)  # the header and three rows


def test_the_import_command_prints_a_whole_file_problem_as_one_line(
    store: Store, write_text: WriteText
) -> None:
    from click.testing import CliRunner

    from checkin.cli import main

    store.close()
    path = write_text("company\nAcme\n")
    result = CliRunner().invoke(main, ["import", str(path), "--db", str(store.path)])
    assert result.exit_code == 1
    assert "roster.csv has no name column" in result.output
    assert "Traceback" not in result.output
