"""ZPL, the language of Zebra printers and of many others that emulate it.

A badge is one ``^GFA`` graphic field filling the label, in hexadecimal
(the form every ZPL printer reads), framed by the label's width (``^PW``)
and length (``^LL``) in dots.  ``~HS`` (host status) is the printer's own
report of paper out, pause and head open; it is answered at once, ahead of
any label being printed, and because the printer reads its port in order,
an answer to a ``~HS`` sent after a job also says the whole job arrived.
"""

from __future__ import annotations

from checkin.printers.bitmap import Bits, packed_rows
from checkin.printers.state import PrinterState

HOST_STATUS = b"~HS"
_STX, _ETX = b"\x02", b"\x03"
HOST_STATUS_FRAMES = 3


def zpl_job(bits: Bits, copies: int = 1) -> bytes:
    """One label holding ``bits`` at its top-left corner."""
    rows = packed_rows(bits)
    height, row_bytes = rows.shape
    total = height * row_bytes
    return b"".join(
        (
            f"^XA^PW{bits.shape[1]}^LL{height}^LH0,0^FO0,0".encode("ascii"),
            f"^GFA,{total},{total},{row_bytes},".encode("ascii"),
            rows.tobytes().hex().upper().encode("ascii"),
            f"^FS^PQ{copies}^XZ".encode("ascii"),
        )
    )


def host_status_complete(reply: bytes) -> bool:
    """True once ``reply`` holds the three framed strings ``~HS`` is answered with."""
    return reply.count(_ETX) >= HOST_STATUS_FRAMES


def parse_host_status(reply: bytes) -> PrinterState:
    """The state in a ``~HS`` answer.

    String 1 is ``aaa,b,c,...``: b is the paper-out flag, c the pause flag;
    string 2 is ``mmm,n,o,...``: o is the head-up flag.
    """
    frames = [f.split(_ETX, 1)[0] for f in reply.split(_STX)[1:]]
    if len(frames) < 2:
        return PrinterState.ERROR
    first = frames[0].decode("ascii", "replace").split(",")
    second = frames[1].decode("ascii", "replace").split(",")
    if len(first) < 3 or len(second) < 3:
        return PrinterState.ERROR
    if first[1].strip() == "1":
        return PrinterState.OUT_OF_PAPER
    if second[2].strip() == "1" or first[2].strip() == "1":
        # Head open or paused: a person has to act before anything prints.
        return PrinterState.ERROR
    return PrinterState.READY
