"""The desktop ``checkin`` is the core command list plus the window commands, each name once."""

from __future__ import annotations

from collections import Counter

import click
import pytest

from checkin.cli import core_commands
from checkin.cli import main as core_group
from checkin.cli_support import command_group
from ui.commands import desktop_commands
from ui.commands import main as desktop_group

WINDOW_COMMANDS = {"kiosk", "dashboard", "report", "badges", "station"}


def test_the_desktop_group_holds_every_core_command() -> None:
    assert set(core_group.commands) <= set(desktop_group.commands)


def test_the_desktop_group_adds_the_window_commands_and_nothing_else() -> None:
    assert set(desktop_group.commands) - set(core_group.commands) == WINDOW_COMMANDS


@pytest.mark.parametrize("commands", [core_commands(), desktop_commands()], ids=["core", "desktop"])
def test_no_command_name_is_registered_twice(commands: list[click.Command]) -> None:
    twice = [name for name, count in Counter(c.name for c in commands).items() if count > 1]
    assert twice == []


def test_a_group_refuses_two_commands_of_one_name() -> None:
    with pytest.raises(ValueError, match="two commands named 'demo'"):
        command_group([*core_commands(), core_group.commands["demo"]])


def test_only_the_desktop_demo_opens_a_window() -> None:
    core_options = {p.name for p in core_group.commands["demo"].params}
    desktop_options = {p.name for p in desktop_group.commands["demo"].params}
    assert desktop_options - core_options == {"fullscreen", "screenshot"}
