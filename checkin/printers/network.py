"""Raw port-9100 jobs: connect, send, and learn whether the printer has the whole job.

Which failures are which decides whether a badge may go to another printer:

- the connection is refused, times out or breaks before the last byte of
  the job has left: the printer lacks at least the closing command that
  makes it print, so nothing printed (``NotDelivered``);
- the whole job left but no confirmation came back: it may have printed
  (``InDoubt``).

The confirmation is the printer's answer to a status request sent right
after the job on the same connection (ZPL ``~HS``, TSPL ``ESC ! ?``): the
printer reads its port in order, so an answer means it read the job.  A
language without one (Brother raster) half-closes the connection and takes
the printer closing its end as the confirmation.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass

from checkin.printers.errors import InDoubt, NotDelivered

CONNECT_SECONDS = 3.0
REPLY_SECONDS = 10.0
Complete = Callable[[bytes], bool]


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    name: str

    def _connect(self) -> socket.socket:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=CONNECT_SECONDS)
        except OSError as error:
            raise NotDelivered(f"printer {self.name} is offline ({_why(error)})") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(REPLY_SECONDS)
        return sock

    def query(self, request: bytes, complete: Complete) -> bytes:
        """The printer's answer to ``request``; ``NotDelivered`` when it gives none."""
        with self._connect() as sock:
            try:
                sock.sendall(request)
                return _read_until(sock, complete)
            except OSError as error:
                raise NotDelivered(f"printer {self.name} did not answer ({_why(error)})") from None

    def deliver(self, job: bytes, confirm: bytes | None, complete: Complete) -> bytes:
        """Send ``job``, then ``confirm``; the answer to ``confirm`` (b"" without one)."""
        with self._connect() as sock:
            try:
                sock.sendall(job)
            except OSError as error:
                raise NotDelivered(
                    f"printer {self.name} broke off before the whole badge arrived ({_why(error)})"
                ) from None
            try:
                if confirm is not None:
                    sock.sendall(confirm)
                    return _read_until(sock, complete)
                sock.shutdown(socket.SHUT_WR)
                return _read_until(sock, None)
            except OSError as error:
                raise InDoubt(
                    f"printer {self.name} took the badge but never confirmed it ({_why(error)}): "
                    "check whether it printed"
                ) from None


def _read_until(sock: socket.socket, complete: Complete | None) -> bytes:
    """Bytes read until ``complete`` holds (or, given None, the printer closes its end)."""
    reply = b""
    while complete is None or not complete(reply):
        chunk = sock.recv(4096)
        if not chunk:
            if complete is None:
                return reply
            raise ConnectionResetError("the printer closed the connection before answering")
        reply += chunk
    return reply


def _why(error: OSError) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return "no answer in time"
    return error.strerror or type(error).__name__
