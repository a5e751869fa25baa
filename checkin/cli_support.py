"""What every ``checkin`` command module shares: the group, its options and its output.

The group is where a failure becomes what a person reads: a ``UserError``
is one line ``checkin: MESSAGE`` on stderr and exit status 1 (2 for usage
errors, from click), never a traceback.  Command modules raise; only the
group prints.  Nothing here imports Qt, so the core commands start fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from checkin import __version__
from checkin.errors import UserError
from checkin.store import Store

if TYPE_CHECKING:
    from checkin.counts.headcounts import Headcounts


def fail(message: str) -> NoReturn:
    """Print ``message`` as the one line a person reads and exit with status 1."""
    click.echo(f"checkin: {message}", err=True)
    sys.exit(1)


class CheckinGroup(click.Group):
    """A command group that turns user errors, Ctrl+C and file errors into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as error:
            fail(str(error))
        except KeyboardInterrupt:
            fail("interrupted")
        except OSError as error:
            fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))


def command_group(commands: Iterable[click.Command]) -> CheckinGroup:
    """The ``checkin`` group holding ``commands``; two commands of one name are a bug."""
    chosen: dict[str, click.Command] = {}
    for command in commands:
        if command.name is None or command.name in chosen:
            raise ValueError(f"the checkin group has two commands named {command.name!r}")
        chosen[command.name] = command

    @click.group(
        "checkin",
        cls=CheckinGroup,
        commands=chosen,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.version_option(__version__, prog_name="checkin")
    def group() -> None:
        """Event check-in: desks, badges and live headcounts."""

    assert isinstance(group, CheckinGroup)
    return group


def _default_store() -> Path:
    from checkin.paths import default_store

    return default_store()


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=_default_store,
    show_default="desk.db in the per-user data folder",
    help="The desk's store (an SQLite file).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


_Command = TypeVar("_Command", bound=Callable[..., Any])


def desk_option(name: str = "desk") -> Callable[[_Command], _Command]:
    """``--desk NAME``: one meaning in every command, this desk's name.

    A store made by the command (``init``, or a new ``--db`` joining the
    hub) is created under it, and scans are recorded under it.
    """
    return click.option(
        "--desk",
        name,
        metavar="NAME",
        help="This desk's name: a new store is made under it and scans are recorded under it "
        "(default: the store's own; a new store takes its credentials' desk name, else a "
        "generated one).",
    )


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=None))


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A terminal progress bar fed as progress(done, total); silent when not a terminal."""
    from tqdm import tqdm

    bar: tqdm[Any] | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=label, unit="", leave=False, disable=None, file=sys.stderr)
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


@contextmanager
def open_store(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


def headcounts_text(counts: Headcounts) -> str:
    """The headcounts as a terminal table (``stats``, ``demo --headless`` and ``report``)."""
    lines = [
        counts.event,
        f"  checked in   {counts.checked_in:>6} of {counts.registered} registered",
        f"  inside now   {counts.inside:>6} / {counts.capacity} capacity ({counts.fill:.0%})",
        f"  not arrived  {counts.not_arrived:>6}",
        f"  exits        {counts.exits:>6}",
        f"  conflicts    {counts.conflicts:>6}",
        "  by gate        checked in  inside",
    ]
    lines += [
        f"    {name:<14} {g.checked_in:>8} {g.inside:>7}" for name, g in counts.by_gate.items()
    ]
    lines.append("  by category    checked in / registered")
    lines += [
        f"    {name:<14} {c.checked_in:>8} / {c.registered}"
        for name, c in counts.by_category.items()
    ]
    return "\n".join(lines)
