"""Event files: what organisers write, and the errors they see when it is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checkin.eventfile import EventFileError, default_config, load_config, parse_config

GOOD: dict[str, Any] = {
    "event": {"name": "WeStart", "capacity": 3000, "prefix": "WS26"},
    "categories": [{"name": "Attendee"}, {"name": "VIP", "attention": True, "color": "#b08800"}],
    "gates": [
        {"name": "North Hall"},
        {"name": "VIP", "categories": ["VIP"], "hours": [["08:00", "18:00"]]},
    ],
}


def test_a_good_file_gives_gates_with_rules_and_hours() -> None:
    config = parse_config(GOOD)
    assert config.event.prefix == "WS26" and config.event.capacity == 3000
    assert config.gates[1].categories == ("VIP",) and config.gates[1].hours[0].start == "08:00"
    assert config.categories[1].attention


def test_without_a_file_the_event_gets_one_gate_and_one_category() -> None:
    config = default_config("Demo Day", 100)
    assert [g.name for g in config.gates] == ["Main"] and [c.name for c in config.categories] == [
        "Attendee"
    ]
    assert config.event.prefix.startswith("DD")


def _with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    import copy

    data = copy.deepcopy(GOOD)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "missing \\[event\\]"),
        (_with(("event", "capacity"), -1), "event.capacity must be a positive"),
        (_with(("event", "capacity"), "many"), "event.capacity must be a positive"),
        (_with(("event", "name"), ""), "event.name is required"),
        (_with(("event", "prefix"), "ws-26"), "event.prefix must be"),
        (_with(("event", "timezone"), "Mars/Olympus"), "unknown time zone"),
        (
            _with(("gates", 1, "categories"), ["Pirates"]),
            "gates\\[1\\].categories: unknown category 'Pirates'",
        ),
        (
            _with(("gates", 1, "hours"), [["18:00", "08:00"]]),
            "opening 18:00 is not before closing 08:00",
        ),
        (_with(("gates", 1, "hours"), [["8am", "6pm"]]), "not a time"),
        (_with(("gates", 0, "name"), "VIP"), "gate 'VIP' is defined twice"),
        (_with(("categories", 1, "color"), "gold"), "color must look like"),
        (_with(("categories",), []), "at least one category"),
    ],
)
def test_a_bad_field_is_named_in_the_error(data: dict[str, Any], message: str) -> None:
    with pytest.raises(EventFileError, match=message):
        parse_config(data)


def test_a_file_that_is_not_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "event.toml"
    path.write_text("[event\nname=", encoding="utf-8")
    with pytest.raises(EventFileError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(EventFileError, match="no event file"):
        load_config(tmp_path / "missing.toml")
