"""Each label language, sent to a printer on 127.0.0.1 that decodes what it receives.

What the printer burns must be the badge as drawn, dot for dot, and its
QR must read back as the attendee's badge code.
"""

from __future__ import annotations

import numpy as np

from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.printers.label import LabelPrinter
from checkin.printers.state import PrinterState
from checkin.printers.urls import parse_printer_url
from tests.checkin.printers.conftest import qr_badge
from tests.checkin.printers.emulator import PrinterEmulator, decode_qr


def test_zpl_sends_the_badge_as_one_graphic_the_size_of_the_template(
    template: Template, badges: list[BadgeData]
) -> None:
    with PrinterEmulator("zpl") as zebra:
        printer = LabelPrinter(
            parse_printer_url(zebra.url("dpi=300")), template, qr_badge(template)
        )
        assert printer.probe() is PrinterState.READY
        assert printer.print(badges[0]) is PrinterState.READY
    assert zebra.errors == []
    (label,) = zebra.labels
    assert label.shape == (900, 1200)  # 76.2 x 101.6 mm at 300 dpi
    assert np.array_equal(label, printer.label_image(badges[0]))
    assert decode_qr(label) == [badges[0].code]


def test_tspl_sends_the_badge_as_one_bitmap_where_a_zero_bit_burns(
    template: Template, badges: list[BadgeData]
) -> None:
    with PrinterEmulator("tspl") as tsc:
        printer = LabelPrinter(parse_printer_url(tsc.url()), template, qr_badge(template))
        assert printer.probe() is PrinterState.READY
        printer.print(badges[1])
    assert tsc.errors == []
    (label,) = tsc.labels
    assert label.shape == (609, 816)  # 609 x 812 dots at 203 dpi, rows padded to whole bytes
    assert np.array_equal(label[:, :812], printer.label_image(badges[1]))
    assert not label[:, 812:].any()
    assert decode_qr(label) == [badges[1].code]


def test_brother_raster_reads_back_with_the_library_reader(
    template: Template, badges: list[BadgeData]
) -> None:
    url = parse_printer_url("ql://127.0.0.1?model=QL-820NWB&label=62")
    with PrinterEmulator("ql") as brother:
        url = parse_printer_url(brother.url("model=QL-820NWB&label=62"))
        printer = LabelPrinter(url, template, qr_badge(template))
        printer.print(badges[2])
    assert brother.errors == []
    (label,) = brother.labels
    # A 4 x 3 in badge turned a quarter turn and shrunk to 77 % onto 62 mm tape (696 dots across).
    assert printer.canvas.rotate and round(printer.canvas.dpi) == 232
    assert label.shape[0] == printer.canvas.height
    # The reader shows the tape as the head sees it: mirrored, with the model's margins.
    assert decode_qr(label) == [badges[2].code]
    assert decode_qr(printer.label_image(badges[2])) == [badges[2].code]


def test_an_out_of_labels_zebra_says_so_in_its_host_status(template: Template) -> None:
    with PrinterEmulator("zpl") as zebra:
        printer = LabelPrinter(parse_printer_url(zebra.url()), template, qr_badge(template))
        zebra.paper_out = True
        assert printer.probe() is PrinterState.OUT_OF_PAPER
    with PrinterEmulator("tspl") as tsc:
        printer = LabelPrinter(parse_printer_url(tsc.url()), template, qr_badge(template))
        tsc.paper_out = True
        assert printer.probe() is PrinterState.OUT_OF_PAPER


def test_a_printer_switched_off_is_offline(template: Template) -> None:
    zebra = PrinterEmulator("zpl").start()
    printer = LabelPrinter(parse_printer_url(zebra.url()), template, qr_badge(template))
    zebra.stop()
    assert printer.probe() is PrinterState.OFFLINE
