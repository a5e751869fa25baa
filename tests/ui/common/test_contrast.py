"""WCAG contrast as the standard defines it."""

from __future__ import annotations

import pytest

from ui.common.contrast import contrast_ratio, relative_luminance


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic "grey that just fails AA"
        ("#0000ff", "#ffffff", 8.59),
    ],
)
def test_contrast_ratio_matches_known_values(
    foreground: str, background: str, ratio: float
) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(background, foreground) == pytest.approx(ratio, abs=0.01)


def test_a_colour_must_be_six_hex_digits() -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        relative_luminance("red")
