"""Drawing badges into camera-like pictures, for the test corpus and the synthetic camera.

A badge is a white card with a QR code, placed in a scene by a pinhole
projection (so a tilted card shrinks the way it does in front of a real
lens) and then spoilt the way a cheap webcam spoils things: optics blur,
motion, sensor noise, exposure, compression, glare.  Everything takes its
randomness from an explicit ``numpy.random.Generator`` so that a seed gives
the same picture on every machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp

from checkin.scanner.frames import Image

Points = npt.NDArray[np.float32]

QUIET_MODULES = 4


@lru_cache(maxsize=4096)
def qr_modules(text: str) -> npt.NDArray[np.bool_]:
    """The QR symbol of ``text`` at error correction Q, True where a module is dark.

    zxing-cpp's writer picks the mask the way the standard says and is fast
    enough (well under a millisecond) to render every badge on demand.
    """
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="Q")
    picture = np.asarray(zxingcpp.write_barcode_to_image(barcode, scale=1, add_quiet_zones=False))
    modules: npt.NDArray[np.bool_] = picture < 128
    modules.flags.writeable = False
    return modules


@dataclass(frozen=True)
class Card:
    """A badge picture and where its QR symbol (without quiet zone) sits on it."""

    image: Image  # BGR
    qr_corners: Points  # 4x2, clockwise from top-left, in card pixels


def badge_card(text: str | None, module_px: int, rng: np.random.Generator) -> Card:
    """A portrait badge: a coloured band, the QR, and dark bars standing in for the name.

    ``text=None`` gives a badge without a code (a realistic distractor for
    frames that must decode to nothing).
    """
    modules = qr_modules(text) if text else np.zeros((25, 25), dtype=bool)
    side = modules.shape[0]
    width_m = side + 2 * QUIET_MODULES + 8
    height_m = int(width_m * 1.45)
    card = np.full((height_m * module_px, width_m * module_px, 3), 250, dtype=np.uint8)
    band = rng.integers(40, 220, size=3)
    card[: 7 * module_px] = band.astype(np.uint8)
    top = 8 * module_px + 2 * module_px  # band, then a little margin
    for line in range(2):  # name and organisation, as dark bars
        y = top + line * 3 * module_px
        length = int(rng.integers(width_m // 2, width_m - 6))
        card[y : y + 2 * module_px, 4 * module_px : (4 + length) * module_px] = 30
    qr_top = (height_m - side - QUIET_MODULES - 2) * module_px
    qr_left = (width_m - side) // 2 * module_px
    if text:
        symbol = np.where(modules, 0, 250).astype(np.uint8)
        symbol = np.repeat(np.repeat(symbol, module_px, axis=0), module_px, axis=1)
        card[qr_top : qr_top + side * module_px, qr_left : qr_left + side * module_px] = symbol[
            :, :, None
        ]
    extent = side * module_px
    corners = np.array(
        [
            [qr_left, qr_top],
            [qr_left + extent, qr_top],
            [qr_left + extent, qr_top + extent],
            [qr_left, qr_top + extent],
        ],
        dtype=np.float32,
    )
    return Card(card, corners)


@dataclass(frozen=True)
class Pose:
    """Where a badge is held: centre in the frame, QR size in pixels, and angles in degrees."""

    cx: float
    cy: float
    qr_px: float
    roll: float = 0.0
    yaw: float = 0.0
    pitch: float = 0.0


def project(card: Card, pose: Pose, frame_width: int) -> tuple[Points, Points]:
    """Card corners and QR corners in frame pixels, for a card held in ``pose``.

    The card is rotated in 3-D about the QR's centre and projected through a
    pinhole with a webcam-like field of view (about 60 degrees).
    """
    focal = frame_width / (2 * math.tan(math.radians(30)))
    h, w = card.image.shape[:2]
    qr = card.qr_corners
    qr_side = float(qr[1, 0] - qr[0, 0])
    centre = qr.mean(axis=0)
    scale = pose.qr_px / qr_side
    card_pts = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)

    def to_frame(points: Points) -> Points:
        xy = (points - centre) * scale
        xyz = np.column_stack([xy, np.zeros(len(xy))])
        rotation = _rotation(pose.roll, pose.yaw, pose.pitch)
        xyz = xyz @ rotation.T
        depth = focal + xyz[:, 2]
        out = np.column_stack(
            [pose.cx + xyz[:, 0] * focal / depth, pose.cy + xyz[:, 1] * focal / depth]
        )
        return out.astype(np.float32)

    return to_frame(card_pts), to_frame(qr)


def _rotation(roll: float, yaw: float, pitch: float) -> npt.NDArray[np.float64]:
    r, y, p = (math.radians(a) for a in (roll, yaw, pitch))
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    rotation: npt.NDArray[np.float64] = rx @ ry @ rz
    return rotation


def place(scene: Image, card: Card, pose: Pose) -> Points:
    """Draw ``card`` into ``scene`` (in place) and return the QR corners in the scene.

    The card is first blurred in proportion to how much the warp shrinks it,
    which is what a sensor's pixel area does to fine detail; a plain warp
    would alias and make small codes easier or harder than real ones.
    """
    card_quad, qr_quad = project(card, pose, scene.shape[1])
    qr_side = float(card.qr_corners[1, 0] - card.qr_corners[0, 0])
    shrink = qr_side / max(pose.qr_px, 1.0)
    source = card.image
    if shrink > 1.5:
        source = cv2.GaussianBlur(source, (0, 0), 0.45 * shrink)
    h, w = source.shape[:2]
    # Warp into the card's bounding box only: warping onto the whole frame
    # costs in proportion to the frame, and this runs 30 times a second.
    x0 = max(0, int(np.floor(card_quad[:, 0].min())))
    y0 = max(0, int(np.floor(card_quad[:, 1].min())))
    x1 = min(scene.shape[1], int(np.ceil(card_quad[:, 0].max())) + 1)
    y1 = min(scene.shape[0], int(np.ceil(card_quad[:, 1].max())) + 1)
    if x1 <= x0 or y1 <= y0:
        return qr_quad
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, card_quad - np.array([x0, y0], dtype=np.float32))
    region = scene[y0:y1, x0:x1]
    warped = cv2.warpPerspective(
        source,
        matrix,
        (x1 - x0, y1 - y0),
        dst=region.copy(),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_TRANSPARENT,
    )
    region[...] = warped
    return qr_quad


def hall_scene(width: int, height: int, rng: np.random.Generator) -> Image:
    """A cluttered background: a lit wall, people-sized blobs, edges and a few squares.

    The squares and stripes are there on purpose: they look like finder
    patterns and barcodes to a detector, which is how false reads happen.
    """
    top = rng.integers(60, 200, size=3).astype(np.float32)
    bottom = rng.integers(20, 160, size=3).astype(np.float32)
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    scene = (top * (1 - ramp) + bottom * ramp).astype(np.uint8)
    scene = np.ascontiguousarray(np.broadcast_to(scene, (height, width, 3)))
    for _ in range(int(rng.integers(4, 10))):
        colour = tuple(int(c) for c in rng.integers(0, 255, size=3))
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(width // 20, width // 4)), int(rng.integers(height // 8, height)))
        cv2.ellipse(scene, centre, axes, float(rng.uniform(0, 180)), 0, 360, colour, -1)
    for _ in range(int(rng.integers(3, 8))):
        colour = tuple(int(c) for c in rng.integers(0, 255, size=3))
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.line(scene, p1, p2, colour, int(rng.integers(1, 6)))
    for _ in range(int(rng.integers(1, 4))):
        size = int(rng.integers(8, 40))
        x, y = int(rng.integers(0, width - size)), int(rng.integers(0, height - size))
        cv2.rectangle(scene, (x, y), (x + size, y + size), (20, 20, 20), -1)
        inner = size // 7 + 1
        cv2.rectangle(
            scene, (x + inner, y + inner), (x + size - inner, y + size - inner), (235,) * 3, -1
        )
        cv2.rectangle(
            scene,
            (x + 2 * inner, y + 2 * inner),
            (x + size - 2 * inner, y + size - 2 * inner),
            (20,) * 3,
            -1,
        )
    if rng.random() < 0.5:  # a striped shirt or a printed barcode somewhere
        x, y = int(rng.integers(0, width - 80)), int(rng.integers(0, height - 40))
        for i in range(int(rng.integers(10, 30))):
            cv2.line(
                scene, (x + 3 * i, y), (x + 3 * i, y + 40), (15, 15, 15), int(rng.integers(1, 3))
            )
    return scene


def optics_blur(image: Image, sigma: float) -> Image:
    if sigma <= 0:
        return image
    return cv2.GaussianBlur(image, (0, 0), sigma)


def motion_blur(image: Image, length: float, angle: float) -> Image:
    """A straight-line smear of ``length`` pixels at ``angle`` degrees (a badge on the move)."""
    size = max(3, int(math.ceil(length)) | 1)
    kernel = np.zeros((size, size), dtype=np.float32)
    c = size // 2
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    half = length / 2
    cv2.line(
        kernel,
        (int(round(c - dx * half)), int(round(c - dy * half))),
        (int(round(c + dx * half)), int(round(c + dy * half))),
        1.0,
        1,
        cv2.LINE_AA,
    )
    kernel /= kernel.sum()
    return cv2.filter2D(image, -1, kernel)


def exposure(image: Image, gain: float, gamma: float = 1.0, black: float = 0.0) -> Image:
    """Scale brightness (``gain`` < 1 is a dim hall) with a sensor black level."""
    table = np.clip(black + 255.0 * gain * (np.arange(256) / 255.0) ** gamma, 0, 255)
    return cv2.LUT(image, table.astype(np.uint8))


def sensor_noise(image: Image, sigma: float, rng: np.random.Generator) -> Image:
    noise = rng.normal(0.0, sigma, size=image.shape[:2]).astype(np.float32)
    noisy = image.astype(np.float32) + noise[:, :, None] * rng.uniform(0.8, 1.2, size=3)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def jpeg(image: Image, quality: int) -> Image:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - OpenCV always has a JPEG codec
        return image
    decoded = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return image if decoded is None else decoded


def glare(image: Image, centre: tuple[float, float], radius: float, strength: float) -> Image:
    """A ceiling lamp reflected on a glossy badge: a washed-out halo around a saturated core."""
    h, w = image.shape[:2]
    ys, xs = np.ogrid[:h, :w]
    distance = np.sqrt((xs - centre[0]) ** 2 + ((ys - centre[1]) * 1.4) ** 2) / max(radius, 1.0)
    veil = (strength * np.exp(-(distance**2) * 1.5))[:, :, None]
    bright = image.astype(np.float32) * (1 - np.minimum(veil, 1.0)) + 255.0 * veil
    out: Image = np.clip(bright, 0, 255).astype(np.uint8)
    return out
