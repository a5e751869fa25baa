"""The corpus is the same everywhere for a seed, and each class is what it says."""

from __future__ import annotations

import numpy as np
import pytest

from checkin import badge_codes
from checkin.scanner import corpus


def test_a_seed_gives_the_same_pixels_every_time() -> None:
    first = corpus.make_sample("glare", 3, seed=5)
    again = corpus.make_sample("glare", 3, seed=5)
    assert np.array_equal(first.image, again.image)
    assert first.codes == again.codes


def test_another_seed_or_index_gives_another_frame() -> None:
    base = corpus.make_sample("clean", 0, seed=5)
    assert not np.array_equal(base.image, corpus.make_sample("clean", 0, seed=6).image)
    assert not np.array_equal(base.image, corpus.make_sample("clean", 1, seed=5).image)


@pytest.mark.parametrize(("kind", "codes"), [("clean", 1), ("glare", 1), ("two", 2), ("none", 0)])
def test_each_class_holds_the_codes_it_promises(kind: str, codes: int) -> None:
    sample = corpus.make_sample(kind, 0)
    assert len(sample.codes) == codes == len(sample.outlines)
    assert sample.image.shape == (480, 640, 3) and sample.image.dtype == np.uint8


def test_codes_are_shaped_like_badge_codes() -> None:
    for code in corpus.sample_codes(20, seed=1):
        parsed = badge_codes.parse(code)
        assert parsed is not None and parsed.prefix == corpus.PREFIX


def test_small_codes_are_about_sixty_pixels() -> None:
    for index in range(5):
        (quad,) = corpus.make_sample("small", index).outlines.values()
        assert 45 <= np.ptp(quad[:, 0]) <= 90


def test_frame_size_can_be_chosen() -> None:
    assert corpus.make_sample("clean", 0, size=(1280, 720)).image.shape == (720, 1280, 3)


def test_unknown_class_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown corpus class 'fog'; known: clean, tilt"):
        corpus.make_sample("fog", 0)
