"""Scanners for the kiosk: the core's scan pipeline over a frame source, or none.

``PipelineScanner`` adapts ``checkin.scanner.pipeline.ScanPipeline`` (plain
threads, no Qt) to the kiosk's ``Scanner``: its callbacks, which run on the
pipeline's threads, only call the bridge's ``report_*`` methods, and those
only emit queued signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from checkin.scanner.feed import FeedState, FeedStatus
from checkin.scanner.pipeline import CodeRead, FrameView, ScanPipeline
from checkin.scanner.sources import CameraSource, FrameSource, ImageFolderSource, VideoFileSource
from checkin.scanner.synthetic import SyntheticCamera
from ui.kiosk.errors import ScannerUnavailable
from ui.kiosk.scanning import CameraState, NoScanner, Rates, ScanBridge, Scanner

log = logging.getLogger(__name__)

STATES = {
    FeedState.STARTING: CameraState.STARTING,
    FeedState.LIVE: CameraState.RUNNING,
    FeedState.CAMERA_LOST: CameraState.LOST,
    FeedState.ENDED: CameraState.STOPPED,
}
SOURCES = ("camera", "video", "folder", "synthetic", "none")


class PipelineScanner:
    """Runs a ``ScanPipeline`` on ``source`` and reports to the kiosk's bridge."""

    def __init__(self, source: FrameSource, *, deep_every: int = 3) -> None:
        self.source = source
        self.deep_every = deep_every
        self.pipeline: ScanPipeline | None = None
        self._bridge: ScanBridge | None = None
        self._lock = threading.Lock()
        self._last = (time.monotonic(), 0, 0)

    def start(self, bridge: ScanBridge) -> None:
        self._bridge = bridge
        bridge.report_camera(CameraState.STARTING, self.source.description)
        self.pipeline = ScanPipeline(
            self.source,
            on_code=self._code,
            on_frame=self._frame,
            on_status=self._status,
            deep_every=self.deep_every,
        )
        self.pipeline.start()

    def stop(self) -> None:
        if self.pipeline is not None:
            self.pipeline.stop()
            self.pipeline = None

    def rates(self) -> Rates:
        """Frames and codes per second since the last call (the status line asks every second)."""
        if self.pipeline is None:
            return Rates()
        stats = self.pipeline.stats()
        now = time.monotonic()
        with self._lock:
            then, frames, codes = self._last
            self._last = (now, stats.frames_decoded, stats.codes_read)
        elapsed = max(now - then, 1e-3)
        return Rates(
            (stats.frames_decoded - frames) / elapsed, (stats.codes_read - codes) / elapsed
        )

    # Called on the pipeline's threads: hand over to the UI thread, nothing more.

    def _code(self, read: CodeRead) -> None:
        if self._bridge is not None:
            self._bridge.report_code(read.text)

    def _frame(self, view: FrameView) -> None:
        if self._bridge is not None:
            outlines = [d.corners for d in view.detections]
            self._bridge.report_frame(view.frame.image, outlines)

    def _status(self, status: FeedStatus) -> None:
        if self._bridge is not None:
            self._bridge.report_camera(STATES[status.state], status.reason or status.source)


def make_scanner(
    source: str,
    *,
    camera: int = 0,
    input_path: Path | None = None,
    codes: Sequence[str] | None = None,
) -> Scanner:
    """The scanner for ``--source``; a camera that is missing is not an error (it is retried)."""
    if source == "none":
        return NoScanner()
    if source == "camera":
        return PipelineScanner(CameraSource(camera))
    if source in ("video", "folder"):
        if input_path is None:
            raise ScannerUnavailable(f"--source {source} needs --input PATH")
        if source == "video":
            return PipelineScanner(VideoFileSource(input_path, realtime=True))
        return PipelineScanner(ImageFolderSource(input_path, loop=True))
    if source == "synthetic":
        if not codes:
            raise ScannerUnavailable("the synthetic camera needs badge codes to show")
        # 960x540 at 15 frames/s: lifelike for the demo, light on a small machine.
        return PipelineScanner(SyntheticCamera(codes, width=960, height=540, fps=15.0, seed=7))
    raise ScannerUnavailable(f"unknown frame source {source!r}; choose one of {', '.join(SOURCES)}")
