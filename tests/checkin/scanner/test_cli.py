"""``checkin decode``: codes in pictures and videos; a bad file is a line, not a crash."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest
from click.testing import CliRunner

from checkin.cli import main
from checkin.scanner.cli import decode
from checkin.scanner.corpus import make_sample
from checkin.scanner.files import decode_paths
from checkin.scanner.synthetic import SyntheticCamera

from .fakes import CODES


@pytest.fixture
def pictures(tmp_path: Path) -> dict[str, tuple[Path, set[str]]]:
    made = {}
    for name, kind, index in [
        ("two.png", "two", 0),
        ("tilted.jpg", "tilt", 1),
        ("empty.png", "none", 0),
    ]:
        sample = make_sample(kind, index, seed=11)
        path = tmp_path / name
        cv2.imwrite(str(path), sample.image)
        made[name] = (path, set(sample.codes))
    return made


def run(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(decode, list(args))
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_json_gives_one_object_per_picture_with_its_codes_and_time(
    pictures: dict[str, tuple[Path, set[str]]],
) -> None:
    paths = [str(p) for p, _ in pictures.values()]
    status, lines, _ = run("--json", *paths)
    assert status == 0
    objects = [json.loads(line) for line in lines]
    assert [o["path"] for o in objects] == paths
    for found, (_, codes) in zip(objects, pictures.values(), strict=True):
        assert set(found["codes"]) == codes
        assert found["ms"] >= 0 and "error" not in found


def test_missing_and_unreadable_files_are_lines_with_an_error(
    tmp_path: Path, pictures: dict[str, tuple[Path, set[str]]]
) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG not really")
    good, codes = pictures["two.png"]
    status, lines, _ = run("--json", str(tmp_path / "gone.jpg"), str(broken), str(good))
    objects = [json.loads(line) for line in lines]
    assert status == 1
    assert objects[0]["error"] == f"no such file: {tmp_path / 'gone.jpg'}"
    assert objects[1]["error"].startswith("not a picture that can be read")
    assert set(objects[2]["codes"]) == codes


def test_readable_output_for_people_and_errors_on_stderr(
    tmp_path: Path, pictures: dict[str, tuple[Path, set[str]]]
) -> None:
    empty, _ = pictures["empty.png"]
    status, lines, stderr = run(str(empty), str(tmp_path / "gone.png"))
    assert status == 1
    assert lines[0].startswith(f"{empty}: no code (")
    assert (
        stderr.strip() == f"{tmp_path / 'gone.png'}: error: no such file: {tmp_path / 'gone.png'}"
    )
    assert "Traceback" not in stderr


def test_a_folder_is_every_picture_in_it(pictures: dict[str, tuple[Path, set[str]]]) -> None:
    folder = next(iter(pictures.values()))[0].parent
    status, lines, _ = run("--json", str(folder))
    assert status == 0
    assert sorted(json.loads(line)["path"] for line in lines) == sorted(
        str(p) for p, _ in pictures.values()
    )


def test_a_video_gives_its_distinct_codes_and_frame_count(tmp_path: Path) -> None:
    source = SyntheticCamera(CODES, width=960, height=540, speed=None, seed=5, frames=60)
    source.open()
    path = tmp_path / "desk.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30.0, (960, 540))
    shown: set[str] = set()
    for _ in range(60):
        frame = source.read()
        shown |= frame.drawn or set()
        writer.write(frame.image)
    writer.release()
    (result,) = decode_paths([path])
    assert result.error is None and result.frames == 60
    assert result.codes and set(result.codes) <= shown
    assert len(result.codes) == len(set(result.codes))


def test_a_file_that_is_neither_picture_nor_video_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    (result,) = decode_paths([path])
    assert result.error is not None and "not a video" in result.error


def test_the_checkin_command_has_decode(pictures: dict[str, tuple[Path, set[str]]]) -> None:
    path, codes = pictures["tilted.jpg"]
    result = CliRunner().invoke(main, ["decode", "--json", str(path)])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)["codes"]) == codes


def test_decode_needs_a_path() -> None:
    status, _, stderr = run()
    assert status == 2 and "Missing argument" in stderr


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels and holds almost none."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def test_a_picture_claiming_billions_of_pixels_is_one_line_and_the_batch_goes_on(
    tmp_path: Path, pictures: dict[str, tuple[Path, set[str]]]
) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_claiming(40_000, 40_000))
    good, codes = pictures["two.png"]
    status, lines, _ = run("--json", str(huge), str(good))
    assert status == 1
    first, second = (json.loads(line) for line in lines)
    assert first["path"] == str(huge) and "not a picture that can be read" in first["error"]
    assert set(second["codes"]) == codes


def test_a_folder_without_pictures_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no pictures here")
    status, lines, errors = run(str(tmp_path))
    assert status == 1
    assert lines == [] and f"no pictures in folder {tmp_path}" in errors


def test_a_gif_is_read_as_a_picture(tmp_path: Path) -> None:
    sample = make_sample("two", 0, seed=11)
    path = tmp_path / "badge.gif"
    ok, data = cv2.imencode(".gif", sample.image)
    if not ok:
        pytest.skip("this OpenCV build writes no GIF")
    path.write_bytes(data.tobytes())
    result = next(decode_paths([path]))
    assert result.frames is None  # a picture, not a one-frame video
    assert set(result.codes) == set(sample.codes)
