"""Sending badges to a system printer, with the printer chosen once and remembered.

The badge station prints one badge at a time while a queue waits: asking
which printer every time would cost seconds per person, so the choice is
kept in QSettings and the dialog only comes back when staff ask for it
("Choose printer…") or the remembered printer is gone.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QSettings
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from checkin.badges.batch import paginate
from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.errors import UserError
from checkin.printers.state import PrinterState
from ui.badges.fonts import FAMILY
from ui.badges.render import BadgePainter, layouts, page_size
from ui.i18n.translator import translate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SettingKey:
    key: str
    help: str


# Every badge setting kept between runs, in one place.
PRINTER = SettingKey("badges/printer", "The printer badges go to (chosen once).")


def settings() -> QSettings:
    return QSettings("checkin", "checkin")


def remembered_printer() -> str | None:
    value = settings().value(PRINTER.key)
    return str(value) if value else None


def remember_printer(name: str) -> None:
    settings().setValue(PRINTER.key, name)


def prepare(printer: QPrinter, template: Template) -> None:
    """Page size of the template, no margins: badges are laid out to the paper's edge."""
    printer.setFullPage(True)
    printer.setPageLayout(
        QPageLayout(page_size(template), QPageLayout.Orientation.Portrait, QMarginsF())
    )


def choose_printer(
    template: Template, parent: QWidget | None = None, *, ask: bool = False
) -> QPrinter | None:
    """The remembered printer, or the one staff pick now (None if they cancel)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    name = remembered_printer()
    if not ask and name and name in QPrinterInfo.availablePrinterNames():
        printer.setPrinterName(name)
        prepare(printer, template)
        return printer
    prepare(printer, template)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(translate("BadgePrinter", "Choose the badge printer"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if printer.printerName():
        remember_printer(printer.printerName())
    prepare(printer, template)
    return printer


def paint_to(printer: QPrinter, template: Template, badges: Sequence[BadgeData]) -> None:
    """Draw ``badges`` onto ``printer`` (a real printer or a preview's)."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(f"printer {printer.printerName() or '(none)'} cannot start a job")
    badge_painter = BadgePainter(template.font or FAMILY)
    dpi = printer.resolution()
    for index, page in enumerate(paginate(template, layouts(template, badges))):
        if index:
            printer.newPage()
        badge_painter.paint_page(painter, page, dpi)
    painter.end()


def print_badges(
    template: Template,
    badges: Sequence[BadgeData],
    *,
    preview: bool = False,
    parent: QWidget | None = None,
    ask: bool = False,
) -> str | None:
    """Print (or preview, then print) ``badges``; the printer's name, or None if cancelled."""
    printer = choose_printer(template, parent, ask=ask)
    if printer is None:
        return None
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(
            translate("BadgePrinter", "Print preview: {n} badges on {template}").format(
                n=len(badges), template=template.name
            )
        )
        dialog.paintRequested.connect(lambda target: paint_to(target, template, badges))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
    else:
        paint_to(printer, template, badges)
    return printer.printerName() or printer.outputFileName() or "printer"


class PrinterError(UserError, RuntimeError):
    """A print job could not start; the message names the printer."""


# -- printer state ------------------------------------------------------------


# CUPS "printer-state-reasons" keywords (RFC 8011), as ``lpstat -l`` shows them.
_REASONS = (
    ("media-empty", PrinterState.OUT_OF_PAPER),
    ("media-needed", PrinterState.OUT_OF_PAPER),
    ("offline", PrinterState.OFFLINE),
    ("shutdown", PrinterState.OFFLINE),
    ("connecting-to-device", PrinterState.OFFLINE),
    ("media-jam", PrinterState.ERROR),
    ("door-open", PrinterState.ERROR),
    ("toner-empty", PrinterState.ERROR),
    ("marker-supply-empty", PrinterState.ERROR),
)


def parse_lpstat(text: str) -> PrinterState:
    """The state in ``lpstat -l -p NAME`` output (the CUPS command-line client)."""
    lowered = text.lower()
    for reason, state in _REASONS:
        if reason in lowered:
            return state
    if "disabled" in lowered:
        return PrinterState.OFFLINE
    if "now printing" in lowered:
        return PrinterState.PRINTING
    if "idle" in lowered:
        return PrinterState.READY
    return PrinterState.ERROR if lowered.strip() else PrinterState.NONE


def probe_printer(name: str | None) -> PrinterState:
    """Ask the system how ``name`` is doing.

    Qt only knows idle, active, aborted and error; CUPS also says why a
    printer stopped (out of paper, offline), which is what a volunteer
    needs on screen, so ask ``lpstat`` where it exists.
    """
    if not name:
        return PrinterState.NONE
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        return PrinterState.OFFLINE
    lpstat = shutil.which("lpstat")
    if lpstat is not None:
        try:
            output = subprocess.run(
                [lpstat, "-l", "-p", name], capture_output=True, text=True, timeout=2, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError) as error:
            log.debug("lpstat failed: %s", error)
        else:
            if output.strip():
                return parse_lpstat(output)
    state = info.state()
    if state == QPrinter.PrinterState.Active:
        return PrinterState.PRINTING
    if state in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        return PrinterState.ERROR
    return PrinterState.READY
