"""The one owner-only file writer: atomic, 0600 whatever was there before."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from checkin.errors import OutputError, UserError
from checkin.files import private_output, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_is_owner_only(tmp_path: Path) -> None:
    path = write_private(tmp_path / "out.csv", "name\n王伟\n")
    assert path.read_text(encoding="utf-8") == "name\n王伟\n"
    assert mode(path) == 0o600


def test_an_existing_world_readable_file_ends_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "existing.csv"
    path.write_text("old")
    os.chmod(path, 0o644)
    write_private(path, b"new")
    assert path.read_bytes() == b"new"
    assert mode(path) == 0o600


def test_text_is_written_in_the_encoding_asked(tmp_path: Path) -> None:
    path = write_private(tmp_path / "excel.csv", "名字", encoding="utf-8-sig")
    assert path.read_bytes() == "名字".encode("utf-8-sig")


def test_writing_into_a_missing_folder_says_which_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="nowhere does not exist") as raised:
        write_private(tmp_path / "nowhere" / "file.csv", b"x")
    assert isinstance(raised.value, UserError)


def test_make_folder_creates_the_missing_folder(tmp_path: Path) -> None:
    path = write_private(tmp_path / "a" / "b" / "secret.json", "{}", make_folder=True)
    assert path.read_text() == "{}"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "file.csv"
    path.write_bytes(b"old")

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        write_private(path, b"data")
    assert list(tmp_path.iterdir()) == [path]
    assert path.read_bytes() == b"old"


def test_a_writer_that_takes_a_name_gets_a_temporary_moved_into_place(tmp_path: Path) -> None:
    path = tmp_path / "badges.pdf"
    with private_output(path) as temporary:
        assert temporary.parent == tmp_path and temporary != path
        temporary.write_bytes(b"%PDF")
        assert not path.exists()
    assert path.read_bytes() == b"%PDF"
    assert mode(path) == 0o600


def test_a_writer_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), private_output(tmp_path / "badges.pdf") as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("painter failed")
    assert list(tmp_path.iterdir()) == []
