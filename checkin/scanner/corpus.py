"""A deterministic corpus of hard webcam frames, shared by the tests and the decode bench.

Each class stresses one thing a desk in a hall meets (a tilted badge, a dim
corner, glare from a ceiling lamp, a badge far from the lens, two badges at
once, no badge at all) on top of the mild softness, noise and compression
of every cheap webcam.  Frames are generated, never checked in: a seed gives
the same pixels everywhere, and ``generate`` makes any number of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from checkin import badge_codes
from checkin.scanner.frames import Image
from checkin.scanner.render import (
    Points,
    Pose,
    badge_card,
    exposure,
    glare,
    hall_scene,
    jpeg,
    motion_blur,
    optics_blur,
    place,
    sensor_noise,
)

PREFIX = "WS26"
CLASSES = (
    "clean",
    "tilt",
    "rotation",
    "blur",
    "motion",
    "dim",
    "noise",
    "jpeg",
    "glare",
    "small",
    "two",
    "none",
)
DEFAULT_SIZE = (640, 480)


@dataclass(frozen=True)
class Sample:
    """One frame and what a perfect reader finds in it."""

    name: str
    kind: str
    image: Image
    codes: frozenset[str]
    outlines: dict[str, Points] = field(default_factory=dict, compare=False)  # QR corners by code


@dataclass
class _Shot:
    """A frame being made: the badges in it and the camera effects still to apply."""

    rng: np.random.Generator
    width: int
    height: int
    poses: list[Pose] = field(default_factory=list)
    blank_badge: bool = False
    optics: float = 0.0
    motion: tuple[float, float] = (0.0, 0.0)
    gain: float = 1.0
    gamma: float = 1.0
    noise: float = 0.0
    quality: int = 90
    glare: tuple[float, float, float, float] | None = None


def sample_codes(count: int, seed: int) -> list[str]:
    """Codes shaped like real badges (prefix, number, version, tag) under a seeded key."""
    rng = np.random.default_rng(seed)
    key = rng.bytes(badge_codes.KEY_BYTES)
    numbers = rng.choice(np.arange(1, 10_000), size=count, replace=False)
    return [badge_codes.mint(key, PREFIX, int(n), int(rng.integers(1, 4))) for n in numbers]


def _pose(
    shot: _Shot, qr_px: float, *, area: tuple[float, float, float, float] | None = None
) -> Pose:
    """A pose with the whole badge in view; ``area`` narrows where (fractions of the frame)."""
    rng = shot.rng
    x0, y0, x1, y1 = area or (0.0, 0.0, 1.0, 1.0)
    margin_x = min(qr_px * 1.0, shot.width * (x1 - x0) / 2 - 1)
    margin_y = min(qr_px * 1.0, shot.height * (y1 - y0) / 2 - 1)
    cx = rng.uniform(shot.width * x0 + margin_x, shot.width * x1 - margin_x)
    cy = rng.uniform(shot.height * y0 + margin_y, shot.height * y1 - margin_y)
    return Pose(
        cx=cx,
        cy=cy,
        qr_px=qr_px,
        roll=rng.uniform(-12, 12),
        yaw=rng.uniform(-12, 12),
        pitch=rng.uniform(-12, 12),
    )


def _base(shot: _Shot) -> None:
    """What every frame gets: a badge held at a comfortable distance by a soft, noisy webcam."""
    short = min(shot.width, shot.height)
    shot.poses.append(_pose(shot, shot.rng.uniform(0.22, 0.42) * short))
    shot.optics = shot.rng.uniform(0.4, 0.9)
    shot.noise = shot.rng.uniform(2.0, 5.0)
    shot.quality = int(shot.rng.integers(70, 92))


def _module_px(pose: Pose) -> float:
    return pose.qr_px / 25.0


def _tilt(shot: _Shot) -> None:
    pose = shot.poses[0]
    rng = shot.rng
    yaw = rng.choice([-1, 1]) * rng.uniform(30, 55)
    pitch = rng.choice([-1, 1]) * rng.uniform(0, 40)
    shot.poses[0] = Pose(pose.cx, pose.cy, pose.qr_px, pose.roll, float(yaw), float(pitch))


def _rotation(shot: _Shot) -> None:
    pose = shot.poses[0]
    shot.poses[0] = Pose(
        pose.cx, pose.cy, pose.qr_px, shot.rng.uniform(0, 360), pose.yaw, pose.pitch
    )


def _blur(shot: _Shot) -> None:
    shot.optics = _module_px(shot.poses[0]) * shot.rng.uniform(0.35, 0.6)


def _motion(shot: _Shot) -> None:
    length = _module_px(shot.poses[0]) * shot.rng.uniform(0.8, 1.6)
    shot.motion = (length, shot.rng.uniform(0, 180))


def _dim(shot: _Shot) -> None:
    shot.gain = shot.rng.uniform(0.08, 0.2)
    shot.gamma = shot.rng.uniform(1.0, 1.4)
    shot.noise = shot.rng.uniform(2.0, 4.0)


def _noise(shot: _Shot) -> None:
    shot.noise = shot.rng.uniform(16, 30)


def _jpeg(shot: _Shot) -> None:
    pose = shot.poses[0]
    short = min(shot.width, shot.height)
    small = shot.rng.uniform(0.17, 0.26) * short
    shot.poses[0] = Pose(pose.cx, pose.cy, small, pose.roll, pose.yaw, pose.pitch)
    shot.quality = int(shot.rng.integers(8, 20))


def _glare(shot: _Shot) -> None:
    pose = shot.poses[0]
    rng = shot.rng
    angle = rng.uniform(0, 2 * math.pi)
    offset = rng.uniform(0, 0.4) * pose.qr_px
    shot.glare = (
        pose.cx + offset * math.cos(angle),
        pose.cy + offset * math.sin(angle),
        pose.qr_px * rng.uniform(0.3, 0.55),
        rng.uniform(0.9, 1.4),
    )


def _small(shot: _Shot) -> None:
    shot.poses[0] = _pose(shot, shot.rng.uniform(52, 68))


def _two(shot: _Shot) -> None:
    short = min(shot.width, shot.height)
    shot.poses[:] = [
        _pose(shot, shot.rng.uniform(0.17, 0.3) * short, area=(0.0, 0.0, 0.5, 1.0)),
        _pose(shot, shot.rng.uniform(0.17, 0.3) * short, area=(0.5, 0.0, 1.0, 1.0)),
    ]


def _none(shot: _Shot) -> None:
    shot.blank_badge = shot.rng.random() < 0.6
    if not shot.blank_badge:
        shot.poses.clear()


_STRESS: dict[str, Callable[[_Shot], None]] = {
    "clean": lambda shot: None,
    "tilt": _tilt,
    "rotation": _rotation,
    "blur": _blur,
    "motion": _motion,
    "dim": _dim,
    "noise": _noise,
    "jpeg": _jpeg,
    "glare": _glare,
    "small": _small,
    "two": _two,
    "none": _none,
}


def _develop(shot: _Shot, codes: Sequence[str | None]) -> tuple[Image, dict[str, Points]]:
    """Render the scene, place the badges and apply the camera, in the camera's order."""
    rng = shot.rng
    image = hall_scene(shot.width, shot.height, rng)
    outlines: dict[str, Points] = {}
    for pose, code in zip(shot.poses, codes, strict=True):
        module_px = max(2, min(10, int(round(2 * pose.qr_px / 25))))
        card = badge_card(code, module_px, rng)
        quad = place(image, card, pose)
        if code is not None:
            outlines[code] = quad
    if shot.glare is not None:
        image = glare(image, shot.glare[:2], shot.glare[2], shot.glare[3])
    if shot.motion[0] > 0:
        image = motion_blur(image, *shot.motion)
    image = optics_blur(image, shot.optics)
    image = exposure(image, shot.gain, shot.gamma, black=3.0 if shot.gain < 1 else 0.0)
    image = sensor_noise(image, shot.noise, rng)
    image = jpeg(image, shot.quality)
    return image, outlines


def make_sample(
    kind: str, index: int, *, seed: int = 0, size: tuple[int, int] = DEFAULT_SIZE
) -> Sample:
    """Sample ``index`` of class ``kind``: the same pixels for the same arguments."""
    if kind not in _STRESS:
        raise ValueError(f"unknown corpus class {kind!r}; known: {', '.join(CLASSES)}")
    class_id = CLASSES.index(kind)
    rng = np.random.default_rng([seed, class_id, index])
    shot = _Shot(rng, *size)
    _base(shot)
    _STRESS[kind](shot)
    wanted = len(shot.poses)
    codes = sample_codes(wanted, seed=int(rng.integers(0, 2**31))) if wanted else []
    drawn: list[str | None] = [None] * wanted if shot.blank_badge else list(codes)
    image, outlines = _develop(shot, drawn)
    return Sample(f"{kind}-{index:03d}", kind, image, frozenset(outlines), outlines)


def generate(
    kinds: Sequence[str] = CLASSES,
    per_class: int = 20,
    *,
    seed: int = 0,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> Iterator[Sample]:
    """``per_class`` samples of each class in ``kinds``, class by class."""
    for kind in kinds:
        for index in range(per_class):
            yield make_sample(kind, index, seed=seed, size=size)
