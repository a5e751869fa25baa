"""The nats-server's log: read from its stderr, kept in the hub folder, echoed to ours.

Under a supervisor (systemd, launchd, a container runtime) the place people
look is ``checkin hub``'s stderr, which the journal collects; at a venue
laptop it is ``DIR/nats-server.log``.  So the server logs to a pipe and a
thread copies every line to both.  The file is kept below ``LIMIT_BYTES``
by moving it to ``nats-server.log.1`` (one older file is kept).

The pipe also ties the server to its hub: if ``checkin hub`` dies without
stopping it, the server's next log line meets a closed pipe, and SIGPIPE
ends it, on systems without Linux's parent-death signal too.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path
from typing import IO, BinaryIO, TextIO

LIMIT_BYTES = 10 * 1024 * 1024
# Lines kept in memory to say why a server stopped at start.
RECENT_LINES = 50


class ServerLog:
    """Copies the lines of one server's stderr to the log file and to ``echo``."""

    def __init__(self, path: Path, echo: TextIO | None = None) -> None:
        self.path = path
        self.echo = echo
        self.recent: deque[str] = deque(maxlen=RECENT_LINES)
        self._thread: threading.Thread | None = None

    def follow(self, stream: IO[bytes]) -> None:
        """Start copying ``stream`` until the server closes it."""
        self._thread = threading.Thread(
            target=self._copy, args=(stream,), name="checkin-hub-log", daemon=True
        )
        self._thread.start()

    def wait(self, timeout: float) -> None:
        """Wait until every line the server wrote is copied (it closed its stderr)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _copy(self, stream: IO[bytes]) -> None:
        log_file = self._open()
        try:
            for raw in stream:
                line = raw.decode(errors="replace").rstrip("\r\n")
                self.recent.append(line)
                log_file = self._write(log_file, raw)
                if self.echo is not None:
                    try:
                        self.echo.write(line + "\n")
                        self.echo.flush()
                    except (OSError, ValueError):
                        self.echo = None  # our stderr is gone: keep the file going
        finally:
            stream.close()
            log_file.close()

    def _open(self) -> BinaryIO:
        return self.path.open("ab")

    def _write(self, log_file: BinaryIO, raw: bytes) -> BinaryIO:
        try:
            if log_file.tell() + len(raw) > LIMIT_BYTES:
                log_file.close()
                self.path.replace(self.path.with_name(self.path.name + ".1"))
                log_file = self._open()
            log_file.write(raw)
            log_file.flush()
        except OSError:
            pass  # a full disk must not stop the hub; the echo still carries the line
        return log_file
