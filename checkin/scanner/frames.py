"""A camera frame, as every part of the scanner passes it around."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy.typing as npt

Image = npt.NDArray[Any]  # uint8 pixels, BGR or grey; OpenCV's stubs only promise "an array"
Clock = Callable[[], float]  # seconds; time.monotonic unless a test injects one


@dataclass(frozen=True, eq=False)
class Frame:
    """A picture from a source: BGR pixels, its number, and when it was captured.

    ``captured`` is on the pipeline's clock, so latency is measured from the
    moment the frame existed.  ``drawn`` is what a synthetic source put in the
    picture (None for real sources); benches use it as ground truth.
    """

    image: Image
    index: int
    captured: float
    drawn: frozenset[str] | None = None
