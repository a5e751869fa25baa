"""The decode strategy: cheap first, harder work only where there is reason, within a time budget.

Measured on the corpus (``bench/decode.py --ablation``), each step earns its place:

1. ``full``: zxing-cpp on the whole frame, asking for its failed candidates
   too, then on a half-size copy if nothing at all was located (a frame
   larger than 1600 pixels is first looked at 1280 wide).  Under a
   millisecond on a VGA frame, and enough for most frames.
2. ``rescue``: a candidate that zxing-cpp located but could not read
   (checksum error: blur, glare) is cut out, straightened by its four
   corners and retried after local contrast equalisation and sharpening,
   then after flattening (dividing by its own blurred copy evens out a
   glare veil), then adaptive thresholding.  Cheap: only 300 pixels
   square are worked on.
3. ``hint``: the region where a code was found in a recent frame (the
   pipeline passes it in), enlarged: a badge on the move is usually still
   there, a little more blurred.
4. ``enhance``: the whole frame again after contrast equalisation (glare,
   dim corners), then as it is against one fixed threshold (motion smear:
   a local binarizer follows the smear), then pyzbar on the frame
   flattened and equalised (there zbar reads codes under glare, blur and
   noise that neither decoder reads in the frame as it is), then after
   sharpening (defocus); each zxing-cpp read has its own rescue.
5. ``fallback``: the other decoders on the whole frame: pyzbar on the
   equalised frame (zbar reads strongly tilted codes and glare that
   zxing-cpp's detector misses), then OpenCV.

Steps after the first run only while nothing is read (rescue: while a
located candidate is unread), and only while the frame's budget lasts; a
whole-frame fallback decoder runs only when what it cost lately still fits
in the budget.  So a frame without any code costs about the budget at most.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from checkin.scanner.decoders import (
    Corners,
    Decoder,
    Detection,
    ZxingDecoder,
    available_decoders,
    to_gray,
)
from checkin.scanner.frames import Image

log = logging.getLogger(__name__)

STEPS = ("full", "rescue", "hint", "enhance", "fallback")
RECTIFIED_PX = 200  # a straightened candidate's side; 8 px per module for a version-2 code
RECTIFY_MARGIN = 0.25
LARGEST_FIRST_LOOK = 1600  # px; a larger frame (a phone photo) is first read smaller
WORKING_SIZE = 1280
SMALLEST_LOOK = 120  # px; no half-size look at a picture smaller than twice this
FLAT_LEVEL = 160.0  # the grey a flattened background is brought to
FLAT_SIGMA = 1 / 48  # of a frame's short side: a few modules of a badge code at the desk
WALL_BUDGETS = 3  # a frame's decode stops after this many budgets of wall time, CPU or not


@dataclass(frozen=True)
class DecodeResult:
    """The codes read in one frame, how long it took and which steps ran."""

    detections: tuple[Detection, ...]
    ms: float
    steps: tuple[str, ...] = field(default=())

    @property
    def texts(self) -> list[str]:
        return [d.text for d in self.detections]


def equalise(gray: Image, tiles: int = 8) -> Image:
    """Local contrast equalisation (CLAHE): lifts codes out of glare veils and dim light."""
    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(tiles, tiles))
    return clahe.apply(gray)


def sharpen(gray: Image, sigma: float, amount: float) -> Image:
    """Unsharp masking: steepens module edges that defocus or motion flattened."""
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)


def rectify(gray: Image, corners: Corners) -> tuple[Image, np.ndarray]:
    """The quadrilateral ``corners`` warped to an upright square with a margin round it.

    Returns the square and the matrix that maps its pixels back to ``gray``.
    """
    margin = RECTIFIED_PX * RECTIFY_MARGIN
    side = int(RECTIFIED_PX + 2 * margin)
    target = np.array(
        [
            [margin, margin],
            [margin + RECTIFIED_PX, margin],
            [margin + RECTIFIED_PX, margin + RECTIFIED_PX],
            [margin, margin + RECTIFIED_PX],
        ],
        dtype=np.float32,
    )
    matrix = cv2.getPerspectiveTransform(np.array(corners, dtype=np.float32), target)
    square = cv2.warpPerspective(
        gray, matrix, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return square, np.linalg.inv(matrix)


def _map(detection: Detection, back: np.ndarray) -> Detection:
    points = np.array(detection.corners, dtype=np.float32).reshape(-1, 1, 2)
    mapped = cv2.perspectiveTransform(points, back).reshape(-1, 2)
    return Detection(
        detection.text, tuple((float(x), float(y)) for x, y in mapped), detection.decoder
    )


def _area(corners: Corners) -> float:
    points = np.array(corners, dtype=np.float32)
    return float(abs(cv2.contourArea(points)))


def _contains(corners: Corners, point: tuple[float, float]) -> bool:
    contour = np.array(corners, dtype=np.float32).reshape(-1, 1, 2)
    return cv2.pointPolygonTest(contour, point, False) >= 0


def _centre(corners: Corners) -> tuple[float, float]:
    xs, ys = zip(*corners, strict=True)
    return (sum(xs) / len(xs), sum(ys) / len(ys))


def _crop(gray: Image, corners: Corners, grow: float) -> tuple[Image, float, float] | None:
    """The axis-aligned box round ``corners``, grown by ``grow`` of its size, clipped to the frame."""
    xs = [x for x, _ in corners]
    ys = [y for _, y in corners]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    x0 = int(max(0, min(xs) - grow * w))
    y0 = int(max(0, min(ys) - grow * h))
    x1 = int(min(gray.shape[1], max(xs) + grow * w))
    y1 = int(min(gray.shape[0], max(ys) + grow * h))
    if x1 - x0 < 16 or y1 - y0 < 16:
        return None
    return gray[y0:y1, x0:x1], float(x0), float(y0)


def threshold(gray: Image, block: int = 31) -> Image:
    """Mean adaptive threshold: decides each module against its own neighbourhood."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 0)


def flatten(gray: Image, sigma: float) -> Image:
    """The picture divided by its own blurred copy: a glare veil or a shadow wider
    than a few modules becomes flat grey, and the modules under it regain contrast.

    The blur is done at a quarter size (the background is smooth anyway),
    which makes it several times cheaper than at full size for the same result.
    """
    shrink = 4 if sigma >= 4 and min(gray.shape) >= 64 else 1
    small = gray
    if shrink > 1:
        small = cv2.resize(gray, None, fx=1 / shrink, fy=1 / shrink, interpolation=cv2.INTER_AREA)
    background = cv2.GaussianBlur(small, (0, 0), sigma / shrink)
    if shrink > 1:
        background = cv2.resize(
            background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR
        )
    out: Image = cv2.divide(gray, np.maximum(background, 1), scale=FLAT_LEVEL)
    return out


def _deblur(square: Image) -> Image:
    return sharpen(equalise(square, 4), 6.0, 3.0)


# Retries for a straightened candidate (8 px per module), in the order that
# read the most on frames zxing-cpp alone failed on (corpus seeds the bench
# does not use); the budget often ends the list on glare, so order matters.
_RESCUES: tuple[Callable[[Image], Image], ...] = (
    _deblur,
    lambda square: equalise(flatten(square, 8.0), 4),  # sigma: one module
    lambda square: threshold(sharpen(equalise(square, 4), 4.0, 1.5)),
)


class FrameReader(Protocol):
    """What the pipeline needs of a strategy (tests pass a scripted one)."""

    def decode(
        self, image: Image, hints: Sequence[Corners] = (), *, deep: bool = True
    ) -> DecodeResult: ...


class Strategy:
    """Reads the codes in a frame: zxing-cpp first, then the steps above within ``budget_ms``.

    The budget is counted on ``clock``: the decoding thread's CPU time by
    default, so that a busy machine (the UI drawing, another program) does
    not make the decoder give up early on a hard frame, and results do not
    depend on what else runs.  On a machine so busy that the decoder gets
    less than a third of a core, wall time caps it instead (three budgets),
    so the desk still answers promptly.  ``DecodeResult.ms`` is wall time.

    Not thread-safe (its decoders keep state): one per worker thread.
    """

    def __init__(
        self,
        *,
        fallbacks: Sequence[Decoder] = (),
        steps: Sequence[str] = STEPS,
        budget_ms: float = 60.0,
        clock: Callable[[], float] = time.thread_time,
    ) -> None:
        unknown = set(steps) - set(STEPS)
        if unknown:
            raise ValueError(f"unknown decode steps {sorted(unknown)}; known: {', '.join(STEPS)}")
        # Badges are dark on light: skipping the inverted pass saves a fifth of the
        # time; smaller sizes are tried by ``read_sizes`` only when needed.
        self.primary = ZxingDecoder(try_invert=False, try_downscale=False)
        # For the whole-frame retries: every size, and light-on-dark codes too.
        self.thorough = ZxingDecoder()
        # One threshold for the whole frame: a smeared module edge stays on its
        # side of mid-grey, where a local binarizer follows the smear.
        self.fixed = ZxingDecoder(binarizer=zxingcpp.Binarizer.FixedThreshold)
        self.fallbacks = list(fallbacks)
        self.steps = tuple(steps)
        self.budget_ms = budget_ms
        self._clock = clock
        self._costs: dict[str, float] = {}  # seconds, a moving average per whole-frame decoder

    def expected_cost(self, step: str) -> float:
        return self._costs.get(step, 0.0)

    def note_cost(self, step: str, seconds: float, weight: float = 0.2) -> None:
        """Remember what a costly step took, so the next frame skips it when it cannot finish."""
        previous = self._costs.get(step)
        self._costs[step] = (
            seconds if previous is None else (1 - weight) * previous + weight * seconds
        )

    def decode(
        self, image: Image, hints: Sequence[Corners] = (), *, deep: bool = True
    ) -> DecodeResult:
        """Every code in ``image`` (grey or BGR); ``hints`` are where codes were lately seen.

        ``deep=False`` skips the whole-frame retries (``enhance``, ``fallback``),
        which cost the most on frames that hold no code at all.
        """
        return _Attempt(self, to_gray(image), deep).run(hints)


def default_strategy(budget_ms: float = 60.0) -> Strategy:
    """zxing-cpp first, then pyzbar when libzbar is installed (logged when not), then OpenCV."""
    return Strategy(fallbacks=available_decoders(("pyzbar", "opencv")), budget_ms=budget_ms)


class _Attempt:
    """One frame's decode: what has been read so far, and the clock running against the budget."""

    def __init__(self, strategy: Strategy, gray: Image, deep: bool) -> None:
        self.s = strategy
        self.deep = deep
        self.gray = gray
        self.found: dict[str, Detection] = {}
        self.ran: list[str] = []
        self.start = strategy._clock()
        self.wall_start = time.perf_counter()
        self.deadline = self.start + strategy.budget_ms / 1000.0
        self.wall_deadline = self.wall_start + WALL_BUDGETS * strategy.budget_ms / 1000.0

    def in_time(self) -> bool:
        return self.s._clock() < self.deadline and time.perf_counter() < self.wall_deadline

    def affords(self, step: str) -> bool:
        """Whether ``step`` is likely to finish within the budget, going by what it cost lately.

        A step skipped for its cost has its estimate lowered a little each
        time, so one slow run (a busy machine) does not rule it out for good.
        """
        if not self.in_time():
            return False
        if self.s._clock() + self.s.expected_cost(step) < self.deadline:
            return True
        self.s.note_cost(step, 0.0, weight=0.05)
        return False

    def wants(self, step: str) -> bool:
        return step in self.s.steps and not self.found and self.in_time()

    def add(self, detections: Sequence[Detection]) -> None:
        for detection in detections:
            self.found.setdefault(detection.text, detection)

    def run(self, hints: Sequence[Corners]) -> DecodeResult:
        if "full" in self.s.steps:
            self.ran.append("full")
            self.read_sizes()
        if hints and self.wants("hint"):
            self.ran.append("hint")
            for hint in hints:
                self.add(self.around(hint))
        if self.deep and self.wants("enhance"):
            self.ran.append("enhance")
            thorough = self.s.thorough
            self.read(equalise(self.gray), decoder=thorough)
            if not self.found and self.in_time():
                self.read(self.gray, decoder=self.s.fixed)
            zbar = [d for d in self.s.fallbacks if d.name == "pyzbar"]
            if zbar and not self.found and self.in_time():
                self.add(zbar[0].decode(self.flattened()))
            if not self.found and self.in_time():
                sigma = max(1.5, min(self.gray.shape) / 160)
                self.read(sharpen(self.gray, sigma, 1.5), decoder=thorough)
        if self.deep and "fallback" in self.s.steps:
            for decoder in self.s.fallbacks:
                if self.found or not self.affords(decoder.name):
                    break
                self.ran.append(decoder.name)
                picture = equalise(self.gray) if decoder.name == "pyzbar" else self.gray
                began = self.s._clock()
                self.add(decoder.decode(picture))
                self.s.note_cost(decoder.name, self.s._clock() - began)
        elapsed = (time.perf_counter() - self.wall_start) * 1000.0
        return DecodeResult(tuple(self.found.values()), elapsed, tuple(self.ran))

    def flattened(self) -> Image:
        """The frame flattened and equalised: what zbar reads best (glare, blur, noise)."""
        return equalise(flatten(self.gray, min(self.gray.shape) * FLAT_SIGMA))

    def read_sizes(self) -> None:
        """The frame at a workable size, then at half that size if nothing at all was there.

        zxing-cpp can look at the smaller sizes itself (``try_downscale``), but
        then does so on every frame; most frames are read at the first size,
        and doing the half size only when needed saves a third of the time.
        A frame larger than a webcam's is first read at 1280 pixels wide.
        """
        scale = 1.0
        picture = self.gray
        if max(picture.shape) > LARGEST_FIRST_LOOK:
            scale = WORKING_SIZE / max(picture.shape)
            picture = cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        located = self.read(picture, scale)
        if not located and min(picture.shape) >= 2 * SMALLEST_LOOK:
            half = cv2.resize(picture, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
            located = self.read(half, scale / 2)
        if not located and scale < 1.0 and self.in_time():
            self.read(self.gray)

    def read(self, picture: Image, scale: float = 1.0, decoder: ZxingDecoder | None = None) -> bool:
        """zxing-cpp on ``picture`` (``scale`` times the frame's size), then the rescue of
        whatever it located but could not read.  True when it found or located anything."""
        detections, failed = (decoder or self.s.primary).read(picture)
        if scale != 1.0:
            detections = [d.moved(1.0 / scale) for d in detections]
            failed = [tuple((x / scale, y / scale) for x, y in c) for c in failed]
        self.add(detections)
        candidates = [c for c in failed if self.worth_rescue(c)][:4]
        located = bool(detections or candidates)
        if candidates and "rescue" in self.s.steps and self.in_time():
            if "rescue" not in self.ran:
                self.ran.append("rescue")
            for corners in candidates:
                if not self.in_time():
                    break
                if self.worth_rescue(corners):
                    self.add(self.rescue(corners))
        return located

    def worth_rescue(self, corners: Corners) -> bool:
        """Not degenerate (zxing-cpp reports some failures at 0,0), not inside a code already read."""
        if _area(corners) < 100:
            return False
        centre = _centre(corners)
        return not any(_contains(d.corners, centre) for d in self.found.values())

    def rescue(self, corners: Corners) -> list[Detection]:
        square, back = rectify(self.gray, corners)
        for prepare in _RESCUES:
            detections = self.s.primary.decode(prepare(square))
            if detections:
                return [_map(d, back) for d in detections]
            if not self.in_time():
                return []
        for decoder in self.s.fallbacks:
            if decoder.name == "pyzbar" and self.in_time():
                detections = decoder.decode(_deblur(square))
                if detections:
                    return [_map(d, back) for d in detections]
        return []

    def around(self, hint: Corners) -> list[Detection]:
        """Retry the area round a recent code, enlarged so that its modules are a few pixels wide."""
        cropped = _crop(self.gray, hint, grow=0.6)
        if cropped is None:
            return []
        crop, x0, y0 = cropped
        side = max(crop.shape)
        scale = 1.0 if side >= 240 else 240.0 / side
        if scale > 1.0:
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        for prepare in (lambda g: g, *_RESCUES[:1]):
            detections = self.s.primary.decode(prepare(crop))
            if detections:
                return [d.moved(1.0 / scale, x0, y0) for d in detections]
            if not self.in_time():
                break
        return []
