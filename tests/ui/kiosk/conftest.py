"""A kiosk on the demo event, driven as a volunteer would: scanner keystrokes, camera codes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from checkin import badge_codes
from checkin.store import Store
from ui.kiosk.settings import SettingsFile
from ui.kiosk.window import KioskWindow


class Clock:
    """The desk's clock: moves on by ``step`` at every reading, past the repeat window."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=5)) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current


class WallClock:
    """Seconds for the PIN lockout, moved by hand."""

    def __init__(self) -> None:
        self.seconds = 1_000_000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def settings(tmp_path: Path, wall: WallClock) -> SettingsFile:
    file = SettingsFile.load(tmp_path / "kiosk.json", clock=wall)
    file.set("gate", "North Hall")
    file.set("hold_seconds", 10)  # long enough that nothing resets unless a test wants it
    return file


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def kiosk(
    qtbot: QtBot, demo_store: Store, settings: SettingsFile, clock: Clock
) -> Iterator[KioskWindow]:
    window = KioskWindow(demo_store, settings, clock=clock, desk_id="desk-test")
    window.wedge.clock = lambda: 0.0  # every key of a burst at once, however slow the machine
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show_kiosk(fullscreen=False)
    qtbot.waitExposed(window)
    yield window
    window.locked = False
    window.shutdown()


def badge(store: Store, number: int, version: int = 1) -> str:
    return badge_codes.mint(store.event_key(), store.event().prefix, number, version)


def type_scan(qtbot: QtBot, window: KioskWindow, code: str) -> None:
    """What a USB keyboard-wedge scanner does: the code as key presses, then Enter."""
    target: QWidget = QApplication.focusWidget() or window
    qtbot.keyClicks(target, code)
    qtbot.keyClick(target, Qt.Key.Key_Return)
