"""Writing files that hold personal data or secrets: owner-only and all or nothing.

Exports, reports, badge PDFs, credentials and settings all hold names,
emails, phones or passwords.  Each is written to a temporary file created
0600 in the destination's folder, flushed to disk and moved over the real
name, so:

- a file that existed with wider permissions (0644) is replaced, not
  reused, and ends 0600 whatever it was before;
- a crash or a full disk never leaves half a file under the real name;
- nobody else can read it in between.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from checkin.errors import OutputError

OWNER_ONLY = 0o600


def _folder_of(path: Path, *, make_folder: bool) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if make_folder:
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder} does not exist")
    return folder


@contextmanager
def private_output(path: Path | str, *, make_folder: bool = False) -> Iterator[Path]:
    """A temporary path to write ``path``'s new content to, moved into place on success.

    For writers that take a file name (Qt's PDF writer, image savers).  If
    the block raises, the temporary file is removed and ``path`` is left as
    it was.
    """
    path = Path(path)
    folder = _folder_of(path, make_folder=make_folder)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, OWNER_ONLY)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_private(
    path: Path | str, data: bytes | str, *, encoding: str = "utf-8", make_folder: bool = False
) -> Path:
    """Write ``data`` to ``path`` as an owner-only file, replacing it atomically."""
    content = data.encode(encoding) if isinstance(data, str) else data
    path = Path(path)
    with private_output(path, make_folder=make_folder) as temporary:
        # mkstemp created the file 0600: the bytes never sit in a wider file.
        temporary.write_bytes(content)
    return path
