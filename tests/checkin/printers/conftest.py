"""Fixtures for the printers: emulated printers on 127.0.0.1, badges, a drawing without Qt."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from checkin.badges.batch import BadgeSource
from checkin.badges.layout import BadgeData
from checkin.badges.qr import encode
from checkin.badges.template import Template, load_template
from checkin.printers.bitmap import Bits, dots
from checkin.store import Store
from tests.checkin.printers.emulator import PrinterEmulator


def qr_badge(template: Template) -> object:
    """Draws a badge as its QR symbol alone, 0.75 mm a module: the core's tests need no Qt."""

    def draw(badge: BadgeData, dpi: float) -> Bits:
        image = np.zeros((dots(template.height_mm, dpi), dots(template.width_mm, dpi)), bool)
        module = max(2, dots(0.75, dpi))
        symbol = np.kron(encode(badge.code).dark, np.ones((module, module), bool))
        top = left = dots(4, dpi)
        image[top : top + symbol.shape[0], left : left + symbol.shape[1]] = symbol
        return image

    return draw


@pytest.fixture
def template() -> Template:
    return load_template("4x3in")


@pytest.fixture
def badges(demo_store: Store) -> list[BadgeData]:
    source = BadgeSource(demo_store)
    return [source.badge(a) for a in demo_store.attendees()[:12]]


@pytest.fixture
def emulators() -> Iterator[list[PrinterEmulator]]:
    started = [PrinterEmulator("zpl").start() for _ in range(2)]
    yield started
    for emulator in started:
        emulator.stop()
