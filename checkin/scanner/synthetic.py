"""A synthetic camera for the demo and the tests: people walk up and hold their badges out.

It renders real badge codes (from the store, see ``store_codes``), in the
order given and then again from the start, into a hall scene at a webcam's size and rate: a badge comes into view, is held
for a second or two while it wobbles, and leaves; sometimes two at once;
near or far, tilted, in dim light or under a lamp's glare, with motion blur
while it moves and sensor noise always.  It is deterministic for a seed, and
says in each frame what it drew (``Frame.drawn``) so benches can measure.

Frames cost a few milliseconds each at 1280x720: the badge is blurred
before it is warped into the scene, and noise comes from precomputed tiles.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from checkin import badge_codes
from checkin.scanner.frames import Clock, Frame, Image
from checkin.scanner.render import (
    Card,
    Pose,
    badge_card,
    exposure,
    hall_scene,
    motion_blur,
    place,
)
from checkin.scanner.sources import SourceEnded, SourceLost
from checkin.store import Store

EXPOSURE_S = 1 / 60  # how long the shutter is open: sets the motion blur


@dataclass(frozen=True)
class _Badge:
    code: str
    card: Card
    start: tuple[float, float]  # where it comes from (off the frame edge)
    hold: tuple[float, float]  # where it is held
    end: tuple[float, float]
    qr_px: float
    roll: float
    yaw: float
    pitch: float
    wobble: float


@dataclass(frozen=True)
class _Visit:
    """Someone at the desk: from ``t0`` the badge comes in, is held, and leaves at ``t3``."""

    t0: float
    t1: float
    t2: float
    t3: float
    badges: tuple[_Badge, ...]
    gain: float
    glare: float  # 0 for none, else the lamp's strength
    defocus: float


class SyntheticCamera:
    """A ``FrameSource`` that makes frames instead of capturing them.

    ``speed=1`` paces frames at ``fps`` on ``clock`` (via ``sleep``), like a
    webcam; ``speed=4`` delivers the same frames four times as fast, and
    ``speed=None`` as fast as it can, for benches that simulate minutes of
    frames.  ``frames`` ends the stream after that many.
    """

    def __init__(
        self,
        codes: Sequence[str],
        *,
        width: int = 1280,
        height: int = 720,
        fps: float = 30.0,
        seed: int = 0,
        speed: float | None = 1.0,
        frames: int | None = None,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not codes:
            raise ValueError("the synthetic camera needs at least one code to show")
        self.codes = list(codes)
        self.size = (width, height)
        self.fps = fps
        self.description = f"synthetic camera {width}x{height}@{fps:g}"
        self._seed = seed
        if speed is not None and speed <= 0:
            raise ValueError(f"speed must be positive or None, not {speed}")
        self._speed = speed
        self._limit = frames
        self._clock = clock
        self._sleep = sleep
        self._opened = False
        self._reset()

    def _reset(self) -> None:
        width, height = self.size
        self._rng = random.Random(self._seed)
        self._nprng = np.random.default_rng(self._seed)
        self._shown = 0  # codes come to the desk in the order given, then again
        self._background = hall_scene(width, height, self._nprng)
        noise = [self._nprng.normal(0, 3.0, (height + 16, width, 3)) for _ in range(2)]
        # Split into what to add and what to subtract, so that the per-frame work is
        # two saturating uint8 operations instead of float arithmetic.
        self._noise = [
            (np.clip(n, 0, 20).astype(np.uint8), np.clip(-n, 0, 20).astype(np.uint8)) for n in noise
        ]
        self._visits: list[_Visit] = []
        self._next_visit_at = 0.3
        self._index = 0
        self._started = 0.0

    # -- FrameSource ---------------------------------------------------------

    def open(self) -> None:
        self._opened = True
        self._started = self._clock()

    def read(self) -> Frame:
        if not self._opened:
            raise SourceLost(f"{self.description} is not open")
        if self._limit is not None and self._index >= self._limit:
            raise SourceEnded(self.description)
        if self._speed is not None:
            delay = self._started + self._index / (self.fps * self._speed) - self._clock()
            if delay > 0:
                self._sleep(delay)
        image, drawn = self.render(self._index / self.fps)
        self._index += 1
        return Frame(image, self._index, self._clock(), drawn)

    def close(self) -> None:
        self._opened = False

    # -- the scene -----------------------------------------------------------

    def render(self, t: float) -> tuple[Image, frozenset[str]]:
        """The frame at scene time ``t`` (seconds) and the codes whose QR is wholly in it."""
        visit = self._visit_at(t)
        image = self._background.copy()
        drawn: set[str] = set()
        gain, glare_strength, defocus = 1.0, 0.0, 0.6
        if visit is not None:
            gain, glare_strength, defocus = visit.gain, visit.glare, visit.defocus
            for badge in visit.badges:
                quad = self._draw(image, visit, badge, t, defocus)
                if quad is not None:
                    drawn.add(badge.code)
                    if glare_strength:
                        _lamp(image, quad, glare_strength)
        image = exposure(image, gain) if gain < 0.99 else image
        brighter, darker = self._noise[self._index % len(self._noise)]
        dy = (self._index * 7) % 16  # whole rows, so the slice stays contiguous (fast)
        rows = slice(dy, dy + image.shape[0])
        image = cv2.subtract(cv2.add(image, brighter[rows]), darker[rows])
        return image, frozenset(drawn)

    def _visit_at(self, t: float) -> _Visit | None:
        while self._next_visit_at <= t + 5.0:  # plan a little ahead
            visit = self._plan(self._next_visit_at)
            self._visits.append(visit)
            self._next_visit_at = visit.t3 + self._rng.uniform(0.3, 1.5)
        self._visits = [v for v in self._visits if v.t3 >= t - 1.0][-8:]
        for visit in self._visits:
            if visit.t0 <= t < visit.t3:
                return visit
        return None

    def _plan(self, t0: float) -> _Visit:
        rng = self._rng
        width, height = self.size
        count = 2 if rng.random() < 0.1 else 1
        badges = []
        for slot in range(count):
            qr_px = rng.uniform(0.1, 0.33) * height
            if count == 2:
                x = rng.uniform(0.2, 0.4) if slot == 0 else rng.uniform(0.6, 0.8)
            else:
                x = rng.uniform(0.25, 0.75)
            hold = (x * width, rng.uniform(0.35, 0.65) * height)
            side = rng.choice([(0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)])  # from below or a side
            start = (hold[0] + side[0] * width * 0.6, hold[1] + side[1] * height * 0.8)
            end = (hold[0] + rng.uniform(-0.3, 0.3) * width, height * 1.4)
            code = self.codes[self._shown % len(self.codes)]
            self._shown += 1
            module_px = max(2, min(8, round(2 * qr_px / 25)))
            card = badge_card(code, module_px, self._nprng)
            tilt = 40.0 if rng.random() < 0.3 else 15.0
            badges.append(
                _Badge(
                    code,
                    card,
                    start,
                    hold,
                    end,
                    qr_px,
                    rng.uniform(-30, 30) if rng.random() < 0.8 else rng.uniform(0, 360),
                    rng.uniform(-tilt, tilt),
                    rng.uniform(-tilt, tilt),
                    rng.uniform(2, 10),
                )
            )
        come, stay, go = rng.uniform(0.4, 0.8), rng.uniform(0.8, 2.0), rng.uniform(0.3, 0.6)
        dim = rng.random() < 0.2
        return _Visit(
            t0,
            t0 + come,
            t0 + come + stay,
            t0 + come + stay + go,
            tuple(badges),
            gain=rng.uniform(0.2, 0.45) if dim else rng.uniform(0.75, 1.0),
            glare=rng.uniform(0.6, 1.1) if rng.random() < 0.15 else 0.0,
            defocus=rng.uniform(0.5, 1.8),
        )

    def _draw(
        self, image: Image, visit: _Visit, badge: _Badge, t: float, defocus: float
    ) -> np.ndarray | None:
        """Draw ``badge`` where it is at ``t``; its QR corners if the QR is wholly in view."""
        (x, y), (vx, vy) = _position(visit, badge, t)
        pose = Pose(x, y, badge.qr_px, badge.roll, badge.yaw, badge.pitch)
        qr_side = float(badge.card.qr_corners[1, 0] - badge.card.qr_corners[0, 0])
        to_card = qr_side / badge.qr_px  # card pixels per frame pixel
        card = badge.card
        smear = math.hypot(vx, vy) * EXPOSURE_S * to_card
        if smear > 6.0:  # blur a smaller copy: a long kernel on the full card is slow
            shrink = 6.0 / smear
            card = Card(
                cv2.resize(card.image, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA),
                card.qr_corners * shrink,
            )
            smear, to_card = 6.0, to_card * shrink
        blurred = card.image
        if smear > 1.0:
            blurred = motion_blur(blurred, smear, math.degrees(math.atan2(vy, vx)) - badge.roll)
        if defocus * to_card > 0.5:
            blurred = cv2.GaussianBlur(blurred, (0, 0), defocus * to_card)
        quad = place(image, Card(blurred, card.qr_corners), pose)
        height, width = image.shape[:2]
        inside = (quad[:, 0] >= 0).all() and (quad[:, 0] < width).all()
        inside = inside and (quad[:, 1] >= 0).all() and (quad[:, 1] < height).all()
        return quad if inside else None


def _position(
    visit: _Visit, badge: _Badge, t: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the badge is at ``t`` and how fast it moves (pixels per second)."""

    def ease(a: tuple[float, float], b: tuple[float, float], u: float) -> tuple[float, float]:
        s = u * u * (3 - 2 * u)
        return (a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s)

    def at(time_s: float) -> tuple[float, float]:
        if time_s < visit.t1:
            return ease(badge.start, badge.hold, (time_s - visit.t0) / (visit.t1 - visit.t0))
        if time_s < visit.t2:
            phase = (time_s - visit.t1) * 2 * math.pi * 0.7
            return (
                badge.hold[0] + badge.wobble * math.sin(phase),
                badge.hold[1] + badge.wobble * 0.6 * math.cos(phase * 1.3),
            )
        u = min(1.0, (time_s - visit.t2) / (visit.t3 - visit.t2))
        return ease(badge.hold, badge.end, u)

    here = at(t)
    step = 1 / 240
    later = at(min(t + step, visit.t3 - 1e-6))
    return here, ((later[0] - here[0]) / step, (later[1] - here[1]) / step)


def _lamp(image: Image, quad: np.ndarray, strength: float) -> None:
    """A ceiling lamp's reflection on the badge: a bright veil with a washed-out core."""
    cx, cy = quad.mean(axis=0)
    radius = float(np.ptp(quad[:, 0])) * 0.35
    x0, x1 = int(max(0, cx - 3 * radius)), int(min(image.shape[1], cx + 3 * radius))
    y0, y1 = int(max(0, cy - 3 * radius)), int(min(image.shape[0], cy + 3 * radius))
    if x1 <= x0 or y1 <= y0:
        return
    ys, xs = np.ogrid[y0:y1, x0:x1]
    distance = np.sqrt((xs - cx) ** 2 + (ys - cy) ** 2) / max(radius, 1.0)
    veil = np.minimum(strength * np.exp(-(distance**2) * 1.5), 1.0)[:, :, None]
    region = image[y0:y1, x0:x1].astype(np.float32)
    image[y0:y1, x0:x1] = np.clip(region * (1 - veil) + 255.0 * veil, 0, 255).astype(np.uint8)


def store_codes(store: Store, count: int = 40, seed: int = 0) -> list[str]:
    """Badge codes of ``count`` attendees of the store's event, plus two that are not badges.

    The odd ones (a web address, a code signed with another key) are there so
    that a demo shows the desk answering them too.
    """
    rng = random.Random(seed)
    event, key = store.event(), store.event_key()
    attendees = store.attendees()
    chosen = rng.sample(attendees, min(count, len(attendees)))
    codes = [badge_codes.mint(key, event.prefix, a.number, a.badge_version) for a in chosen]
    forged = badge_codes.mint(
        bytes(badge_codes.KEY_BYTES), event.prefix, chosen[0].number if chosen else 1, 1
    )
    return [*codes, "https://example.org/agenda", forged]
