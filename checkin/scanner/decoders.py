"""QR decoders behind one small interface: a grey picture in, the codes and their corners out.

zxing-cpp is the primary decoder because its wheel carries everything it
needs.  pyzbar needs the system library libzbar, which a fresh machine
lacks; asking for it then raises ``DecoderUnavailable`` with what to
install.  OpenCV's detector is there as a fallback and for comparison.
Decoders are not thread-safe (OpenCV's detector keeps state): give each
worker thread its own.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import cv2
import numpy as np
import zxingcpp

from checkin.scanner.frames import Image

log = logging.getLogger(__name__)

Corners = tuple[tuple[float, float], ...]


class DecoderUnavailable(RuntimeError):
    """A decoder cannot run on this machine; the message says what to install."""


@dataclass(frozen=True)
class Detection:
    """A decoded code and its outline (four points, in the picture's pixels)."""

    text: str
    corners: Corners
    decoder: str

    def moved(self, scale: float, dx: float = 0.0, dy: float = 0.0) -> Detection:
        """The same detection in the coordinates of a picture this one was cut or scaled from."""
        corners = tuple((x * scale + dx, y * scale + dy) for x, y in self.corners)
        return Detection(self.text, corners, self.decoder)


class Decoder(Protocol):
    name: str

    def decode(self, gray: Image) -> list[Detection]:
        """Every code found in a 2-D uint8 picture; never raises on a picture without one."""
        ...


class ZxingDecoder:
    """zxing-cpp, restricted to QR codes (reading every format costs twice the time).

    The options are zxing-cpp's own; the defaults are its defaults, so
    ``ZxingDecoder()`` is "zxing-cpp alone" in the bench.
    """

    def __init__(
        self,
        *,
        try_rotate: bool = True,
        try_downscale: bool = True,
        try_invert: bool = True,
        binarizer: Any = zxingcpp.Binarizer.LocalAverage,
        name: str = "zxing-cpp",
    ) -> None:
        self.name = name
        self._options: dict[str, Any] = {
            "formats": zxingcpp.BarcodeFormat.QRCode,
            "try_rotate": try_rotate,
            "try_downscale": try_downscale,
            "try_invert": try_invert,
            "binarizer": binarizer,
        }

    def decode(self, gray: Image) -> list[Detection]:
        return self._read(gray, errors=False)[0]

    def read(self, gray: Image) -> tuple[list[Detection], list[Corners]]:
        """The codes read, and the outlines of codes located but not read (checksum errors)."""
        return self._read(gray, errors=True)

    def _read(self, gray: Image, *, errors: bool) -> tuple[list[Detection], list[Corners]]:
        found: list[Detection] = []
        failed: list[Corners] = []
        for barcode in zxingcpp.read_barcodes(gray, **self._options, return_errors=errors):
            p = barcode.position
            corners = tuple(
                (float(q.x), float(q.y))
                for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
            )
            if barcode.valid and barcode.text:
                found.append(Detection(barcode.text, corners, self.name))
            elif not barcode.valid:
                failed.append(corners)
        return found, failed


def pyzbar_problem() -> str | None:
    """Why pyzbar cannot run here, or None when it can."""
    try:
        from pyzbar import pyzbar  # noqa: F401
    except ImportError as error:
        return (
            f"pyzbar cannot load the zbar library ({error}); install it "
            "(on Debian or Ubuntu: apt-get install libzbar0) or use zxing-cpp"
        )
    return None


class PyzbarDecoder:
    """zbar through pyzbar; raises ``DecoderUnavailable`` when libzbar is missing."""

    name = "pyzbar"

    def __init__(self) -> None:
        problem = pyzbar_problem()
        if problem is not None:
            raise DecoderUnavailable(problem)
        from pyzbar import pyzbar

        self._pyzbar = pyzbar
        self._symbols = [pyzbar.ZBarSymbol.QRCODE]

    def decode(self, gray: Image) -> list[Detection]:
        found = []
        for result in self._pyzbar.decode(gray, symbols=self._symbols):
            try:
                text = result.data.decode("utf-8")
            except UnicodeDecodeError:
                text = result.data.decode("latin-1")
            corners = tuple((float(p.x), float(p.y)) for p in result.polygon)
            found.append(Detection(text, corners, self.name))
        return found


class OpenCvDecoder:
    """OpenCV's QR detector and decoder (one or several codes per picture)."""

    name = "opencv"

    def __init__(self) -> None:
        self._detector = cv2.QRCodeDetector()

    def decode(self, gray: Image) -> list[Detection]:
        try:
            ok, texts, points, _ = self._detector.detectAndDecodeMulti(gray)
        except cv2.error as error:  # seen on degenerate detections; a miss, not a crash
            log.debug("OpenCV QR detector failed: %s", error)
            return []
        if not ok or points is None:
            return []
        found = []
        for text, quad in zip(texts, points, strict=False):
            if text:
                corners = tuple((float(x), float(y)) for x, y in np.asarray(quad).reshape(-1, 2))
                found.append(Detection(text, corners, self.name))
        return found


def available_decoders(names: Sequence[str] = ("zxing-cpp", "pyzbar", "opencv")) -> list[Decoder]:
    """The named decoders that can run here; a missing one is logged, not fatal."""
    makers = {"zxing-cpp": ZxingDecoder, "pyzbar": PyzbarDecoder, "opencv": OpenCvDecoder}
    decoders: list[Decoder] = []
    for name in names:
        if name not in makers:
            raise ValueError(f"unknown decoder {name!r}; known: {', '.join(makers)}")
        try:
            decoders.append(makers[name]())
        except DecoderUnavailable as error:
            log.warning("%s", error)
    return decoders


def to_gray(image: Image) -> Image:
    """A 2-D uint8 picture from grey, BGR or BGRA input (what every decoder here wants)."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
