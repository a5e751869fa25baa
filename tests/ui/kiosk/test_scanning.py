"""Codes from the real scan pipeline, a camera that is unplugged and plugged back, wedge timing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from checkin.model import Status
from checkin.scanner.feed import Backoff
from checkin.scanner.frames import Frame
from checkin.scanner.render import Pose, badge_card, hall_scene, place
from checkin.scanner.sources import SourceLost
from checkin.scanner.synthetic import SyntheticCamera
from tests.ui.kiosk.conftest import badge, type_scan
from ui.kiosk.errors import ScannerUnavailable
from ui.kiosk.scanning import CameraState
from ui.kiosk.sources import PipelineScanner, make_scanner
from ui.kiosk.window import KioskWindow


class UnpluggableCamera:
    """A camera showing one badge, that a test can unplug and plug back in."""

    description = "test camera"

    def __init__(self, code: str) -> None:
        rng = np.random.default_rng(3)
        self.picture = hall_scene(640, 480, rng)
        place(self.picture, badge_card(code, 4, rng), Pose(320, 240, 180, 0, 0, 0))
        self.plugged = threading.Event()
        self.plugged.set()
        self.index = 0

    def open(self) -> None:
        if not self.plugged.is_set():
            raise SourceLost("test camera is unplugged")

    def read(self) -> Frame:
        if not self.plugged.is_set():
            raise SourceLost("test camera stopped delivering frames (unplugged?)")
        time.sleep(0.02)  # a camera's frame interval (on the capture thread, not the test's)
        self.index += 1
        return Frame(self.picture, self.index, time.monotonic())

    def close(self) -> None:
        pass


@pytest.fixture
def camera(kiosk: KioskWindow) -> Iterator[UnpluggableCamera]:
    source = UnpluggableCamera(badge(kiosk.store, 11))
    yield source
    source.plugged.set()


def test_a_badge_in_front_of_the_camera_is_outlined_and_checked_in(
    qtbot: QtBot, kiosk: KioskWindow, camera: UnpluggableCamera
) -> None:
    scanner = PipelineScanner(camera, deep_every=1)
    with qtbot.waitSignal(kiosk.verdict_shown, timeout=10_000) as shown:
        kiosk.switch_scanner(scanner)
    assert shown.args[0].status is Status.ENTERED
    assert shown.args[0].attendee.id == 11
    qtbot.waitUntil(lambda: bool(kiosk.camera.outlines), timeout=5000)
    assert kiosk.camera.image is not None
    assert kiosk.camera_label.text() == "Camera: running"


def test_an_unplugged_camera_is_reported_retried_and_recovered(
    qtbot: QtBot, kiosk: KioskWindow, camera: UnpluggableCamera
) -> None:
    scanner = PipelineScanner(camera)
    with qtbot.waitSignal(kiosk.verdict_shown, timeout=10_000):
        kiosk.switch_scanner(scanner)
    assert scanner.pipeline is not None and scanner.pipeline.feed is not None
    scanner.pipeline.feed.backoff = Backoff(first=0.05, longest=0.1)

    camera.plugged.clear()
    qtbot.waitUntil(lambda: kiosk.bridge.state is CameraState.LOST, timeout=5000)
    qtbot.waitUntil(lambda: kiosk.camera.state is CameraState.LOST, timeout=5000)
    assert kiosk.camera.message().startswith("Camera lost")
    assert kiosk.camera_label.text() == "Camera: lost, retrying"
    with qtbot.waitSignal(kiosk.verdict_shown):  # the desk keeps working meanwhile
        type_scan(qtbot, kiosk, badge(kiosk.store, 12))

    camera.plugged.set()
    qtbot.waitUntil(lambda: kiosk.camera.state is CameraState.RUNNING, timeout=5000)
    assert kiosk.camera.message() == ""


def test_the_synthetic_camera_feeds_real_badges_to_the_desk(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    codes = [badge(kiosk.store, 21)]
    synthetic = SyntheticCamera(codes, width=640, height=360, fps=15.0, seed=1)
    with qtbot.waitSignal(kiosk.verdict_shown, timeout=20_000) as shown:
        kiosk.switch_scanner(PipelineScanner(synthetic, deep_every=1))
    assert shown.args[0].attendee.id == 21
    kiosk.refresh_status()
    assert "frames/s" in kiosk.rate_label.text()


def test_a_scanner_that_sends_no_enter_ends_its_code_with_silence(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    moment = [0.0]
    kiosk.wedge.clock = lambda: moment[0]
    target = kiosk.centralWidget()
    qtbot.keyClicks(target, badge(kiosk.store, 5))
    moment[0] = 1.0  # then nothing: a second of silence on the parser's clock
    with qtbot.waitSignal(kiosk.verdict_shown) as shown:
        pass
    assert shown.args[0].attendee.id == 5
    assert kiosk.search.box.text() == ""


def test_a_code_typed_by_hand_into_the_search_box_is_scanned(
    qtbot: QtBot, kiosk: KioskWindow
) -> None:
    kiosk.search.box.setFocus()
    qtbot.keyClicks(kiosk.search.box, badge(kiosk.store, 6))
    assert kiosk.search.hits == []
    with qtbot.waitSignal(kiosk.verdict_shown) as shown:
        qtbot.keyClick(kiosk.search.box, "\r")
    assert shown.args[0].attendee.id == 6


@pytest.mark.parametrize(
    ("source", "message"),
    [("video", "--source video needs --input PATH"), ("synthetic", "needs badge codes")],
)
def test_a_source_without_what_it_needs_is_a_clear_error(source: str, message: str) -> None:
    with pytest.raises(ScannerUnavailable, match=message):
        make_scanner(source)
