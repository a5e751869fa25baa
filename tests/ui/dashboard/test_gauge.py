"""The capacity gauge is drawn in the colour of how full the venue is."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from checkin.counts.dashboard import FillLevel
from ui.dashboard.gauge import LEVEL_COLORS, CapacityGauge


def colours_drawn(gauge: CapacityGauge) -> set[str]:
    image = gauge.grab().toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


@pytest.mark.parametrize(
    ("inside", "level"),
    [
        (1500, FillLevel.NORMAL),
        (2699, FillLevel.NORMAL),
        (2700, FillLevel.AMBER),
        (2999, FillLevel.AMBER),
        (3000, FillLevel.RED),
        (3400, FillLevel.RED),
    ],
)
def test_the_gauge_is_drawn_green_amber_or_red_at_the_thresholds(
    qtbot: QtBot, inside: int, level: FillLevel
) -> None:
    gauge = CapacityGauge()
    qtbot.addWidget(gauge)
    gauge.resize(300, 240)
    gauge.set_values(inside, 3000)
    assert gauge.level is level
    assert gauge.color == QColor(LEVEL_COLORS[level])
    drawn = colours_drawn(gauge)
    assert LEVEL_COLORS[level] in drawn
    others = {colour for other, colour in LEVEL_COLORS.items() if other is not level}
    assert not drawn & others
