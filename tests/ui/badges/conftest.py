"""Fixtures for the badge UI: the Qt app with the badge font, real font metrics."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtWidgets import QApplication

from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from ui.badges.fonts import load_badge_fonts
from ui.badges.render import QtTextMeasure


@pytest.fixture
def badge_qapp(qapp: QApplication) -> QApplication:
    load_badge_fonts()
    return qapp


@pytest.fixture
def measure(badge_qapp: QApplication) -> QtTextMeasure:
    return QtTextMeasure()


class FakePrinter:
    """Stands in for a system printer: remembers what it was sent."""

    def __init__(self, fail: str | None = None) -> None:
        self.jobs: list[tuple[str, list[BadgeData]]] = []
        self.fail = fail

    def __call__(self, template: Template, badges: Sequence[BadgeData]) -> str:
        if self.fail:
            raise RuntimeError(self.fail)
        self.jobs.append((template.name, list(badges)))
        return "Test printer"
