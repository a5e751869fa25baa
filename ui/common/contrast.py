"""WCAG 2.x contrast, so colour choices can be checked by a test rather than by eye.

Pure functions on ``#rrggbb`` strings: no Qt needed, usable by any window.
"""

from __future__ import annotations

AA_NORMAL = 4.5  # body text
AA_LARGE = 3.0  # text of 24 px, or 18.66 px bold, and larger
AAA_NORMAL = 7.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """Relative luminance of an sRGB colour given as ``#rrggbb``."""
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour {color!r} is not of the form #rrggbb")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """From 1 (same colour) to 21 (black on white)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
