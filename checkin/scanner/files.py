"""Decoding pictures and videos from disk: what ``checkin decode`` does, as one function.

Each path gives one result, never an exception: a missing or unreadable
file, a picture from a stranger whose header claims a billion pixels, or a
folder with no pictures is a result with an ``error`` sentence, so a batch
of a thousand pictures reports the one bad file and carries on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from checkin.scanner.decoders import Corners
from checkin.scanner.frames import Image
from checkin.scanner.sources import IMAGE_SUFFIXES, SourceEnded, SourceLost, VideoFileSource
from checkin.scanner.strategy import Strategy, default_strategy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileResult:
    """The codes in one file (distinct, in order of first appearance) and how long it took."""

    path: str
    codes: list[str] = field(default_factory=list)
    ms: float = 0.0
    error: str | None = None
    frames: int | None = None  # for a video: how many frames were decoded

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "codes": self.codes, "ms": round(self.ms, 2)}
        if self.frames is not None:
            data["frames"] = self.frames
        if self.error is not None:
            data["error"] = self.error
        return data


def read_picture(path: Path) -> Image | None:
    """A picture's pixels, or None; reads bytes first so non-ASCII paths work on Windows too."""
    data = np.fromfile(str(path), dtype=np.uint8)
    if data.size == 0:
        return None
    image: Image | None = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return image


def expand(paths: Iterable[Path]) -> Iterator[Path | FileResult]:
    """Each path, with a folder replaced by the pictures in it (name order).

    A folder that holds no picture is reported as such rather than passed
    over in silence: the user named it expecting codes.
    """
    for path in paths:
        if path.is_dir():
            pictures = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
            if not pictures:
                suffixes = ", ".join(sorted(IMAGE_SUFFIXES))
                yield FileResult(str(path), error=f"no pictures in folder {path} ({suffixes})")
            yield from pictures
        else:
            yield path


def decode_file(path: Path, strategy: Strategy) -> FileResult:
    """The codes in a picture (PNG, JPEG, ...) or, for any other file, a video."""
    start = time.perf_counter()
    name = str(path)
    if not path.exists():
        return FileResult(name, error=f"no such file: {path}")
    if not path.is_file():
        return FileResult(name, error=f"not a file: {path}")
    try:
        if path.suffix.lower() in IMAGE_SUFFIXES:
            image = read_picture(path)
            if image is None:
                return FileResult(name, error=f"not a picture that can be read: {path}")
            codes = strategy.decode(image).texts
            return FileResult(name, codes, (time.perf_counter() - start) * 1000)
        codes, frames = _decode_video(path, strategy)
    except OSError as error:
        return FileResult(name, error=f"cannot read {path}: {error.strerror or error}")
    except SourceLost as error:
        return FileResult(name, error=str(error))
    except (cv2.error, MemoryError) as error:
        # OpenCV refuses pictures over 2^30 pixels (a header can claim any
        # size) and other malformed data by raising: that is this file's
        # result, not the end of the batch.
        reason = getattr(error, "err", None) or str(error).strip() or "out of memory"
        return FileResult(name, error=f"not a picture that can be read: {path} (OpenCV: {reason})")
    return FileResult(name, codes, (time.perf_counter() - start) * 1000, frames=frames)


def _decode_video(path: Path, strategy: Strategy) -> tuple[list[str], int]:
    source = VideoFileSource(path)
    source.open()
    codes: dict[str, None] = {}
    hints: list[Corners] = []
    frames = 0
    try:
        while True:
            try:
                frame = source.read()
            except SourceEnded:
                break
            frames += 1
            result = strategy.decode(frame.image, hints)
            hints = [d.corners for d in result.detections]
            codes.update(dict.fromkeys(result.texts))
    finally:
        source.close()
    if frames == 0:
        raise SourceLost(f"{path} has no frames that can be decoded")
    return list(codes), frames


def decode_paths(paths: Iterable[Path], strategy: Strategy | None = None) -> Iterator[FileResult]:
    """One result per picture or video (folders expanded), in the order given."""
    strategy = strategy or default_strategy()
    for item in expand(paths):
        yield item if isinstance(item, FileResult) else decode_file(item, strategy)
