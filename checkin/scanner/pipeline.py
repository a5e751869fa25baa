"""The scan pipeline: the newest frame only, decoded off the UI thread, each code read once.

Two plain threads and no Qt, so that the kiosk, the CLI and the benches use
the same thing:

- the capture thread reads the ``Feed`` as fast as the camera delivers and
  puts each frame in a one-frame slot, replacing (dropping) any frame not
  yet taken: decoding slower than the camera costs frames, never latency;
- the decode worker takes the newest frame, decodes it with the
  ``Strategy`` (hinted with where codes were lately seen), and reports.

A badge held in front of the camera is one read, not thirty: a code is
reported again only after it has been out of sight for ``hold_s`` seconds
(so a badge taken away and shown again is a new read, which the desk
answers, e.g. "already inside").  Every code is reported, badge or not: the
desk decides what it means; the pipeline never swallows a read.

Callbacks are called from the worker thread (``on_code``, ``on_frame``) or
the capture thread (``on_status``); a Qt window must hand them over to its
own thread (a queued signal).  An exception in a callback is logged and
the pipeline carries on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from checkin.scanner.decoders import Corners, Detection
from checkin.scanner.feed import DEFAULT_BACKOFF, Backoff, Feed, FeedState, FeedStatus
from checkin.scanner.frames import Clock, Frame
from checkin.scanner.sources import FrameSource
from checkin.scanner.strategy import FrameReader, default_strategy

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class CodeRead:
    """A code newly in front of the camera, with its outline and timings (pipeline clock)."""

    text: str
    corners: Corners
    frame_index: int
    captured: float  # when the frame it was read in was captured
    decoded: float  # when decoding that frame finished


@dataclass(frozen=True)
class FrameView:
    """A decoded frame for display, with the outlines of the codes in it."""

    frame: Frame
    detections: tuple[Detection, ...]
    decode_ms: float


@dataclass(frozen=True)
class PipelineStats:
    """Counters for the desk health view."""

    frames_seen: int
    frames_dropped: int
    frames_decoded: int
    frames_failed: int  # decoding raised (logged); the pipeline carried on
    codes_read: int
    decode_ms_total: float
    decode_ms_recent_p95: float
    status: FeedStatus | None

    @property
    def decode_ms_mean(self) -> float:
        return self.decode_ms_total / self.frames_decoded if self.frames_decoded else 0.0


class FrameSlot:
    """A mailbox for one frame: putting a frame replaces the one not yet taken."""

    def __init__(self) -> None:
        self._frame: Frame | None = None
        self._closed = False
        self._ready = threading.Condition()
        self.put_count = 0
        self.dropped = 0

    def put(self, frame: Frame) -> None:
        with self._ready:
            self.put_count += 1
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._ready.notify()

    def take(self, timeout: float | None = None) -> Frame | None:
        """The newest frame, waiting up to ``timeout``; None when closed or timed out."""
        with self._ready:
            if self._frame is None and not self._closed:
                self._ready.wait(timeout)
            frame, self._frame = self._frame, None
            return frame

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    def reopen(self) -> None:
        with self._ready:
            self._closed = False


class SeenCodes:
    """Which codes are in sight: a code is new when it was not seen in the last ``hold_s``."""

    def __init__(self, hold_s: float = 1.5) -> None:
        self.hold_s = hold_s
        self._last: dict[str, tuple[float, Corners]] = {}

    def update(self, detections: Sequence[Detection], at: float) -> list[Detection]:
        """Record ``detections`` seen at time ``at``; return those that are new reads."""
        self._forget(at)
        new = [d for d in detections if d.text not in self._last]
        for detection in detections:
            self._last[detection.text] = (at, detection.corners)
        return new

    def hints(self, at: float, within: float) -> list[Corners]:
        """Outlines of codes seen in the last ``within`` seconds: where to look first."""
        return [corners for seen, corners in self._last.values() if at - seen <= within]

    def _forget(self, at: float) -> None:
        stale = [text for text, (seen, _) in self._last.items() if at - seen > self.hold_s]
        for text in stale:
            del self._last[text]


class ScanPipeline:
    """Reads codes from a source (or from frames pushed with ``submit``) on a worker thread.

    ``on_code`` is where a read goes; the kiosk connects it to ``Desk.scan``.
    ``make_strategy`` is called on the worker thread (decoders are not
    thread-safe).
    ``deep_every`` limits the costly steps of the strategy on frames with no
    code in sight and no candidate to every n-th frame, which keeps an empty
    desk from burning a core; 1 means every frame.
    """

    def __init__(
        self,
        source: FrameSource | None = None,
        *,
        on_code: Callable[[CodeRead], None],
        on_frame: Callable[[FrameView], None] | None = None,
        on_status: Callable[[FeedStatus], None] | None = None,
        make_strategy: Callable[[], FrameReader] = default_strategy,
        hold_s: float = 1.5,
        hint_s: float = 1.0,
        deep_every: int = 3,
        backoff: Backoff = DEFAULT_BACKOFF,
        clock: Clock = time.monotonic,
    ) -> None:
        self.on_code = on_code
        self.on_frame = on_frame
        self.on_status = on_status
        self._make_strategy = make_strategy
        self.seen = SeenCodes(hold_s)
        self.hint_s = hint_s
        self.deep_every = max(1, deep_every)
        self.clock = clock
        self.feed = (
            None if source is None else Feed(source, backoff=backoff, on_status=self._status)
        )
        self.slot = FrameSlot()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._progress = threading.Condition(self._lock)
        self._decoded = 0
        self._failed = 0
        self._codes = 0
        self._decode_ms_total = 0.0
        self._recent_ms: deque[float] = deque(maxlen=300)
        self._since_deep = 0
        self.latest: FrameView | None = None

    # -- running -------------------------------------------------------------

    def start(self) -> None:
        if self._threads:
            raise RuntimeError("the scan pipeline is already running")
        self._stop.clear()
        self.slot.reopen()
        self._threads = [
            threading.Thread(target=self._decode_loop, name="scan-decode", daemon=True)
        ]
        if self.feed is not None:
            self._threads.append(
                threading.Thread(target=self._capture_loop, name="scan-capture", daemon=True)
            )
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self.slot.close()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []
        if self.feed is not None:
            self.feed.close()

    def submit(self, frame: Frame) -> None:
        """Offer a frame (push mode, for tests and benches); it replaces one not yet decoded."""
        self.slot.put(frame)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every submitted frame is decoded or dropped (for tests and benches)."""
        with self._progress:
            return self._progress.wait_for(
                lambda: self._decoded + self._failed + self.slot.dropped >= self.slot.put_count,
                timeout,
            )

    def wait_decoded(self, at_least: int, timeout: float) -> bool:
        """Wait until ``at_least`` frames have been decoded in all (for tests and benches)."""
        with self._progress:
            return self._progress.wait_for(lambda: self._decoded >= at_least, timeout)

    def stats(self) -> PipelineStats:
        with self._lock:
            recent = sorted(self._recent_ms)
            p95 = recent[int(0.95 * (len(recent) - 1))] if recent else 0.0
            return PipelineStats(
                frames_seen=self.slot.put_count,
                frames_dropped=self.slot.dropped,
                frames_decoded=self._decoded,
                frames_failed=self._failed,
                codes_read=self._codes,
                decode_ms_total=self._decode_ms_total,
                decode_ms_recent_p95=p95,
                status=self.feed.status if self.feed is not None else None,
            )

    # -- threads -------------------------------------------------------------

    def _capture_loop(self) -> None:
        assert self.feed is not None
        feed = self.feed
        while not self._stop.is_set():
            frame = feed.next(self.clock())
            if frame is not None:
                self.slot.put(frame)
            elif feed.status.state is FeedState.ENDED:
                break
            else:
                self._stop.wait(max(0.01, feed.wait(self.clock())))

    def _decode_loop(self) -> None:
        strategy = self._make_strategy()  # made here: decoders belong to one thread
        while not self._stop.is_set():
            frame = self.slot.take(timeout=0.25)
            if frame is None:
                continue
            try:
                self.process(frame, strategy)
            except Exception:  # one bad frame must not end the reading
                log.exception("decoding frame %d failed", frame.index)
                with self._lock:
                    self._failed += 1
                    self._progress.notify_all()

    def process(self, frame: Frame, strategy: FrameReader) -> list[CodeRead]:
        """Decode one frame and report it; the worker's step, callable directly in tests."""
        hints = self.seen.hints(frame.captured, self.hint_s)
        self._since_deep += 1
        deep = bool(hints) or self._since_deep >= self.deep_every
        result = strategy.decode(frame.image, hints, deep=deep)
        if deep or result.detections:
            self._since_deep = 0
        decoded = self.clock()
        new = self.seen.update(result.detections, frame.captured)
        reads = [CodeRead(d.text, d.corners, frame.index, frame.captured, decoded) for d in new]
        with self._lock:
            self._decoded += 1
            self._codes += len(reads)
            self._decode_ms_total += result.ms
            self._recent_ms.append(result.ms)
            self._progress.notify_all()
        for read in reads:
            self._call(self.on_code, read)
        view = FrameView(frame, result.detections, result.ms)
        self.latest = view
        if self.on_frame is not None:
            self._call(self.on_frame, view)
        return reads

    def _status(self, status: FeedStatus) -> None:
        if self.on_status is not None:
            self._call(self.on_status, status)

    @staticmethod
    def _call(callback: Callable[[T], None], value: T) -> None:
        try:
            callback(value)
        except Exception:  # one failing listener must not stop the desk reading
            log.exception("scan pipeline callback failed")
