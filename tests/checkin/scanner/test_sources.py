"""Frame sources: a camera by index or path, a video file, a folder of pictures."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from checkin.scanner.sources import (
    CameraSource,
    ImageFolderSource,
    SourceEnded,
    SourceLost,
    VideoFileSource,
    parse_device,
)

from .fakes import Camera


@pytest.mark.parametrize(
    ("text", "device"),
    [("0", 0), (" 2 ", 2), ("/dev/video1", "/dev/video1"), ("rtsp://cam/1", "rtsp://cam/1")],
)
def test_a_number_is_a_camera_index_anything_else_a_path(text: str, device: int | str) -> None:
    assert parse_device(text) == device


def test_camera_asks_for_the_chosen_resolution_and_a_one_frame_buffer() -> None:
    camera = Camera()
    source = CameraSource(0, width=1280, height=720, factory=camera.factory)
    source.open()
    assert camera.settings[cv2.CAP_PROP_FRAME_WIDTH] == 1280
    assert camera.settings[cv2.CAP_PROP_FRAME_HEIGHT] == 720
    assert camera.settings[cv2.CAP_PROP_BUFFERSIZE] == 1
    assert source.size == (1280, 720)


def test_camera_frames_are_numbered_and_stamped_with_the_clock() -> None:
    camera = Camera()
    ticks = iter([10.0, 10.5])
    source = CameraSource(0, factory=camera.factory, clock=lambda: next(ticks))
    source.open()
    first, second = source.read(), source.read()
    assert (first.index, first.captured) == (1, 10.0)
    assert (second.index, second.captured) == (2, 10.5)


def test_camera_that_does_not_open_says_why() -> None:
    source = CameraSource("/dev/video7", factory=Camera(plugged=False).factory)
    with pytest.raises(SourceLost, match=r"camera /dev/video7 did not open: it is unplugged"):
        source.open()


def test_camera_whose_backend_raises_is_lost_not_crashed() -> None:
    def broken(device: int | str) -> Camera:
        raise RuntimeError("backend exploded")

    with pytest.raises(SourceLost, match="backend exploded"):
        CameraSource(0, factory=broken).open()  # type: ignore[arg-type]


def test_camera_unplugged_while_reading_is_lost() -> None:
    camera = Camera()
    source = CameraSource(0, factory=camera.factory)
    source.open()
    source.read()
    camera.plugged = False
    with pytest.raises(SourceLost, match="stopped delivering frames"):
        source.read()


def write_video(path: Path, frames: int) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (64, 48))
    assert writer.isOpened()
    for i in range(frames):
        writer.write(np.full((48, 64, 3), i * 20, np.uint8))
    writer.release()


def test_video_file_gives_every_frame_then_ends(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    write_video(path, 5)
    source = VideoFileSource(path)
    source.open()
    frames = [source.read() for _ in range(5)]
    assert [f.index for f in frames] == [1, 2, 3, 4, 5]
    with pytest.raises(SourceEnded):
        source.read()


def test_video_file_in_real_time_waits_for_each_frame_on_the_clock(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    write_video(path, 3)
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        now[0] += seconds

    source = VideoFileSource(path, realtime=True, clock=lambda: now[0], sleep=sleep)
    source.open()
    for _ in range(3):
        source.read()
    assert waits == [0.1, 0.1]  # 10 fps: the first frame at once, then one every 0.1 s


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.mp4", None, "no video file at"),
        ("notes.mp4", b"not a video at all", "is not a video this machine can decode"),
    ],
)
def test_video_that_cannot_be_read_says_why(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceLost, match=message):
        VideoFileSource(path).open()


def test_folder_gives_pictures_in_name_order_and_skips_broken_ones(tmp_path: Path) -> None:
    for name, shade in [("b.png", 20), ("a.png", 10), ("c.jpg", 30)]:
        cv2.imwrite(str(tmp_path / name), np.full((8, 8, 3), shade, np.uint8))
    (tmp_path / "broken.png").write_bytes(b"nope")
    (tmp_path / "notes.txt").write_text("not a picture")
    source = ImageFolderSource(tmp_path)
    source.open()
    shades = [int(source.read().image[0, 0, 0]) for _ in range(3)]
    assert shades[:2] == [10, 20] and abs(shades[2] - 30) <= 2
    with pytest.raises(SourceEnded):
        source.read()


def test_folder_on_loop_starts_again(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "a.png"), np.zeros((8, 8, 3), np.uint8))
    source = ImageFolderSource(tmp_path, loop=True)
    source.open()
    assert [source.read().index for _ in range(3)] == [1, 2, 3]


def test_folder_without_pictures_says_so(tmp_path: Path) -> None:
    with pytest.raises(SourceLost, match="no pictures in"):
        ImageFolderSource(tmp_path).open()
