"""Test doubles for the scanner: a camera that can be unplugged, a scripted strategy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from checkin.scanner.corpus import sample_codes
from checkin.scanner.decoders import Corners, Detection
from checkin.scanner.strategy import DecodeResult

CODES = sample_codes(6, seed=3)  # badge-shaped codes for the synthetic camera
SQUARE: Corners = ((10.0, 10.0), (50.0, 10.0), (50.0, 50.0), (10.0, 50.0))


@dataclass
class Camera:
    """A webcam on a USB port: plugged or not, and what it shows."""

    plugged: bool = True
    image: np.ndarray = field(default_factory=lambda: np.zeros((48, 64, 3), np.uint8))
    opened: int = 0
    settings: dict[int, float] = field(default_factory=dict)

    def factory(self, device: int | str) -> FakeCapture:
        self.opened += 1
        return FakeCapture(self)


class FakeCapture:
    """Behaves like ``cv2.VideoCapture`` on a camera that may be pulled out at any time."""

    def __init__(self, camera: Camera) -> None:
        self.camera = camera
        self.ok = camera.plugged
        self.released = False

    def isOpened(self) -> bool:  # noqa: N802
        return self.ok and self.camera.plugged

    def read(self) -> tuple[bool, Any]:
        if not (self.ok and self.camera.plugged) or self.released:
            self.ok = False  # like V4L2: once gone, this handle never comes back
            return False, None
        return True, self.camera.image.copy()

    def set(self, prop: int, value: float) -> bool:
        self.camera.settings[prop] = value
        return True

    def get(self, prop: int) -> float:
        return self.camera.settings.get(prop, 0.0)

    def release(self) -> None:
        self.released = True


def detection(text: str, corners: Corners = SQUARE) -> Detection:
    return Detection(text, corners, "fake")


@dataclass
class ScriptedStrategy:
    """Returns the detections scripted for each frame index (by ``Frame.index``)."""

    script: dict[int, list[str]]
    calls: list[tuple[int, bool, int]] = field(default_factory=list)

    def decode(
        self, image: Any, hints: Sequence[Corners] = (), *, deep: bool = True
    ) -> DecodeResult:
        index = int(image[0, 0, 0]) if image.ndim == 3 else int(image[0, 0])
        self.calls.append((index, deep, len(hints)))
        texts = self.script.get(index, [])
        return DecodeResult(tuple(detection(t) for t in texts), 1.0, ("full",))
