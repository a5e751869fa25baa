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


README = Path(__file__).resolve().parents[2] / "README.md"


def readme_event_file() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Event files") :]
    body = section[section.index("```toml\n") + len("```toml\n") :]
    return body[: body.index("```")]


def test_the_readme_example_is_a_complete_working_event(tmp_path: Path) -> None:
    path = tmp_path / "event.toml"
    path.write_text(readme_event_file(), encoding="utf-8")
    config = load_config(path)
    assert [c.name for c in config.categories] == ["Attendee", "Speaker", "VIP"]
    general, vip = config.gates
    assert general.categories is None and general.hours == ()
    assert vip.categories == ("VIP", "Speaker") and vip.hours[0].start == "08:00"
    assert config.event.name_zh and config.event.venue


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[event]\nname = "X"\ncapacity = 10\n\n[[gates]]\nname = "Main"\n\n'
            '[[gates]]\nname = "VIP"\ncategory = ["Attendee"]\n',
            r"line 10: gates\[1\] has an unknown key 'category' \(did you mean 'categories'\?\)",
        ),
        (
            '[event]\nname = "X"\ncapacity = 10\n\n[[gates]]\nname = "Main"\nhour = []\n',
            r"line 7: gates\[0\] has an unknown key 'hour' \(did you mean 'hours'\?\)",
        ),
        (
            '[event]\nname = "X"\ncapacitty = 10\n',
            r"line 3: event has an unknown key 'capacitty' \(did you mean 'capacity'\?\)",
        ),
        (
            '[event]\nname = "X"\ncapacity = 10\n\n[[categories]]\nname = "VIP"\ncolour = "#ff0000"\n',
            r"line 7: categories\[0\] has an unknown key 'colour' \(did you mean 'color'\?\)",
        ),
        (
            '[event]\nname = "X"\ncapacity = 10\n\n[[gate]]\nname = "Main"\n',
            r"the file has an unknown key 'gate' \(did you mean 'gates'\?\)",
        ),
        (
            '[event]\nname = "X"\ncapacity = 10\nsponsor = "ACME"\n',
            r"line 4: event has an unknown key 'sponsor' \(known keys: capacity, id, name",
        ),
    ],
)
def test_an_unknown_key_is_an_error_with_the_line_and_the_key_meant(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "event.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(EventFileError, match=message) as raised:
        load_config(path)
    assert str(path) in str(raised.value)


def test_categories_without_a_colour_get_distinct_ribbons() -> None:
    data = _with(("categories",), [{"name": n} for n in ("Attendee", "VIP", "Speaker", "Media")])
    colours = [c.color for c in parse_config(data).categories]
    assert len(set(colours)) == 4


def test_a_default_ribbon_never_repeats_a_colour_the_file_chose() -> None:
    data = _with(("categories",), [{"name": "VIP", "color": "#2F6FDF"}, {"name": "Attendee"}])
    vip, attendee = parse_config(data).categories
    assert attendee.color.lower() != vip.color.lower()
