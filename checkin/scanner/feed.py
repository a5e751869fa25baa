"""Keeping a frame source going: its state for the desk, and reopening it with backoff.

A camera that is unplugged, or never opened, is a state the desk shows
(``camera_lost`` with the reason), never an exception that ends the kiosk.
The feed retries after 0.5 s, then 1, 2, 4 ... up to 10 s between attempts,
so a camera plugged back in is picked up within seconds without a busy loop
hammering the driver meanwhile.  It is synchronous and takes ``now`` from
its caller, so tests walk it through loss and recovery without sleeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from checkin.scanner.frames import Frame
from checkin.scanner.sources import FrameSource, SourceEnded, SourceLost

log = logging.getLogger(__name__)


class FeedState(StrEnum):
    STARTING = "starting"
    LIVE = "live"
    CAMERA_LOST = "camera_lost"
    ENDED = "ended"  # a file or folder has no more frames


@dataclass(frozen=True)
class FeedStatus:
    """What the desk health view shows about the camera."""

    state: FeedState
    source: str
    reason: str = ""
    attempts: int = 0  # failed opening attempts since the source was last live
    retry_at: float | None = None


@dataclass(frozen=True)
class Backoff:
    first: float = 0.5
    factor: float = 2.0
    longest: float = 10.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait after ``attempts`` failed attempts in a row (1 or more)."""
        return float(min(self.longest, self.first * self.factor ** max(0, attempts - 1)))


DEFAULT_BACKOFF = Backoff()


class Feed:
    """Frames from ``source`` whatever happens to it; ``on_status`` hears every change of state.

    ``on_status`` is called from whichever thread calls ``next`` (the
    pipeline's capture thread).
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        backoff: Backoff = DEFAULT_BACKOFF,
        on_status: Callable[[FeedStatus], None] | None = None,
    ) -> None:
        self.source = source
        self.backoff = backoff
        self.on_status = on_status
        self.status = FeedStatus(FeedState.STARTING, source.description)
        self._retry_at: float | None = None  # None: try at once

    def next(self, now: float) -> Frame | None:
        """The next frame, or None when there is none now (see ``status`` and ``wait``)."""
        state = self.status.state
        if state is FeedState.ENDED:
            return None
        if state is not FeedState.LIVE:
            if self._retry_at is not None and now < self._retry_at:
                return None
            if not self._open(now):
                return None
        try:
            return self.source.read()
        except SourceEnded:
            self.source.close()
            self._set(FeedStatus(FeedState.ENDED, self.source.description))
            return None
        except SourceLost as error:
            self.source.close()
            self._lost(str(error), now, attempts=0)
            return None
        except Exception as error:  # a driver failing in a way nobody foresaw: still a state
            log.exception("%s failed", self.source.description)
            self.source.close()
            self._lost(f"{self.source.description} failed: {error}", now, attempts=0)
            return None

    def wait(self, now: float) -> float:
        """How long the caller may sleep before ``next`` has anything to do."""
        if self.status.state is FeedState.LIVE or self._retry_at is None:
            return 0.0
        return max(0.0, self._retry_at - now)

    def close(self) -> None:
        self.source.close()

    def _open(self, now: float) -> bool:
        try:
            self.source.open()
        except SourceLost as error:
            self._lost(str(error), now, attempts=self.status.attempts + 1)
            return False
        except Exception as error:
            log.exception("%s failed to open", self.source.description)
            reason = f"{self.source.description} failed to open: {error}"
            self._lost(reason, now, attempts=self.status.attempts + 1)
            return False
        log.info("%s is live", self.source.description)
        self._retry_at = None
        self._set(FeedStatus(FeedState.LIVE, self.source.description))
        return True

    def _lost(self, reason: str, now: float, attempts: int) -> None:
        self._retry_at = now + self.backoff.delay(max(1, attempts))
        if self.status.state is not FeedState.CAMERA_LOST or self.status.reason != reason:
            log.warning("%s; retrying", reason)
        self._set(
            FeedStatus(
                FeedState.CAMERA_LOST,
                self.source.description,
                reason,
                attempts,
                self._retry_at,
            )
        )

    def _set(self, status: FeedStatus) -> None:
        self.status = status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:  # a broken listener must not stop the camera
                log.exception("camera status listener failed")
