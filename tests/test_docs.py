"""Every command is documented: it has help text and a row in the README's command table.

The table under "## The command line" is where people look first; a
command missing from it, or a row naming an option the command does not
have, is a documentation bug these tests catch.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from checkin.cli import main as core_group
from ui.commands import main as desktop_group

README = Path(__file__).resolve().parents[1] / "README.md"
ROW = re.compile(r"^\| `checkin ([a-z]+)(.*?)` \|", re.MULTILINE)


def command_table() -> dict[str, str]:
    """Each command named in the README's command table, with the usage written for it."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## The command line\n", 1)[1].split("\n## ", 1)[0]
    table: dict[str, str] = {}
    for name, usage in ROW.findall(section):
        table[name] = f"{table.get(name, '')} {usage}"
    return table


COMMANDS = sorted({*core_group.commands, *desktop_group.commands})


def command(name: str) -> click.Command:
    return desktop_group.commands.get(name) or core_group.commands[name]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_text(name: str) -> None:
    assert (command(name).help or "").strip(), f"checkin {name} has no help text"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_command_table(name: str) -> None:
    assert name in command_table(), f"checkin {name} is missing from the README's command table"


@pytest.mark.parametrize("name", COMMANDS)
def test_the_readme_names_only_real_options(name: str) -> None:
    usage = command_table().get(name, "")
    written = set(re.findall(r"--[a-z][a-z-]*", usage))
    real = {flag for param in command(name).params for flag in param.opts}
    assert written <= real, f"checkin {name}: the README names {sorted(written - real)}"


def test_the_command_table_names_no_command_that_does_not_exist() -> None:
    assert set(command_table()) <= set(COMMANDS)


def test_the_readme_lists_every_roster_header_the_importer_accepts() -> None:
    from checkin.roster.columns import accepted_headers

    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Roster files") : text.index("### Verdicts")]
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in section.splitlines()
        if line.startswith("| `")
    }
    for field, headers in accepted_headers().items():
        assert field in rows, field
        missing = [h for h in headers if h not in rows[field]]
        assert missing == [], (field, missing)


def test_the_supervisor_example_runs_the_hub_with_only_its_folder() -> None:
    unit = (README.parent / "docs" / "checkin-hub.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[0] != "#"
    )
    program, *arguments = settings["ExecStart"].split()
    assert program.endswith("/checkin") and arguments[:2] == ["hub", "--dir"]
    real = {flag for param in command("hub").params for flag in param.opts}
    assert {a for a in arguments if a.startswith("--")} <= real
    assert settings["Restart"] == "on-failure" and settings["User"] != "root"
    assert "docs/checkin-hub.service" in README.read_text(encoding="utf-8")
