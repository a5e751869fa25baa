"""Each decoder reads a plain badge; pyzbar without libzbar is skipped with what to install."""

from __future__ import annotations

import logging

import cv2
import numpy as np
import pytest

from checkin.scanner import decoders
from checkin.scanner.corpus import make_sample
from checkin.scanner.decoders import (
    DecoderUnavailable,
    Detection,
    OpenCvDecoder,
    PyzbarDecoder,
    ZxingDecoder,
    available_decoders,
    pyzbar_problem,
    to_gray,
)
from checkin.scanner.render import badge_card

CODE = "WS26-1234-1-KX7QF2M4ZP3HJ4TA"


@pytest.fixture(scope="module")
def clean() -> tuple[np.ndarray, str]:
    """A badge straight on, sharp and well lit, on a grey table."""
    card = badge_card(CODE, 4, np.random.default_rng(0)).image
    table = np.full((card.shape[0] + 80, card.shape[1] + 80, 3), 120, np.uint8)
    table[40:-40, 40:-40] = card
    return to_gray(table), CODE


def make(name: str) -> decoders.Decoder:
    if name == "pyzbar" and pyzbar_problem():
        pytest.skip(pyzbar_problem() or "")
    return {"zxing-cpp": ZxingDecoder, "pyzbar": PyzbarDecoder, "opencv": OpenCvDecoder}[name]()


@pytest.mark.parametrize("name", ["zxing-cpp", "pyzbar", "opencv"])
def test_decoder_reads_a_plain_badge_with_its_outline(
    name: str, clean: tuple[np.ndarray, str]
) -> None:
    gray, code = clean
    found = make(name).decode(gray)
    assert [d.text for d in found] == [code]
    assert len(found[0].corners) == 4 and found[0].decoder == name


@pytest.mark.parametrize("name", ["zxing-cpp", "pyzbar", "opencv"])
@pytest.mark.parametrize("picture", ["blank", "noise", "tiny"])
def test_decoder_finds_nothing_in_a_picture_without_a_code(name: str, picture: str) -> None:
    rng = np.random.default_rng(0)
    image = {
        "blank": np.full((120, 160), 200, np.uint8),
        "noise": rng.integers(0, 256, (240, 320), dtype=np.uint8),
        "tiny": np.zeros((3, 3), np.uint8),
    }[picture]
    assert make(name).decode(image) == []


def test_zxing_reports_located_but_unreadable_codes_as_candidates() -> None:
    sample = make_sample("clean", 0, seed=11)
    gray = to_gray(sample.image)
    (quad,) = (q.astype(np.int32) for q in sample.outlines.values())
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    centre = gray[
        y0 + (y1 - y0) // 3 : y1 - (y1 - y0) // 3, x0 + (x1 - x0) // 3 : x1 - (x1 - x0) // 3
    ]
    centre[:] = 255  # wipe the middle: finders intact, data gone
    found, failed = ZxingDecoder().read(gray)
    assert found == []
    assert failed  # located, so the strategy can work on it


def test_pyzbar_without_libzbar_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        decoders, "pyzbar_problem", lambda: "pyzbar cannot load the zbar library; install libzbar0"
    )
    with pytest.raises(DecoderUnavailable, match="libzbar0"):
        PyzbarDecoder()


def test_missing_decoders_are_left_out_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(decoders, "pyzbar_problem", lambda: "no zbar here")
    with caplog.at_level(logging.WARNING):
        found = available_decoders(("zxing-cpp", "pyzbar", "opencv"))
    assert [d.name for d in found] == ["zxing-cpp", "opencv"]
    assert "no zbar here" in caplog.text


def test_unknown_decoder_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown decoder 'zbar'"):
        available_decoders(("zbar",))


@pytest.mark.parametrize(
    ("shape", "conversion"),
    [((4, 4), None), ((4, 4, 3), cv2.COLOR_BGR2GRAY), ((4, 4, 4), cv2.COLOR_BGRA2GRAY)],
)
def test_to_gray_accepts_grey_bgr_and_bgra(shape: tuple[int, ...], conversion: int | None) -> None:
    image = np.arange(np.prod(shape), dtype=np.uint8).reshape(shape)
    expected = image if conversion is None else cv2.cvtColor(image, conversion)
    assert np.array_equal(to_gray(image), expected)


def test_a_detection_moves_back_into_the_frame_it_was_cut_from() -> None:
    found = Detection("A", ((0.0, 0.0), (20.0, 0.0), (20.0, 20.0), (0.0, 20.0)), "x")
    assert found.moved(0.5, 100.0, 50.0).corners == (
        (100.0, 50.0),
        (110.0, 50.0),
        (110.0, 60.0),
        (100.0, 60.0),
    )
