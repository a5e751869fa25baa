"""The synthetic camera: real badge codes from the store, in a moving scene, paced like a webcam."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from checkin import badge_codes
from checkin.desk import Desk
from checkin.model import Status
from checkin.scanner.frames import Frame
from checkin.scanner.sources import SourceEnded, SourceLost
from checkin.scanner.strategy import default_strategy
from checkin.scanner.synthetic import SyntheticCamera, store_codes
from checkin.store import Store

from .fakes import CODES


def camera(**options: object) -> SyntheticCamera:
    made = SyntheticCamera(CODES, width=640, height=360, speed=None, **options)  # type: ignore[arg-type]
    made.open()
    return made


def test_a_seed_gives_the_same_scene() -> None:
    first, again = camera(seed=4), camera(seed=4)
    for _ in range(40):
        a, b = first.read(), again.read()
        assert np.array_equal(a.image, b.image) and a.drawn == b.drawn


def test_frames_have_the_chosen_size_and_say_what_they_show() -> None:
    assert camera(seed=1).read().image.shape == (360, 640, 3)
    shown = set().union(*(f.drawn or set() for f in _frames(camera(seed=1), 150)))
    assert shown and shown <= set(CODES)


def _frames(source: SyntheticCamera, count: int) -> list[Frame]:
    return [source.read() for _ in range(count)]


def test_badges_come_and_go() -> None:
    drawn = [bool(f.drawn) for f in _frames(camera(seed=2), 300)]  # 10 s
    assert 0.2 < sum(drawn) / len(drawn) < 0.9
    arrivals = sum(1 for i in range(1, len(drawn)) if drawn[i] and not drawn[i - 1])
    assert arrivals >= 3


def test_what_it_draws_is_read_and_nothing_else() -> None:
    """Most frames, not all: a badge moving into view is smeared beyond reading."""
    source = SyntheticCamera(CODES, speed=None, seed=5)  # the desk's 1280x720
    source.open()
    frames = [f for f in _frames(source, 300) if f.drawn][::5]
    strategy = default_strategy(budget_ms=10_000)
    read = [set(strategy.decode(f.image).texts) for f in frames]
    assert all(texts <= (f.drawn or set()) for texts, f in zip(read, frames, strict=True))
    assert sum(1 for texts in read if texts) >= 0.5 * len(frames)


def test_real_time_paces_frames_on_the_clock() -> None:
    now = [50.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 4))
        now[0] += seconds

    source = SyntheticCamera(
        CODES, width=320, height=180, fps=25, clock=lambda: now[0], sleep=sleep
    )
    source.open()
    captured = [source.read().captured for _ in range(4)]
    assert waits == [0.04, 0.04, 0.04]
    assert captured == pytest.approx([50.0, 50.04, 50.08, 50.12])


def test_it_ends_after_the_frames_asked_for() -> None:
    source = camera(frames=3)
    _frames(source, 3)
    with pytest.raises(SourceEnded):
        source.read()


def test_it_must_be_opened_first() -> None:
    with pytest.raises(SourceLost, match="not open"):
        SyntheticCamera(CODES).read()


def test_it_needs_a_code_to_show() -> None:
    with pytest.raises(ValueError, match="at least one code"):
        SyntheticCamera([])


def test_store_codes_are_real_badges_of_the_event_plus_two_odd_ones(
    small_store: Store, now: datetime
) -> None:
    codes = store_codes(small_store, count=3, seed=1)
    badges, odd = codes[:3], codes[3:]
    desk = Desk(small_store, gate="Main")
    for code in badges:
        parsed = badge_codes.parse(code)
        assert parsed is not None and parsed.prefix == small_store.event().prefix
    assert [desk.scan(code, now).status for code in odd] != [Status.ENTERED] * 2
    assert any(desk.scan(code, now).status is Status.ENTERED for code in badges)
