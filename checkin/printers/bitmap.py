"""The 1-bit badge image every label language is written from, and where it lies on a label.

A badge image is a 2-D ``numpy`` array of ``bool``, rows top to bottom,
True where the printer burns a dot.  The UI draws it at the dots per inch a
``Canvas`` asks for; the languages only pack its rows into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from checkin.printers.errors import LabelError

Bits = npt.NDArray[np.bool_]
MM_PER_INCH = 25.4


def dots(mm: float, dpi: float) -> int:
    return round(mm / MM_PER_INCH * dpi)


@dataclass(frozen=True)
class Canvas:
    """How a badge of the template's size is drawn for one printer's labels.

    ``dpi`` is the resolution to draw at (the head's, or less when a badge
    must shrink to fit a narrow tape), ``rotate`` turns the badge a quarter
    turn so its short side runs across the head, and the drawn badge is then
    centred on ``width`` x ``height`` dots, the label's printable area.
    """

    dpi: float
    width: int
    height: int
    rotate: bool = False

    def place(self, badge: Bits) -> Bits:
        """``badge`` (drawn at ``dpi``) on the label: turned, centred, white around it."""
        check_bits(badge)
        if self.rotate:
            badge = np.rot90(badge, k=-1)
        height, width = badge.shape
        if width > self.width or height > self.height:
            raise LabelError(
                f"a badge of {width} x {height} dots does not fit a label of "
                f"{self.width} x {self.height} dots"
            )
        if (width, height) == (self.width, self.height):
            return np.ascontiguousarray(badge)
        label = np.zeros((self.height, self.width), dtype=np.bool_)
        top, left = (self.height - height) // 2, (self.width - width) // 2
        label[top : top + height, left : left + width] = badge
        return label


def plain_canvas(width_mm: float, height_mm: float, dpi: int) -> Canvas:
    """The badge at the head's resolution on a label of its own size (ZPL, TSPL)."""
    return Canvas(dpi, dots(width_mm, dpi), dots(height_mm, dpi))


def check_bits(bits: Bits) -> None:
    if bits.ndim != 2 or bits.dtype != np.bool_ or 0 in bits.shape:
        raise LabelError(f"a badge image must be a 2-D bool array, not {bits.dtype} {bits.shape}")


def packed_rows(bits: Bits, *, ink: bool = True) -> npt.NDArray[np.uint8]:
    """One row of bytes per image row, most significant bit leftmost, padded with white.

    ``ink`` is the bit value that burns a dot: 1 in ZPL and Brother raster, 0 in TSPL.
    """
    check_bits(bits)
    packed = np.packbits(bits, axis=1)  # the padding bits are 0, no ink
    return packed if ink else ~packed


# The luminance where black and white text contrast equally (WCAG): below it
# ``readable_on`` puts white text on a colour, so a colour that dark burns and
# its white text stays paper, and a lighter one stays paper under black text.
INK_BELOW_LUMINANCE = (0.0525**0.5) - 0.05
_LINEAR = np.array(
    [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in np.arange(256) / 255]
)


def burnt(rgb: npt.NDArray[np.uint8]) -> Bits:
    """Which pixels of an ``(h, w, 3)`` sRGB image a 1-bit printer burns."""
    linear = _LINEAR[rgb]
    luminance = 0.2126 * linear[..., 0] + 0.7152 * linear[..., 1] + 0.0722 * linear[..., 2]
    result: Bits = luminance < INK_BELOW_LUMINANCE
    return result
