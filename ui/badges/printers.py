"""Printers named by URL, ready for a pool: label printers, system queues, PDF files.

``open_pool(["zpl://10.0.0.7", "zpl://10.0.0.8"], template, store)`` is all a
desk needs to print badges; ``checkin.printers.pool.print_badge`` prints one.
Label printers get the badge as a 1-bit image drawn here; a system queue
(``cups:QUEUE``) gets it drawn by its own driver, as ``--print`` always did;
a PDF file gets one page per badge, written whole when the pool closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from checkin.badges.batch import paginate
from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.printers.errors import NotDelivered
from checkin.printers.label import LabelPrinter, Printer
from checkin.printers.pool import PrinterPool
from checkin.printers.state import PrinterState
from checkin.printers.urls import PrinterUrl, Scheme, parse_printer_url
from checkin.store import Store
from ui.badges.fonts import FAMILY
from ui.badges.printing import PrinterError, paint_to, prepare, probe_printer
from ui.badges.raster import BadgeRaster
from ui.badges.render import PDF_DPI, BadgePainter, layouts, page_size


class QueuePrinter:
    """A system print queue, through its own driver (QPrinter)."""

    def __init__(self, url: PrinterUrl, template: Template) -> None:
        self.url = url
        self.template = template

    @property
    def name(self) -> str:
        return str(self.url)

    def probe(self) -> PrinterState:
        return probe_printer(self.url.target)

    def print(self, badge: BadgeData) -> PrinterState:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPrinterName(self.url.target)
        printer.setDocName(f"badge {badge.number}")
        prepare(printer, self.template)
        try:
            paint_to(printer, self.template, [badge])
        except PrinterError as error:  # refused before a page was drawn
            raise NotDelivered(str(error)) from None
        return PrinterState.READY


class PdfPrinter:
    """A PDF file, one page per badge printed; ``close`` finishes the file."""

    def __init__(self, url: PrinterUrl, template: Template) -> None:
        self.url = url
        self.template = template
        self.path = Path(url.target)
        self._writer: QPdfWriter | None = None
        self._painter: QPainter | None = None
        self._badge_painter = BadgePainter(template.font or FAMILY)
        self.pages = 0

    @property
    def name(self) -> str:
        return str(self.url)

    def probe(self) -> PrinterState:
        folder = self.path.parent
        return PrinterState.READY if folder.is_dir() else PrinterState.OFFLINE

    def print(self, badge: BadgeData) -> PrinterState:
        if self._painter is None:
            self._writer = QPdfWriter(str(self.path))
            self._writer.setResolution(PDF_DPI)
            self._writer.setCreator("checkin")
            self._writer.setPageLayout(
                QPageLayout(page_size(self.template), QPageLayout.Orientation.Portrait, QMarginsF())
            )
            self._painter = QPainter()
            if not self._painter.begin(self._writer):
                self._painter = None
                raise NotDelivered(f"cannot write {self.path}", PrinterState.ERROR)
        elif self._writer is not None:
            self._writer.newPage()
        for page in paginate(self.template, layouts(self.template, [badge])):
            self._badge_painter.paint_page(self._painter, page, PDF_DPI)
        self.pages += 1
        return PrinterState.READY

    def close(self) -> None:
        if self._painter is not None:
            self._painter.end()
        self._painter = self._writer = None


def open_printer(url: str | PrinterUrl, template: Template) -> Printer:
    """The printer ``url`` names, printing badges of ``template``."""
    parsed = url if isinstance(url, PrinterUrl) else parse_printer_url(url)
    if parsed.scheme is Scheme.CUPS:
        return QueuePrinter(parsed, template)
    if parsed.scheme is Scheme.PDF:
        return PdfPrinter(parsed, template)
    return LabelPrinter(parsed, template, BadgeRaster(template))


def open_pool(urls: Sequence[str], template: Template, store: Store) -> PrinterPool:
    """A pool of the printers ``urls`` name, journaling in ``store`` (one thread's store)."""
    return PrinterPool([open_printer(url, template) for url in urls], store)


def close_pool(pool: PrinterPool) -> None:
    """Finish what printers write to files (PDF)."""
    for printer in pool.printers:
        if isinstance(printer, PdfPrinter):
            printer.close()
