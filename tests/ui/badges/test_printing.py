"""Printing: the printer gets the same pages as the PDF, at the printer's own resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from checkin.badges.batch import select_badges
from checkin.badges.template import load_template
from checkin.store import Store
from tests.ui.badges.test_render import decode
from ui.badges.printing import paint_to, prepare


def test_a_printer_receives_one_page_per_badge_at_the_template_size(
    demo_store: Store, tmp_path: Path, badge_qapp: object
) -> None:
    template = load_template("cr80")
    badges = select_badges(demo_store, category="Speaker")[:3]
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prepare(printer, template)
    paint_to(printer, template, badges)
    document = QPdfDocument()
    document.load(str(tmp_path / "printed.pdf"))
    assert document.pageCount() == 3
    size = document.pagePointSize(0)
    # Printers work in whole points: within half a millimetre of the card.
    assert size.width() * 25.4 / 72 == pytest.approx(53.98, abs=0.5)
    assert size.height() * 25.4 / 72 == pytest.approx(85.6, abs=0.5)
    codes = []
    for page in range(3):
        codes += decode(document.render(page, QSize(320, 508)))
    assert sorted(codes) == sorted(b.code for b in badges)
