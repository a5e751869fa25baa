"""The README's examples, run as written: a doc that a test runs stays true.

Two kinds of block are run:

- ``console`` blocks show ``$ command`` and what it prints; each command is
  run through the shell in one folder, in order, and its output compared
  line by line (a line ``...`` ends the comparison, a line ending in
  ``...}`` compares the part before it);
- the ``sh`` blocks of "Run a venue" and "Print badges" are the organiser's
  walk-through: every ``checkin`` command in them is run against a real hub
  on a loopback port, with only the changes a test machine needs (named in
  ``ADAPTATIONS``): no camera, no screen, no printer, 127.0.0.1 for the
  venue's address.

The event file and the roster headers are checked in their own tests
(``tests/checkin/test_eventfile.py``, ``tests/test_docs.py``).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from checkin.demo import demo_roster
from checkin.store import Store
from tests.checkin.sync.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def blocks(text: str, language: str) -> list[str]:
    """The code blocks of ``language`` in ``text``, with their indentation removed."""
    found = []
    for indent, lang, body in FENCE.findall(text):
        if lang == language:
            found.append("\n".join(line[len(indent) :] for line in body.splitlines()))
    return found


def commands(block: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", block)
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found.append(shlex.join(shlex.split(line, comments=True)))
    return found


# -- console blocks ----------------------------------------------------------


@dataclass(frozen=True)
class Example:
    command: str
    expected: list[str]


def console_examples() -> list[Example]:
    examples: list[Example] = []
    for block in blocks(README.read_text(encoding="utf-8"), "console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append(Example(line[2:], []))
            elif examples:
                examples[-1].expected.append(line)
    return examples


def same_output(expected: list[str], actual: list[str]) -> bool:
    for index, line in enumerate(expected):
        if line.strip() == "...":
            return True
        if index >= len(actual):
            return False
        if line.endswith("...}"):
            if not actual[index].startswith(line[: -len("...}")]):
                return False
        elif actual[index] != line:
            return False
    return len(actual) == len(expected)


def shell_env() -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_the_console_examples_print_what_the_readme_shows(tmp_path: Path) -> None:
    examples = console_examples()
    assert len(examples) >= 4
    for example in examples:
        done = subprocess.run(
            ["bash", "-c", example.command],
            cwd=tmp_path,
            env=shell_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        shown = (done.stdout if done.returncode == 0 else done.stderr).splitlines()
        assert same_output(example.expected, shown), (example.command, shown[:20])
        assert (done.returncode == 0) == (not example.expected[0].startswith("checkin: "))


def test_the_output_comparison_can_fail() -> None:
    assert same_output(["a", "..."], ["a", "b", "c"])
    assert same_output(['{"x": 1, ...}'], ['{"x": 1, "y": 2}'])
    assert not same_output(["a", "b"], ["a", "c"])
    assert not same_output(["a"], ["a", "b"])


# -- the organiser's walk-through ---------------------------------------------

# What the test machine changes in the README's commands, and why.
ADAPTATIONS = {
    "HUB-IP": "127.0.0.1 (network tests stay on loopback)",
    "0.0.0.0": "127.0.0.1 (the same)",
    "4222": "a free port (another hub may hold 4222)",
    "--camera 0": "dropped: the test machine has no camera",
    "--fullscreen": "dropped: windows run offscreen and save a screenshot instead",
    "--print": "skipped: there is no printer (printing is tested against a PDF printer)",
    "--printer": "skipped: the venue's label printers are not here (tests/checkin/printers "
    "prints to emulators on 127.0.0.1)",
}
WINDOWS = ("kiosk", "dashboard", "station")


def adapt(command: str, port: int, folder: Path) -> list[str] | None:
    """The README's command as this machine can run it, or None when it cannot."""
    words = shlex.split(command)
    if words[0] != "checkin":
        return None
    if "--print" in words or "--printer" in words:
        return None
    text = shlex.join(words[1:])
    text = text.replace("HUB-IP", "127.0.0.1").replace("0.0.0.0", "127.0.0.1")
    text = text.replace(":4222", f":{port}")
    args = shlex.split(text)
    for flag in ("--fullscreen",):
        while flag in args:
            args.remove(flag)
    if "--camera" in args:
        at = args.index("--camera")
        del args[at : at + 2]
    if args[0] in WINDOWS:
        args += ["--screenshot", str(folder / f"{args[0]}.png")]
    return args


def walkthrough() -> list[str]:
    found = []
    for title in ("Run a venue", "Print badges"):
        for block in blocks(section(title), "sh"):
            found += commands(block)
    return found


def write_roster(path: Path, count: int = 40) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名 Name", "Company/单位", "Email", "Mobile", "Category"])
    categories = ["Attendee", "Speaker", "VIP"]
    for index, person in enumerate(demo_roster(seed=3, count=count)):
        sheet.append(
            [person.name, person.company, person.email, person.phone, categories[index % 3]]
        )
    book.save(path)


def run_checkin(
    args: list[str], folder: Path, **options: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=folder,
        env={**shell_env(), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
        **options,  # type: ignore[call-overload]
    )


@pytest.fixture
def hub_process(tmp_path: Path) -> Iterator[dict[str, subprocess.Popen[str]]]:
    started: dict[str, subprocess.Popen[str]] = {}
    yield started
    for process in started.values():
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(path: Path, process: subprocess.Popen[str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, "the hub stopped before it was ready"
        assert time.monotonic() < deadline, f"no {path.name} after {timeout} s"
        time.sleep(0.1)


def test_the_organisers_walkthrough_runs_as_written(
    tmp_path: Path, hub_process: dict[str, subprocess.Popen[str]]
) -> None:
    steps = walkthrough()
    assert any(s.startswith("checkin hub ") for s in steps)
    port = free_port()
    toml = blocks(section("The command line"), "toml")[0]  # the README's event file
    (tmp_path / "event.toml").write_text(toml, encoding="utf-8")
    write_roster(tmp_path / "registrations.xlsx")
    ran: list[str] = []
    for step in steps:
        args = adapt(step, port, tmp_path)
        if args is None:
            continue
        if args[0] == "hub" and "--add-desk" not in args and "--revoke-desk" not in args:
            log = (tmp_path / "hub.log").open("w")
            process = subprocess.Popen(
                [sys.executable, "-m", "checkin", *args],
                cwd=tmp_path,
                env=shell_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
            hub_process["hub"] = process
            wait_for(tmp_path / "hub" / "credentials" / "desks.json", process)
            ran.append(args[0])
            continue
        if "--creds" in args and not (tmp_path / args[args.index("--creds") + 1]).exists():
            # The prose after step 2: give the desk its own file and copy it over.
            desk = Path(args[args.index("--creds") + 1]).stem
            made = run_checkin(["hub", "--dir", "hub", "--add-desk", desk], tmp_path)
            assert made.returncode == 0, made.stderr
            shutil.copy(tmp_path / "hub" / "credentials" / f"{desk}.json", tmp_path)
        done = run_checkin(args, tmp_path, input="y\n")
        assert done.returncode == 0, (step, done.stdout[-2000:], done.stderr[-2000:])
        ran.append(args[0])
    assert {"init", "import", "hub", "sync", "kiosk", "dashboard", "badges", "station"} <= set(ran)
    for window in WINDOWS:
        assert (tmp_path / f"{window}.png").stat().st_size > 10_000
    # Each new --db joined the event through the hub and holds its roster.
    for joined in ("north.db", "dashboard.db", "station.db"):
        with Store.open(tmp_path / joined) as store:
            assert store.attendee_count() == 40, joined
    # The first batch recorded every badge as printed, so --only-unprinted has none left.
    assert (tmp_path / "badges.pdf").exists() and not (tmp_path / "sheets.pdf").exists()
