"""The scan pipeline: newest frame only, each code read once, every read answered, counters."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pytest

from checkin.scanner.decoders import Corners
from checkin.scanner.feed import Backoff, FeedState, FeedStatus
from checkin.scanner.frames import Frame
from checkin.scanner.pipeline import CodeRead, FrameSlot, FrameView, ScanPipeline, SeenCodes
from checkin.scanner.sources import CameraSource
from checkin.scanner.strategy import DecodeResult

from .fakes import SQUARE, Camera, ScriptedStrategy, detection

WAIT = 10.0  # seconds a threaded test waits for an event before it fails


def frame(index: int, at: float | None = None) -> Frame:
    """A frame whose first pixel carries its index (the scripted strategy reads it)."""
    image = np.zeros((8, 8, 3), np.uint8)
    image[0, 0, 0] = index
    return Frame(image, index, at if at is not None else index / 30)


# -- the one-frame slot --------------------------------------------------------


def test_slot_keeps_only_the_newest_frame_and_counts_the_dropped() -> None:
    slot = FrameSlot()
    for i in (1, 2, 3):
        slot.put(frame(i))
    taken = slot.take(timeout=0)
    assert taken is not None and taken.index == 3
    assert (slot.put_count, slot.dropped) == (3, 2)
    assert slot.take(timeout=0) is None


def test_closed_slot_wakes_a_waiting_taker() -> None:
    slot = FrameSlot()
    result: list[Frame | None] = []
    taker = threading.Thread(target=lambda: result.append(slot.take(timeout=WAIT)))
    taker.start()
    slot.close()
    taker.join(WAIT)
    assert result == [None]


# -- which reads are new ---------------------------------------------------------


def test_a_code_held_in_view_is_one_read() -> None:
    seen = SeenCodes(hold_s=1.5)
    reads = [seen.update([detection("A")], t / 30) for t in range(90)]  # 3 s in view
    assert sum(len(r) for r in reads) == 1


def test_a_code_shown_again_after_it_left_is_a_new_read() -> None:
    seen = SeenCodes(hold_s=1.5)
    assert seen.update([detection("A")], 0.0)
    assert not seen.update([], 1.0)
    assert not seen.update([detection("A")], 1.4)  # missed for a moment (blur): same read
    assert seen.update([detection("A")], 3.0)  # away 1.6 s: shown again


def test_two_codes_at_once_are_two_reads_and_a_third_joining_is_one_more() -> None:
    seen = SeenCodes()
    first = seen.update([detection("A"), detection("B")], 0.0)
    later = seen.update([detection("A"), detection("B"), detection("C")], 0.1)
    assert [d.text for d in first] == ["A", "B"]
    assert [d.text for d in later] == ["C"]


def test_hints_are_the_outlines_seen_lately() -> None:
    seen = SeenCodes(hold_s=1.5)
    seen.update([detection("A", SQUARE)], 0.0)
    assert seen.hints(0.5, within=1.0) == [SQUARE]
    assert seen.hints(1.2, within=1.0) == []


# -- one frame through the pipeline ------------------------------------------------


@pytest.fixture
def reads() -> list[CodeRead]:
    return []


def pipeline_for(reads: list[CodeRead], **options: Any) -> ScanPipeline:
    return ScanPipeline(on_code=reads.append, clock=lambda: 99.0, **options)


def test_every_distinct_code_goes_to_on_code_once_with_its_outline_and_times(
    reads: list[CodeRead],
) -> None:
    strategy = ScriptedStrategy({i: ["WS26-1-1-AAAAAAAAAAAAAAAA"] for i in range(1, 31)})
    pipeline = pipeline_for(reads)
    for i in range(1, 31):
        pipeline.process(frame(i), strategy)
    assert [(r.text, r.frame_index, r.corners) for r in reads] == [
        ("WS26-1-1-AAAAAAAAAAAAAAAA", 1, SQUARE)
    ]
    assert (reads[0].captured, reads[0].decoded) == (1 / 30, 99.0)


def test_codes_that_are_not_badges_are_read_too_and_reading_goes_on(
    reads: list[CodeRead],
) -> None:
    script = {1: ["https://example.org"], 2: ["garbage"], 3: ["WS26-1-1-AAAAAAAAAAAAAAAA"]}
    pipeline = pipeline_for(reads)
    for i in (1, 2, 3):
        pipeline.process(frame(i), ScriptedStrategy(script))
    assert [r.text for r in reads] == [
        "https://example.org",
        "garbage",
        "WS26-1-1-AAAAAAAAAAAAAAAA",
    ]


def test_a_failing_on_code_does_not_stop_the_reading() -> None:
    answered: list[str] = []

    def desk(read: CodeRead) -> None:
        answered.append(read.text)
        if read.text == "bad":
            raise ValueError("desk bug")

    pipeline = ScanPipeline(on_code=desk)
    strategy = ScriptedStrategy({1: ["bad"], 2: ["good"]})
    pipeline.process(frame(1), strategy)
    pipeline.process(frame(2), strategy)
    assert answered == ["bad", "good"]


def test_each_decoded_frame_is_shown_with_its_outlines(reads: list[CodeRead]) -> None:
    views: list[FrameView] = []
    pipeline = pipeline_for(reads, on_frame=views.append)
    pipeline.process(frame(1), ScriptedStrategy({1: ["A", "B"]}))
    pipeline.process(frame(2), ScriptedStrategy({}))
    assert [[d.text for d in v.detections] for v in views] == [["A", "B"], []]
    assert pipeline.latest is views[-1]


def test_counters_for_the_health_view(reads: list[CodeRead]) -> None:
    pipeline = pipeline_for(reads)
    strategy = ScriptedStrategy({2: ["A"], 3: ["A"], 4: ["B"]})
    for i in range(1, 6):
        pipeline.process(frame(i), strategy)
    stats = pipeline.stats()
    assert (stats.frames_decoded, stats.codes_read) == (5, 2)
    assert stats.decode_ms_total == 5.0 and stats.decode_ms_mean == 1.0
    assert stats.status is None  # frames pushed, no camera


def test_the_costly_steps_run_on_every_nth_empty_frame_and_always_near_a_code(
    reads: list[CodeRead],
) -> None:
    strategy = ScriptedStrategy({4: ["A"]})
    pipeline = pipeline_for(reads, deep_every=3)
    for i in range(1, 8):
        pipeline.process(frame(i), strategy)
    deep = [d for _, d, _ in strategy.calls]
    hinted = [h > 0 for _, _, h in strategy.calls]
    assert deep == [False, False, True, False, True, True, True]
    assert hinted == [False, False, False, False, True, True, True]


# -- the threads ---------------------------------------------------------------------


class Gate:
    """A strategy that holds its first frame until released, to make a backlog on purpose."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.decoded: list[int] = []

    def decode(
        self, image: Any, hints: Sequence[Corners] = (), *, deep: bool = True
    ) -> DecodeResult:
        self.started.set()
        self.release.wait(WAIT)
        self.decoded.append(int(image[0, 0, 0]))
        return DecodeResult((), 1.0)


def test_frames_arriving_while_decoding_are_dropped_not_queued() -> None:
    gate = Gate()
    pipeline = ScanPipeline(on_code=lambda read: None, make_strategy=lambda: gate)
    pipeline.start()
    try:
        pipeline.submit(frame(1))
        assert gate.started.wait(WAIT)
        for i in range(2, 11):
            pipeline.submit(frame(i))
        gate.release.set()
        assert pipeline.wait_idle(WAIT)
    finally:
        pipeline.stop()
    assert gate.decoded == [1, 10]
    stats = pipeline.stats()
    assert (stats.frames_seen, stats.frames_dropped, stats.frames_decoded) == (10, 8, 2)


@pytest.fixture
def camera() -> Camera:
    return Camera()


@pytest.fixture
def running(camera: Camera) -> Iterator[tuple[ScanPipeline, dict[FeedState, threading.Event]]]:
    events = {state: threading.Event() for state in FeedState}
    statuses: list[FeedStatus] = []

    def on_status(status: FeedStatus) -> None:
        statuses.append(status)
        events[status.state].set()

    pipeline = ScanPipeline(
        CameraSource(0, factory=camera.factory),
        on_code=lambda read: None,
        on_status=on_status,
        make_strategy=lambda: ScriptedStrategy({}),
        backoff=Backoff(first=0.01, longest=0.05),
    )
    pipeline.start()
    yield pipeline, events
    pipeline.stop()


def test_a_camera_unplugged_mid_run_is_reported_lost_and_recovers(
    camera: Camera, running: tuple[ScanPipeline, dict[FeedState, threading.Event]]
) -> None:
    pipeline, events = running
    assert events[FeedState.LIVE].wait(WAIT)
    events[FeedState.LIVE].clear()
    camera.plugged = False
    assert events[FeedState.CAMERA_LOST].wait(WAIT)
    lost = pipeline.stats().status
    assert lost is not None and lost.state is FeedState.CAMERA_LOST
    assert "camera 0" in lost.reason
    camera.plugged = True
    assert events[FeedState.LIVE].wait(WAIT)
    decoded = pipeline.stats().frames_decoded
    assert pipeline.wait_decoded(decoded + 3, WAIT)  # frames flow again


class Fragile:
    """A strategy that fails on frame 2 (an OpenCV error on an odd frame, say)."""

    def __init__(self) -> None:
        self.strategy = ScriptedStrategy({3: ["A"]})

    def decode(
        self, image: Any, hints: Sequence[Corners] = (), *, deep: bool = True
    ) -> DecodeResult:
        if int(image[0, 0, 0]) == 2:
            raise RuntimeError("decoder bug")
        return self.strategy.decode(image, hints, deep=deep)


def test_a_frame_that_breaks_the_decoder_is_counted_and_reading_goes_on() -> None:
    reads: list[CodeRead] = []
    fragile = Fragile()
    pipeline = ScanPipeline(on_code=reads.append, make_strategy=lambda: fragile)
    pipeline.start()
    try:
        for i in (1, 2, 3):
            pipeline.submit(frame(i))
            assert pipeline.wait_idle(WAIT)
    finally:
        pipeline.stop()
    stats = pipeline.stats()
    assert (stats.frames_decoded, stats.frames_failed) == (2, 1)
    assert [r.text for r in reads] == ["A"]


def test_a_stopped_pipeline_can_start_again() -> None:
    reads: list[CodeRead] = []
    pipeline = ScanPipeline(
        on_code=reads.append, make_strategy=lambda: ScriptedStrategy({2: ["B"]})
    )
    for i in (1, 2):
        pipeline.start()
        pipeline.submit(frame(i))
        assert pipeline.wait_idle(WAIT)
        pipeline.stop()
    assert [r.text for r in reads] == ["B"]
    assert pipeline.stats().frames_decoded == 2
