"""Readable from two metres, by everyone: contrast, shapes beside colours, big type."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from checkin.model import Color, Status
from ui.common.contrast import AA_NORMAL, contrast_ratio
from ui.kiosk import verdict_words
from ui.kiosk.verdict_panel import PALETTES, VerdictPanel
from ui.kiosk.window import KioskWindow


@pytest.mark.parametrize("name", list(PALETTES))
def test_verdict_text_passes_wcag_aa_on_its_background(name: str) -> None:
    palette = PALETTES[name]
    # AA for normal text, though the verdict text is all "large text" (needing only 3:1).
    assert contrast_ratio(palette.text, palette.background) >= AA_NORMAL


def test_each_colour_has_its_own_icon_shape() -> None:
    shapes = [PALETTES[color].shape for color in Color]
    assert len(set(shapes)) == len(Color)


def test_every_status_has_a_word_and_statuses_of_different_colours_share_none() -> None:
    words: dict[str, set[Color]] = {}
    for status in Status:
        if status is Status.REPEAT:
            continue  # shows the word of the scan it repeats
        words.setdefault(verdict_words.WORDS[status], set()).add(status.color)
    assert all(word for word in words)
    assert all(len(colors) == 1 for colors in words.values())


def test_at_full_hd_the_verdict_is_large_enough_to_read_at_two_metres(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    """On a 24-inch 1080p screen a pixel is 0.28 mm; 2 m needs capitals of about 15 mm."""
    kiosk.resize(1920, 1080)
    qtbot.waitUntil(lambda: kiosk.panel.height() > 900)
    panel: VerdictPanel = kiosk.panel
    cap_height_mm = 0.7 * panel.word.font().pixelSize() * 0.28
    assert cap_height_mm >= 15
    assert panel.name.font().pixelSize() * 0.7 * 0.28 >= 10
    assert panel.reason.font().pixelSize() >= 36
