"""A label printer on 127.0.0.1 that reads raw port-9100 jobs and decodes what it got.

It speaks ZPL (``^GFA`` graphics, ``~HS`` host status), TSPL (``BITMAP``,
``ESC ! ?`` status) and Brother QL raster (read back with the brother_ql
library's own reader), turns every label it would print back into a 1-bit
image, and can be told to go offline, run out of labels, or lose the
connection at chosen moments, as real printers do at a venue.  Anything it
cannot parse is kept in ``errors``: a test that sends it garbage fails.
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import struct
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import zxingcpp

Image = npt.NDArray[np.bool_]

_GF = re.compile(rb"\^GFA,(\d+),(\d+),(\d+),([0-9A-F]*)\^FS")
_TSPL_BITMAP = re.compile(rb"BITMAP (\d+),(\d+),(\d+),(\d+),(\d+),")


def decode_qr(image: Image) -> list[str]:
    """The QR codes zxing-cpp reads in a 1-bit label image (True: a dot burnt)."""
    grey = np.where(image, 0, 255).astype(np.uint8)
    padded = np.pad(grey, 16, constant_values=255)
    return [b.text for b in zxingcpp.read_barcodes(padded, formats=zxingcpp.BarcodeFormat.QRCode)]


class PrinterEmulator:
    def __init__(self, language: str = "zpl") -> None:
        assert language in ("zpl", "tspl", "ql")
        self.language = language
        self.labels: list[Image] = []
        self.errors: list[str] = []
        self.connections = 0
        self.paper_out = False
        # Each is called with the number of labels printed so far, after each label.
        self.after_label: Callable[[int], None] | None = None
        # Take the next label whole, print it, then drop the line without confirming it.
        self.vanish_before_confirming = False
        # Read this many bytes of the next job, then reset the connection.
        self.cut_after_bytes: int | None = None
        self._lock = threading.Lock()
        self._server: socket.socket | None = None
        self._port = 0
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    # -- life ------------------------------------------------------------------

    def start(self) -> PrinterEmulator:
        """Listen on 127.0.0.1 (a free port the first time, the same one on a restart)."""
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self._port))
        server.listen(8)
        server.settimeout(0.1)
        self._port = server.getsockname()[1]
        self._server = server
        self._stopping.clear()
        thread = threading.Thread(target=self._accept, args=(server,), daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def go_offline(self) -> None:
        """Stop listening: the next connection is refused, as with a printer switched off."""
        server, self._server = self._server, None
        self._stopping.set()
        if server is not None:
            # Shut down first: a bare close leaves the port listening until accept returns.
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()

    def stop(self) -> None:
        self.go_offline()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(5)

    def __enter__(self) -> PrinterEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    def url(self, query: str = "") -> str:
        return f"{self.language}://127.0.0.1:{self._port}" + (f"?{query}" if query else "")

    def codes(self) -> list[str]:
        """The QR code read from each label printed, in order ('' where none could be read)."""
        with self._lock:
            labels = list(self.labels)
        return [(decode_qr(label) or [""])[0] for label in labels]

    # -- serving ---------------------------------------------------------------

    def _accept(self, server: socket.socket) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        buffer = b""
        received = 0
        labels_before = len(self.labels)
        with conn:
            while True:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                received += len(chunk)
                cut = self.cut_after_bytes
                if cut is not None and received >= cut:
                    self.cut_after_bytes = None
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return  # closing with linger 0 resets the connection
                if not chunk:
                    if self.language == "ql":
                        self._print_ql(buffer)
                    elif buffer.strip():
                        self.errors.append(f"job ended with unparsed bytes: {buffer[:40]!r}")
                    return
                buffer += chunk
                if self.language == "ql":
                    continue
                buffer, reply = (self._zpl if self.language == "zpl" else self._tspl)(buffer)
                if reply is None:
                    continue
                if self.vanish_before_confirming and len(self.labels) > labels_before:
                    self.vanish_before_confirming = False
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                try:
                    conn.sendall(reply)
                except OSError:
                    return

    def _printed(self, label: Image) -> None:
        with self._lock:
            self.labels.append(label)
            count = len(self.labels)
        if self.after_label is not None:
            self.after_label(count)

    # -- ZPL -------------------------------------------------------------------

    def _zpl(self, buffer: bytes) -> tuple[bytes, bytes | None]:
        """Consume whole formats and status requests; the answer to a ``~HS`` if one came."""
        reply = None
        while True:
            buffer = buffer.lstrip()
            if buffer.startswith(b"~HS"):
                buffer = buffer[3:]
                reply = self._host_status()
            elif b"^XZ" in buffer:
                end = buffer.index(b"^XZ") + 3
                self._zpl_format(buffer[:end])
                buffer = buffer[end:]
            else:
                return buffer, reply

    def _host_status(self) -> bytes:
        paper = int(self.paper_out)
        return (
            f"\x02030,{paper},0,1218,000,0,0,0,000,0,0,0\x03\r\n"
            "\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n"
            "\x021234,0\x03\r\n"
        ).encode("ascii")

    def _zpl_format(self, data: bytes) -> None:
        if not data.startswith(b"^XA"):
            self.errors.append(f"format does not start with ^XA: {data[:20]!r}")
            return
        width = re.search(rb"\^PW(\d+)", data)
        length = re.search(rb"\^LL(\d+)", data)
        origin = re.search(rb"\^FO(\d+),(\d+)", data)
        graphic = _GF.search(data)
        if not (width and length and origin and graphic):
            self.errors.append(f"format lacks ^PW, ^LL, ^FO or ^GFA: {data[:60]!r}")
            return
        total, binary, row_bytes, hex_data = graphic.groups()
        rows_bytes = bytes.fromhex(hex_data.decode("ascii"))
        if not int(total) == int(binary) == len(rows_bytes) or len(rows_bytes) % int(row_bytes):
            self.errors.append(f"^GFA counts {total},{binary},{row_bytes} do not match its data")
            return
        rows = np.frombuffer(rows_bytes, np.uint8).reshape(-1, int(row_bytes))
        bits = np.unpackbits(rows, axis=1).astype(bool)
        label = np.zeros((int(length.group(1)), int(width.group(1))), dtype=bool)
        x, y = int(origin.group(1)), int(origin.group(2))
        part = bits[: label.shape[0] - y, : label.shape[1] - x]
        label[y : y + part.shape[0], x : x + part.shape[1]] = part
        copies = re.search(rb"\^PQ(\d+)", data)
        for _ in range(int(copies.group(1)) if copies else 1):
            self._printed(label)

    # -- TSPL ------------------------------------------------------------------

    def _tspl(self, buffer: bytes) -> tuple[bytes, bytes | None]:
        reply = None
        while True:
            if buffer.startswith(b"\x1b!?"):
                buffer = buffer[3:]
                reply = bytes([4 if self.paper_out else 0])
                continue
            bitmap = _TSPL_BITMAP.match(buffer)
            if bitmap is not None:
                row_bytes, height = int(bitmap.group(3)), int(bitmap.group(4))
                start = bitmap.end()
                end = start + row_bytes * height
                if len(buffer) < end + 2:
                    return buffer, reply
                rows = np.frombuffer(buffer[start:end], np.uint8).reshape(height, row_bytes)
                self._tspl_bitmap = ~np.unpackbits(rows, axis=1).astype(bool)  # 0 burns
                buffer = buffer[end:]
                if not buffer.startswith(b"\r\n"):
                    self.errors.append("BITMAP data not followed by a line end")
                buffer = buffer[2:]
                continue
            if b"\r\n" not in buffer:
                return buffer, reply
            line, buffer = buffer.split(b"\r\n", 1)
            self._tspl_line(line.decode("ascii", "replace"))

    def _tspl_line(self, line: str) -> None:
        command = line.split(" ", 1)[0]
        if command == "SIZE":
            width, height = (float(part.strip().removesuffix("mm")) for part in line[5:].split(","))
            self._tspl_size = (width, height)
            self._tspl_bitmap = None
        elif command == "PRINT":
            if getattr(self, "_tspl_bitmap", None) is None or not hasattr(self, "_tspl_size"):
                self.errors.append("PRINT before SIZE and BITMAP")
                return
            copies = int(line.split(",")[1]) if "," in line else 1
            for _ in range(copies):
                self._printed(self._tspl_bitmap)
        elif command not in ("GAP", "DIRECTION", "REFERENCE", "CLS"):
            self.errors.append(f"unknown TSPL command {line[:30]!r}")

    # -- Brother QL --------------------------------------------------------------

    def _print_ql(self, data: bytes) -> None:
        """Decode with brother_ql's reader, which writes each page as a PNG."""
        from brother_ql.reader import BrotherQLReader
        from PIL import Image as PILImage

        with tempfile.TemporaryDirectory() as folder:
            reader = BrotherQLReader(io.BufferedReader(io.BytesIO(data)))  # type: ignore[arg-type]
            reader.filename_fmt = str(Path(folder) / "label{counter:04d}.png")
            try:
                reader.analyse()
            except Exception as error:  # the reader's verdict on a bad job
                self.errors.append(f"brother_ql reader refused the job: {error!r}")
                return
            pages = sorted(Path(folder).glob("label*.png"))
            if not pages:
                self.errors.append("Brother job printed no page")
            for page in pages:
                with PILImage.open(page) as image:
                    self._printed(np.asarray(image.convert("L")) < 128)
