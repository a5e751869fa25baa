"""The options every windowed command shares: a window size, and --hub with --creds."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from ui.common.options import WINDOW_SIZE, hub_choice


def test_a_size_is_width_by_height_in_pixels() -> None:
    assert WINDOW_SIZE.convert("1600x900", None, None) == (1600, 900)
    assert WINDOW_SIZE.convert("800X600", None, None) == (800, 600)


@pytest.mark.parametrize("text", ["1600", "wide", "1600x900x2", "0x900"])
def test_anything_else_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(click.BadParameter, match=text):
        WINDOW_SIZE.convert(text, None, None)


def test_a_hub_needs_credentials_and_credentials_alone_are_enough(tmp_path: Path) -> None:
    creds = tmp_path / "desk.json"
    assert hub_choice(None, None) is None
    assert hub_choice(None, creds) == (None, creds)
    assert hub_choice("nats://127.0.0.1:4222", creds) == ("nats://127.0.0.1:4222", creds)
    with pytest.raises(click.UsageError, match="give --creds FILE"):
        hub_choice("nats://127.0.0.1:4222", None)
