"""A network label printer: a badge in, the printer's language out on port 9100.

``Printer`` is what the pool needs of any printer, whether it is one of
these or a system queue or a PDF file (``ui.badges.printers``): a name, a
state, and a way to print one badge that says, when it fails, whether the
badge may go elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.printers import brother, tspl, zpl
from checkin.printers.bitmap import Bits, plain_canvas
from checkin.printers.errors import LabelError, NotDelivered
from checkin.printers.network import Complete, Endpoint
from checkin.printers.state import PrinterState
from checkin.printers.urls import PrinterUrl, Scheme

# Draws ``badge`` at ``dpi`` dots per inch, the template's size, as a 1-bit image.
Rasterize = Callable[[BadgeData, float], Bits]


class Printer(Protocol):
    @property
    def name(self) -> str: ...

    def probe(self) -> PrinterState:
        """Ask the printer now; never raises."""
        ...

    def print(self, badge: BadgeData) -> PrinterState:
        """Print ``badge``; the state the printer reported after it (READY if it says none).

        Raises ``NotDelivered`` when the badge certainly did not print and
        ``InDoubt`` when it may have.
        """
        ...


@dataclass(frozen=True)
class _Status:
    request: bytes
    complete: Complete
    parse: Callable[[bytes], PrinterState]


_STATUS: dict[Scheme, _Status] = {
    Scheme.ZPL: _Status(zpl.HOST_STATUS, zpl.host_status_complete, zpl.parse_host_status),
    Scheme.TSPL: _Status(tspl.STATUS, lambda reply: len(reply) >= 1, tspl.parse_status),
}


class LabelPrinter:
    """A ZPL, Brother QL or TSPL printer on the network, printing badges of one template."""

    def __init__(self, url: PrinterUrl, template: Template, rasterize: Rasterize) -> None:
        if not url.scheme.is_network:
            raise LabelError(f"{url} is not a label printer")
        if template.sheet is not None:
            raise LabelError(
                f"template {template.name} lays badges on sheets; a label printer "
                "prints one badge a label: choose a single-badge template"
            )
        self.url = url
        self._endpoint = Endpoint(url.host, url.port, str(url))
        self._rasterize = rasterize
        self._status = _STATUS.get(url.scheme)
        if url.scheme is Scheme.QL:
            self.canvas = brother.ql_canvas(
                url.options["label"], template.width_mm, template.height_mm
            )
        else:
            self.canvas = plain_canvas(template.width_mm, template.height_mm, url.dpi)

    @property
    def name(self) -> str:
        return str(self.url)

    def label_image(self, badge: BadgeData) -> Bits:
        """The badge as the printer will burn it, on the whole label."""
        return self.canvas.place(self._rasterize(badge, self.canvas.dpi))

    def encode(self, image: Bits) -> bytes:
        """The job in the printer's language for a label image from ``label_image``."""
        scheme = self.url.scheme
        if scheme is Scheme.ZPL:
            return zpl.zpl_job(image)
        if scheme is Scheme.TSPL:
            return tspl.tspl_job(image, self.canvas.dpi, float(self.url.options["gap"]))
        return brother.ql_job(image, self.url.options["model"], self.url.options["label"])

    def probe(self) -> PrinterState:
        """The printer's own report where its language has one, else whether it answers."""
        try:
            if self._status is None:
                self._endpoint.query(b"", lambda _: True)
                return PrinterState.READY
            return self._status.parse(
                self._endpoint.query(self._status.request, self._status.complete)
            )
        except NotDelivered as error:
            return error.state

    def print(self, badge: BadgeData) -> PrinterState:
        job = self.encode(self.label_image(badge))
        if self._status is None:
            self._endpoint.deliver(job, None, lambda _: True)
            return PrinterState.READY
        reply = self._endpoint.deliver(job, self._status.request, self._status.complete)
        return self._status.parse(reply)
