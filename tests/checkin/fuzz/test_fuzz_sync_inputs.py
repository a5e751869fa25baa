"""Files and messages from outside, fuzzed: badge templates, hub files, stream messages.

Whatever they hold, the answer is a template or a ``TemplateError``,
credentials or a ``SyncError``, a fact applied or a message quarantined:
never another exception, never a stalled desk.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import tomllib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkin.badges.template import Template, TemplateError, parse_template, read_template
from checkin.facts import Fact, Kind
from checkin.paths import asset
from checkin.store import Store
from checkin.sync import inbound
from checkin.sync.address import Credentials, parse_hub_urls
from checkin.sync.bookkeeping import cursor
from checkin.sync.errors import SyncError
from checkin.sync.hub.passwords import Secrets
from tests.checkin.sync.conftest import create_event

FUZZ = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PREFIX = "checkin.ev-sync-test"

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _shipped(name: str) -> dict[str, Any]:
    return tomllib.loads(asset("badges", name).read_text(encoding="utf-8"))


SHIPPED = [_shipped(n) for n in ("4x3in.toml", "a6.toml", "cr80.toml", "a4-8up.toml")]


@st.composite
def mutated_template(draw: st.DrawFn) -> dict[str, Any]:
    """A shipped template with some fields, or some boxes' fields, set to anything."""
    data = json.loads(json.dumps(draw(st.sampled_from(SHIPPED))))
    for _ in range(draw(st.integers(1, 4))):
        boxes = data.get("box")
        target = data
        if isinstance(boxes, list) and boxes and draw(st.booleans()):
            target = boxes[draw(st.integers(0, len(boxes) - 1))]
            if not isinstance(target, dict):
                continue
        keys = [*target.keys(), "extra", "kind", "format", "size", "x_mm", "width_mm"]
        target[draw(st.sampled_from(keys))] = draw(JSON)
    return data


def _template_or_error(path: Path) -> None:
    try:
        template = read_template(path)
    except TemplateError as error:
        assert str(error)
    else:
        assert isinstance(template, Template) and template.boxes


@FUZZ
@given(text=st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_any_template_text_is_a_template_or_a_template_error(
    tmp_path: Path, suffix: str, text: str
) -> None:
    path = tmp_path / f"fuzzed{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _template_or_error(path)


@FUZZ
@given(data=mutated_template())
def test_any_template_structure_is_a_template_or_a_template_error(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    path = tmp_path / "mutated.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _template_or_error(path)
    with contextlib.suppress(TemplateError):
        parse_template(data, source="mutated.json", folder=None)


HUB_FILE = st.one_of(
    st.binary(max_size=200),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"user": JSON, "password": JSON},
        optional={"hub": JSON, "users": JSON, "route_password": JSON, "scopes": JSON},
    ).map(lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(raw=HUB_FILE)
def test_any_credentials_file_is_credentials_or_a_credentials_error(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(raw)
    try:
        credentials = Credentials.load(path)
    except SyncError as error:
        assert str(path) in str(error)
        return
    assert credentials.user and isinstance(credentials.password, str)
    if credentials.hub:
        with contextlib.suppress(SyncError):
            parse_hub_urls(credentials.hub)


@FUZZ
@given(raw=HUB_FILE)
def test_any_hub_secrets_file_is_secrets_or_a_clear_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "secrets.json"
    path.write_bytes(raw)
    try:
        Secrets.load_or_create(path)
    except SyncError as error:
        assert "not a hub secrets file" in str(error)


@FUZZ
@given(text=st.text(max_size=80))
def test_any_hub_address_is_urls_or_an_address_error(text: str) -> None:
    try:
        assert all("://" in url for url in parse_hub_urls(text))
    except SyncError as error:
        assert str(error)


# -- stream messages -------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Fact]:
    """One real fact of each kind the test event holds, for realistic field names."""
    from datetime import UTC

    path = create_event(
        tmp_path_factory.mktemp("fuzz") / "source.db",
        datetime(2026, 5, 20, 9, 0, tzinfo=UTC),
        attendees=3,
    )
    with Store.open(path) as store:
        return {fact.kind: fact for fact in store.facts()}


@pytest.fixture
def joined(tmp_path: Path, samples: dict[str, Fact]) -> Iterator[Store]:
    store = Store.new(tmp_path / "joined.db", desk="joined")
    inbound.apply_messages(
        store,
        [(i, f.id, f.encode(), f"{PREFIX}.{f.kind}") for i, f in enumerate(samples.values(), 1)],
        inbound.Expected(PREFIX, "ev-sync-test"),
    )
    yield store
    store.close()


@st.composite
def message_data(draw: st.DrawFn, samples: dict[str, Fact]) -> bytes:
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(st.binary(max_size=300))
    if choice == 1:
        return json.dumps(draw(JSON)).encode()
    kind = draw(st.sampled_from(sorted(Kind.ALL)))
    base = samples.get(kind) or next(iter(samples.values()))
    body = dict(base.body)
    for key in draw(st.lists(st.sampled_from([*body, "x"]), max_size=3)):
        body[key] = draw(JSON)
    raw: dict[str, Any] = {
        "id": draw(st.uuids()).hex,
        "kind": kind,
        "desk": draw(st.sampled_from(["desk-z", "desk-z", "desk-z", ""])),
        "hlc": draw(st.sampled_from([1, 2**40, 2**40, 2**62, -1, "1"])),
        "body": body,
    }
    return json.dumps(raw).encode()


SEQ = itertools.count(1000)


def test_any_stream_messages_are_applied_or_quarantined(
    joined: Store, samples: dict[str, Fact]
) -> None:
    expected = inbound.Expected(PREFIX, "ev-sync-test")
    totals = {"cases": 0, "added": 0, "quarantined": 0}

    @FUZZ
    @given(batch=st.lists(message_data(samples), min_size=1, max_size=5), data=st.data())
    def check(batch: list[bytes], data: st.DataObject) -> None:
        before = joined.fact_count()
        held = joined.quarantine_count()
        messages: list[inbound.Message] = []
        for item in batch:
            try:
                kind = json.loads(item)["kind"]
            except Exception:
                kind = "scan.recorded"
            if data.draw(st.integers(0, 4)) == 0:
                kind = data.draw(st.sampled_from(["scan.recorded", "event.created", "nope"]))
            messages.append((next(SEQ), "", item, f"{PREFIX}.{kind}"))
        added, quarantined = inbound.apply_messages(joined, messages, expected)
        assert added + quarantined <= len(messages)
        assert joined.fact_count() == before + added
        assert joined.quarantine_count() == held + quarantined
        assert cursor(joined) == messages[-1][0]
        assert joined.event().id == "ev-sync-test"
        totals["cases"] += 1
        totals["added"] += added
        totals["quarantined"] += quarantined

    check()
    # The fuzz reached both outcomes, so neither path went untested.
    assert totals["cases"] >= 200 and totals["added"] and totals["quarantined"], totals


@FUZZ
@given(raw=HUB_FILE)
def test_any_hub_json_gives_a_url_or_nothing(tmp_path: Path, raw: bytes) -> None:
    from checkin.sync.hub.info import recorded_url
    from checkin.sync.hub.settings import HubSettings

    (tmp_path / "hub.json").write_bytes(raw)
    assert isinstance(recorded_url(HubSettings(tmp_path)), str)
