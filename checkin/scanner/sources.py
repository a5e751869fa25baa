"""Frame sources behind one interface: a camera, a video file, a folder of pictures.

A source is opened, read frame by frame and closed; it says what went
wrong by raising ``SourceLost`` (a camera unplugged, a file that does not
open, with a sentence saying so) or ``SourceEnded`` (a file or folder has no
more frames).  Keeping a camera open across failures is the job of
``checkin.scanner.feed``, not of the sources: they stay simple and
synchronous, and tests drive them with fake captures.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

import cv2

from checkin.scanner.frames import Clock, Frame

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"})


class SourceLost(Exception):
    """A source cannot deliver frames now; the message says why and what to check."""


class SourceEnded(Exception):
    """A finite source (a video file, a folder) has delivered its last frame."""


class FrameSource(Protocol):
    description: str

    def open(self) -> None:
        """Get ready to deliver frames; raises ``SourceLost`` with the reason when it cannot."""
        ...

    def read(self) -> Frame:
        """The next frame; raises ``SourceLost`` or ``SourceEnded``."""
        ...

    def close(self) -> None: ...


class Capture(Protocol):
    """The part of ``cv2.VideoCapture`` the sources use (so tests can pass a fake)."""

    def isOpened(self) -> bool: ...  # noqa: N802 - OpenCV's name

    def read(self) -> tuple[bool, Any]: ...

    def set(self, prop: int, value: float) -> bool: ...

    def get(self, prop: int) -> float: ...

    def release(self) -> None: ...


CaptureFactory = Callable[[int | str], Capture]


def parse_device(text: str) -> int | str:
    """``"0"`` is camera index 0; anything else (``/dev/video2``, a URL) is a path."""
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped


def _open_capture(device: int | str) -> Capture:
    # OpenCV prints two warnings to stderr for every camera it cannot open,
    # and a lost camera is retried every few seconds: the desk says
    # "camera lost" itself, so keep OpenCV to errors.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    capture: Capture = cv2.VideoCapture(device)
    return capture


class CameraSource:
    """A webcam through OpenCV, by index or device path, at a chosen resolution.

    A camera asked for a resolution it does not support picks its nearest;
    the size obtained is logged and kept in ``size``.  A few failed reads in
    a row (one can be a hiccup) mean the camera is gone.
    """

    def __init__(
        self,
        device: int | str = 0,
        *,
        width: int = 1280,
        height: int = 720,
        fps: float | None = None,
        factory: CaptureFactory = _open_capture,
        clock: Clock = time.monotonic,
        failed_reads: int = 3,
    ) -> None:
        self.device = device
        self.wanted = (width, height)
        self.fps = fps
        self.size: tuple[int, int] | None = None
        self.description = f"camera {device}"
        self._factory = factory
        self._clock = clock
        self._failed_reads = failed_reads
        self._capture: Capture | None = None
        self._index = 0

    def open(self) -> None:
        self.close()
        try:
            capture = self._factory(self.device)
        except Exception as error:  # OpenCV backends raise a variety of things
            raise SourceLost(f"{self.description} could not be opened: {error}") from error
        if not capture.isOpened():
            capture.release()
            raise SourceLost(
                f"{self.description} did not open: it is unplugged, used by another "
                "program, or this user may not use it"
            )
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.wanted[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.wanted[1])
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # keep no backlog inside the driver
        if self.fps:
            capture.set(cv2.CAP_PROP_FPS, self.fps)
        self.size = (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        if self.size != self.wanted:
            log.info("%s gives %dx%d (asked for %dx%d)", self.description, *self.size, *self.wanted)
        self._capture = capture

    def read(self) -> Frame:
        if self._capture is None:
            raise SourceLost(f"{self.description} is not open")
        for _ in range(self._failed_reads):
            ok, image = self._capture.read()
            if ok and image is not None:
                self._index += 1
                return Frame(image, self._index, self._clock())
        self.close()
        raise SourceLost(f"{self.description} stopped delivering frames (unplugged?)")

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFileSource:
    """Frames of a video file, as fast as they decode or at the file's own pace.

    ``realtime=True`` plays the file at its frame rate (for a demo kiosk), so
    that the pipeline drops frames the way it would with a camera.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        realtime: bool = False,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.description = f"video {self.path.name}"
        self._realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._capture: Any = None
        self._index = 0
        self._period = 0.0
        self._started = 0.0

    def open(self) -> None:
        self.close()
        if not self.path.is_file():
            raise SourceLost(f"no video file at {self.path}")
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise SourceLost(f"{self.path} is not a video this machine can decode")
        fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        self._period = 1.0 / fps if fps > 0 else 1.0 / 30
        self._capture = capture
        self._index = 0
        self._started = self._clock()

    def read(self) -> Frame:
        if self._capture is None:
            raise SourceLost(f"{self.description} is not open")
        ok, image = self._capture.read()
        if not ok or image is None:
            raise SourceEnded(self.description)
        if self._realtime:
            due = self._started + self._index * self._period
            delay = due - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._index += 1
        return Frame(image, self._index, self._clock())

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


def image_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


class ImageFolderSource:
    """The pictures in a folder, in name order; a picture that does not load is skipped."""

    def __init__(self, folder: Path | str, *, loop: bool = False, clock: Clock = time.monotonic):
        self.folder = Path(folder)
        self.description = f"folder {self.folder.name}"
        self._loop = loop
        self._clock = clock
        self._files: list[Path] = []
        self._queue: Iterator[Path] = iter(())
        self._index = 0

    def open(self) -> None:
        if not self.folder.is_dir():
            raise SourceLost(f"no folder at {self.folder}")
        self._files = image_files(self.folder)
        if not self._files:
            raise SourceLost(
                f"no pictures in {self.folder} (looked for {', '.join(sorted(IMAGE_SUFFIXES))})"
            )
        self._queue = iter(self._files)

    def read(self) -> Frame:
        for _ in range(2 * len(self._files) + 1):
            path = next(self._queue, None)
            if path is None:
                if not self._loop:
                    raise SourceEnded(self.description)
                self._queue = iter(self._files)
                continue
            image = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if image is None:
                log.warning("skipping %s: not a picture OpenCV can read", path)
                continue
            self._index += 1
            return Frame(image, self._index, self._clock())
        raise SourceEnded(self.description)

    def close(self) -> None:
        self._queue = iter(())
