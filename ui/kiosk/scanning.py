"""The bridge from the scanning thread to the UI thread.

The scanner pipeline decodes on its own worker thread and calls back from
there; Qt widgets may only be touched from the UI thread.  ``ScanBridge``
lives in the UI thread and its ``report_*`` methods only emit signals,
which Qt queues across threads (the connections are made queued
explicitly), so a callback from the worker never blocks on the UI and the
UI never runs decoding.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ui.common.images import to_qimage

log = logging.getLogger(__name__)

Corners = tuple[tuple[float, float], ...]
FRAME_INTERVAL = 1 / 15  # the preview needs no more; decoding sees every frame


class CameraState(StrEnum):
    NONE = "none"  # no camera configured: USB scanner and search only
    STARTING = "starting"
    RUNNING = "running"
    LOST = "lost"  # unplugged or failing: the pipeline retries
    STOPPED = "stopped"


@dataclass(frozen=True)
class Rates:
    frames_per_second: float = 0.0
    decodes_per_second: float = 0.0


class Scanner(Protocol):
    """What the kiosk needs from a scanning pipeline (started with a bridge to report to)."""

    def start(self, bridge: ScanBridge) -> None: ...
    def stop(self) -> None: ...
    def rates(self) -> Rates: ...


class ScanBridge(QObject):
    """Thread-safe entry points for the scanner; Qt signals out to the window."""

    code_read = Signal(str, float)  # text, time.perf_counter() when it was read
    frame_ready = Signal(QImage, list)  # preview picture, outlines (list of Corners)
    camera_changed = Signal(CameraState, str)  # detail for the status line

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last_frame = 0.0
        self._lock = threading.Lock()
        self.state = CameraState.NONE

    def report_code(self, text: str, read_at: float | None = None) -> None:
        self.code_read.emit(text, time.perf_counter() if read_at is None else read_at)

    def report_frame(
        self, picture: npt.NDArray[np.uint8], outlines: Sequence[Corners] = ()
    ) -> None:
        """Offer a camera frame for the preview; dropped if one was shown very recently.

        A frame with an outline is always passed, so the detected code is seen.
        """
        now = time.monotonic()
        with self._lock:
            if not outlines and now - self._last_frame < FRAME_INTERVAL:
                return
            self._last_frame = now
        self.frame_ready.emit(to_qimage(picture), list(outlines))

    def report_camera(self, state: CameraState, detail: str = "") -> None:
        if state is not self.state:
            log.info("camera %s %s", state.value, detail)
        self.state = state
        self.camera_changed.emit(state, detail)


class NoScanner:
    """No camera: the desk works from the USB scanner and search alone."""

    def start(self, bridge: ScanBridge) -> None:
        bridge.report_camera(CameraState.NONE)

    def stop(self) -> None:
        pass

    def rates(self) -> Rates:
        return Rates()
