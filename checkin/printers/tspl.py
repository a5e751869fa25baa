"""TSPL, the language of TSC, Gprinter and most low-cost thermal label printers.

A badge is one ``BITMAP`` covering the label, whose size (``SIZE``) and gap
come from the template and the printer URL.  In TSPL a 0 bit burns a dot.
``ESC ! ?`` asks for the one-byte status, answered at once; sent after a job
its answer also says the printer read the whole job.
"""

from __future__ import annotations

from checkin.printers.bitmap import Bits, packed_rows
from checkin.printers.state import PrinterState

STATUS = b"\x1b!?"
_HEAD_OPEN, _JAM, _NO_PAPER, _NO_RIBBON, _PAUSED, _PRINTING, _COVER_OPEN = (
    1,
    2,
    4,
    8,
    16,
    32,
    64,
)


def tspl_job(bits: Bits, dpi: float, gap_mm: float, copies: int = 1) -> bytes:
    rows = packed_rows(bits, ink=False)
    height, row_bytes = rows.shape
    width_mm, height_mm = bits.shape[1] * 25.4 / dpi, height * 25.4 / dpi
    header = (
        f"SIZE {width_mm:.1f} mm,{height_mm:.1f} mm\r\n"
        f"GAP {gap_mm:g} mm,0 mm\r\n"
        "DIRECTION 0\r\nREFERENCE 0,0\r\nCLS\r\n"
        f"BITMAP 0,0,{row_bytes},{height},0,"
    )
    return header.encode("ascii") + rows.tobytes() + f"\r\nPRINT 1,{copies}\r\n".encode("ascii")


def parse_status(reply: bytes) -> PrinterState:
    """The state in the byte ``ESC ! ?`` is answered with."""
    if not reply:
        return PrinterState.ERROR
    status = reply[0]
    if status & _NO_PAPER:
        return PrinterState.OUT_OF_PAPER
    if status & (_HEAD_OPEN | _JAM | _NO_RIBBON | _PAUSED | _COVER_OPEN | 128):
        return PrinterState.ERROR
    if status & _PRINTING:
        return PrinterState.PRINTING
    return PrinterState.READY
