"""Fixtures for roster tests: the demo event's categories and files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from checkin.demo import DEMO_CATEGORIES
from checkin.model import Category

WriteText = Callable[..., Path]


@pytest.fixture
def categories() -> tuple[Category, ...]:
    """Attendee, Startup, Investor, Media, Speaker (演讲嘉宾), Staff, VIP (贵宾)."""
    return DEMO_CATEGORIES


@pytest.fixture
def write_text(tmp_path: Path) -> WriteText:
    """Write a roster's text in an encoding and return its path."""

    def write(text: str, encoding: str = "utf-8", name: str = "roster.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
