"""Event definitions: the TOML file organisers write, checked before anything is created.

The README's "Event files" section shows and explains every key (a test
loads its example); ``KNOWN_KEYS`` lists them, and any other key is an
error, so a misspelled key can never leave a gate open.
"""

from __future__ import annotations

import difflib
import re
import secrets
import tomllib
import uuid
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checkin import badge_codes
from checkin.errors import UserError
from checkin.model import Category, Event, Gate, OpeningHours
from checkin.store import Store


class EventFileError(UserError, ValueError):
    """The event file is missing, not TOML, or has a bad field (named in the message)."""


# Every key an event file may hold, per table.  Anything else is an error:
# a gate written with ``category = [...]`` instead of ``categories`` would
# otherwise be created open to everyone.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"event", "categories", "gates"}),
    "event": frozenset({"id", "name", "name_zh", "venue", "capacity", "timezone", "prefix"}),
    "categories": frozenset({"name", "label_zh", "color", "attention"}),
    "gates": frozenset({"name", "categories", "hours"}),
}

# Ribbon colours for categories that name none, in order: distinct at a
# glance on a badge and against each other (VIP and Attendee must differ).
RIBBON_COLORS = (
    "#2f6fdf",  # blue
    "#c62828",  # red
    "#2e7d32",  # green
    "#ef6c00",  # orange
    "#6a1b9a",  # purple
    "#00838f",  # teal
    "#ad1457",  # magenta
    "#5d4037",  # brown
    "#455a64",  # slate
)

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_-]+)\s*\]")
_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def key_lines(text: str) -> dict[tuple[str, str], int]:
    """Where each key stands in the file: ``("gates[1]", "hours") -> 14`` (1-based).

    ``tomllib`` keeps no positions, and an organiser fixing a typo wants
    the line; plain ``[table]``, ``[[array]]`` and ``key =`` lines cover what
    event files hold.
    """
    lines: dict[tuple[str, str], int] = {}
    where = ""
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if match := _ARRAY_TABLE.match(line):
            name = match.group(1)
            seen[name] = seen.get(name, -1) + 1
            where = f"{name}[{seen[name]}]"
        elif match := _TABLE.match(line):
            where = match.group(1)
        elif match := _KEY.match(line):
            lines.setdefault((where, match.group(1)), number)
    return lines


class _Checker:
    """Rejects unknown keys, naming the file, the line and the key meant."""

    def __init__(self, source: str, lines: dict[tuple[str, str], int]) -> None:
        self.source = source
        self.lines = lines

    def keys(self, table: dict[str, Any], kind: str, where: str) -> None:
        known = KNOWN_KEYS[kind]
        for key in table:
            if key in known:
                continue
            line = self.lines.get((where, key))
            place = f"{self.source} line {line}" if line else self.source
            owner = where or "the file"
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"known keys: {', '.join(sorted(known))}"
            )
            raise EventFileError(f"{place}: {owner} has an unknown key {key!r} ({hint})")

    def tables(
        self, data: dict[str, Any], kind: str, default: list[dict[str, Any]]
    ) -> list[tuple[str, dict[str, Any]]]:
        """The ``[[kind]]`` tables of the file with where each is, every key checked."""
        raw = data.get(kind, default)
        if not isinstance(raw, list):
            raise EventFileError(f"{kind} must be written as [[{kind}]] tables")
        found = []
        for index, table in enumerate(raw):
            where = f"{kind}[{index}]"
            if not isinstance(table, dict):
                raise EventFileError(f"{where} must be a table with a name")
            self.keys(table, kind, where)
            found.append((where, table))
        return found


@dataclass(frozen=True)
class EventConfig:
    event: Event
    categories: tuple[Category, ...]
    gates: tuple[Gate, ...]


def make_prefix(name: str) -> str:
    """A badge prefix from the event's initials plus two random characters."""
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", name)).upper()[:4]
    return (initials or "EV") + "".join(
        secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(2)
    )


def default_config(name: str, capacity: int, *, timezone: str = "Asia/Shanghai") -> EventConfig:
    """An event with one gate, ``Main``, and one category, ``Attendee``."""
    if not name.strip():
        raise EventFileError("the event needs a name")
    if capacity <= 0:
        raise EventFileError(f"capacity must be a positive number, not {capacity}")
    event = Event(
        str(uuid.uuid4()), name.strip(), make_prefix(name), capacity, _zone(timezone, "timezone")
    )
    return EventConfig(event, (Category("Attendee", "参会者"),), (Gate("Main"),))


def _zone(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise EventFileError(f"{where} must be a time zone name such as 'Asia/Shanghai'")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise EventFileError(f"{where}: unknown time zone {value!r}") from None
    return value


def _text(table: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise EventFileError(f"{where}.{key} must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise EventFileError(f"{where}.{key} is required")
    return value.strip()


def _moment(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise EventFileError(f'{where} must be a time such as "08:30" or "2026-11-28T08:30"')
    try:
        if "T" in value or "-" in value:
            datetime.fromisoformat(value)
        else:
            time.fromisoformat(value)
    except ValueError:
        raise EventFileError(f'{where}: {value!r} is not a time such as "08:30"') from None
    return value


def _hours(value: Any, where: str) -> tuple[OpeningHours, ...]:
    if not isinstance(value, list):
        raise EventFileError(f"{where}.hours must be a list of [start, end] pairs")
    windows = []
    for index, pair in enumerate(value):
        spot = f"{where}.hours[{index}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise EventFileError(f"{spot} must be a [start, end] pair")
        start, end = _moment(pair[0], spot), _moment(pair[1], spot)
        if start >= end and ("T" in start) == ("T" in end):
            raise EventFileError(f"{spot}: opening {start} is not before closing {end}")
        windows.append(OpeningHours(start, end))
    return tuple(windows)


def parse_config(
    data: dict[str, Any],
    *,
    source: str = "event file",
    lines: dict[tuple[str, str], int] | None = None,
) -> EventConfig:
    """Check every field of a parsed event file; ``lines`` (from ``key_lines``) locate errors."""
    check = _Checker(source, lines or {})
    check.keys(data, "", "")
    table = data.get("event")
    if not isinstance(table, dict):
        raise EventFileError(f"{source}: missing [event] table")
    check.keys(table, "event", "event")
    event = _event(table)
    categories = _categories(check.tables(data, "categories", [{"name": "Attendee"}]))
    gates = _gates(check.tables(data, "gates", [{"name": "Main"}]), {c.name for c in categories})
    return EventConfig(event, categories, gates)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


def _add_once(items: list[Any], item: _Named, where: str, what: str) -> None:
    """Append ``item``, refusing a second one of the same name (a copy-paste slip)."""
    if any(other.name == item.name for other in items):
        raise EventFileError(f"{where}: {what} {item.name!r} is defined twice")
    items.append(item)


def _event(table: dict[str, Any]) -> Event:
    name = _text(table, "name", "event", required=True)
    capacity = table.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity <= 0:
        raise EventFileError("event.capacity must be a positive whole number")
    prefix = _text(table, "prefix", "event") or make_prefix(name)
    if not re.fullmatch(r"[A-Z0-9]{2,8}", prefix):
        raise EventFileError("event.prefix must be 2 to 8 upper-case letters or digits")
    return Event(
        id=_text(table, "id", "event") or str(uuid.uuid4()),
        name=name,
        prefix=prefix,
        capacity=capacity,
        timezone=_zone(table.get("timezone", "Asia/Shanghai"), "event.timezone"),
        name_zh=_text(table, "name_zh", "event"),
        venue=_text(table, "venue", "event"),
    )


def _categories(tables: list[tuple[str, dict[str, Any]]]) -> tuple[Category, ...]:
    named_colors = {str(raw.get("color", "")).lower() for _, raw in tables}
    spare_colors = iter([c for c in RIBBON_COLORS if c not in named_colors] or RIBBON_COLORS)
    categories: list[Category] = []
    for where, raw in tables:
        color = _text(raw, "color", where) or next(spare_colors, RIBBON_COLORS[0])
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise EventFileError(f"{where}.color must look like #1a7f37, not {color!r}")
        attention = raw.get("attention", False)
        if not isinstance(attention, bool):
            raise EventFileError(f"{where}.attention must be true or false")
        category = Category(
            _text(raw, "name", where, required=True),
            _text(raw, "label_zh", where),
            color,
            attention,
        )
        _add_once(categories, category, where, "category")
    if not categories:
        raise EventFileError("the event needs at least one category")
    return tuple(categories)


def _gates(tables: list[tuple[str, dict[str, Any]]], categories: set[str]) -> tuple[Gate, ...]:
    gates: list[Gate] = []
    for where, raw in tables:
        allowed = raw.get("categories")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise EventFileError(f"{where}.categories must be a list of category names")
            unknown = sorted(set(allowed) - categories)
            if unknown:
                known = ", ".join(sorted(categories))
                raise EventFileError(
                    f"{where}.categories: unknown category {unknown[0]!r} (known: {known})"
                )
        gate = Gate(
            _text(raw, "name", where, required=True),
            None if allowed is None else tuple(allowed),
            _hours(raw.get("hours", []), where),
        )
        _add_once(gates, gate, where, "gate")
    if not gates:
        raise EventFileError("the event needs at least one gate")
    return tuple(gates)


def load_config(path: Path) -> EventConfig:
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise EventFileError(f"no event file at {path}") from None
    except UnicodeDecodeError:
        raise EventFileError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise EventFileError(f"{path} is not valid TOML: {error}") from None
    return parse_config(data, source=str(path), lines=key_lines(text))


def create_event(
    path: Path, config: EventConfig, now: datetime, *, desk: str | None = None
) -> Store:
    """A new store holding the event, with a fresh signing key."""
    return Store.create(
        path,
        event=config.event,
        categories=config.categories,
        gates=config.gates,
        key=badge_codes.new_event_key(),
        now=now,
        desk=desk,
    )
