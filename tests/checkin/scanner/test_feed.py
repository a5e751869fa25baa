"""The camera feed: a lost camera is a state with a reason, retried with backoff, and recovers."""

from __future__ import annotations

import pytest

from checkin.scanner.feed import Backoff, Feed, FeedState, FeedStatus
from checkin.scanner.frames import Frame
from checkin.scanner.sources import CameraSource, SourceEnded

from .fakes import Camera


@pytest.fixture
def camera() -> Camera:
    return Camera()


@pytest.fixture
def changes() -> list[FeedStatus]:
    return []


@pytest.fixture
def feed(camera: Camera, changes: list[FeedStatus]) -> Feed:
    return Feed(CameraSource(0, factory=camera.factory), on_status=changes.append)


@pytest.mark.parametrize(
    ("attempts", "delay"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 10.0), (60, 10.0)]
)
def test_backoff_doubles_up_to_ten_seconds(attempts: int, delay: float) -> None:
    assert Backoff().delay(attempts) == delay


def test_feed_opens_on_first_use_and_goes_live(feed: Feed, changes: list[FeedStatus]) -> None:
    assert feed.status.state is FeedState.STARTING
    assert isinstance(feed.next(0.0), Frame)
    assert [c.state for c in changes] == [FeedState.LIVE]


def test_unplugged_camera_is_lost_with_the_reason(
    feed: Feed, camera: Camera, changes: list[FeedStatus]
) -> None:
    feed.next(0.0)
    camera.plugged = False
    assert feed.next(1.0) is None
    assert feed.status.state is FeedState.CAMERA_LOST
    assert feed.status.state == "camera_lost"
    assert "stopped delivering frames" in feed.status.reason
    assert changes[-1] == feed.status


def test_lost_camera_is_retried_with_growing_waits_not_in_a_busy_loop(
    feed: Feed, camera: Camera
) -> None:
    feed.next(0.0)
    camera.plugged = False
    feed.next(10.0)  # lost at t=10: first retry at 10.5
    opened = camera.opened
    assert feed.wait(10.0) == pytest.approx(0.5)
    assert feed.next(10.2) is None and camera.opened == opened  # too early: no attempt
    feed.next(10.5)  # attempt 1 fails: next in 0.5 s
    feed.next(11.0)  # attempt 2 fails: next in 1 s
    feed.next(12.0)  # attempt 3 fails: next in 2 s
    assert camera.opened == opened + 3
    assert feed.status.attempts == 3
    assert feed.status.retry_at == pytest.approx(14.0)
    assert "did not open" in feed.status.reason


def test_camera_plugged_back_in_is_live_again(
    feed: Feed, camera: Camera, changes: list[FeedStatus]
) -> None:
    feed.next(0.0)
    camera.plugged = False
    feed.next(1.0)
    feed.next(1.5)
    camera.plugged = True
    assert isinstance(feed.next(3.0), Frame)
    assert feed.status == FeedStatus(FeedState.LIVE, "camera 0")
    assert feed.wait(3.0) == 0.0
    assert [c.state for c in changes] == [
        FeedState.LIVE,
        FeedState.CAMERA_LOST,
        FeedState.CAMERA_LOST,
        FeedState.LIVE,
    ]


def test_camera_missing_from_the_start_is_lost_then_found() -> None:
    camera = Camera(plugged=False)
    feed = Feed(CameraSource(1, factory=camera.factory))
    assert feed.next(0.0) is None
    assert feed.status.state is FeedState.CAMERA_LOST
    assert feed.status.attempts == 1
    camera.plugged = True
    assert isinstance(feed.next(1.0), Frame)


def test_a_listener_that_raises_does_not_stop_the_feed(camera: Camera) -> None:
    def broken(status: FeedStatus) -> None:
        raise RuntimeError("listener bug")

    feed = Feed(CameraSource(0, factory=camera.factory), on_status=broken)
    assert isinstance(feed.next(0.0), Frame)


class TwoFrames:
    description = "two frames"

    def __init__(self) -> None:
        self.left = 2
        self.closed = False

    def open(self) -> None:
        pass

    def read(self) -> Frame:
        if not self.left:
            raise SourceEnded(self.description)
        self.left -= 1
        return Frame(Camera().image, 2 - self.left, 0.0)

    def close(self) -> None:
        self.closed = True


def test_a_finite_source_ends_and_stays_ended() -> None:
    source = TwoFrames()
    feed = Feed(source)
    assert feed.next(0.0) is not None and feed.next(0.0) is not None
    assert feed.next(0.0) is None
    assert feed.status.state is FeedState.ENDED
    assert source.closed
    assert feed.next(100.0) is None


class Exploding:
    """A driver that raises something nobody planned for."""

    description = "camera 9"

    def __init__(self, when: str) -> None:
        self.when = when

    def open(self) -> None:
        if self.when == "open":
            raise OSError("ioctl failed")

    def read(self) -> Frame:
        raise MemoryError("driver out of buffers")

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        ("open", "camera 9 failed to open: ioctl failed"),
        ("read", "camera 9 failed: driver out of buffers"),
    ],
)
def test_an_unforeseen_driver_error_is_a_lost_camera_not_a_crash(when: str, reason: str) -> None:
    feed = Feed(Exploding(when))
    assert feed.next(0.0) is None
    assert feed.status.state is FeedState.CAMERA_LOST
    assert feed.status.reason == reason
