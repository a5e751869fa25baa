"""Badges drawn with the real fonts, sent to label printers on 127.0.0.1 that decode them."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from checkin.badges.batch import BadgeSource
from checkin.badges.template import load_template
from checkin.model import PrintJobState
from checkin.printers.label import LabelPrinter
from checkin.printers.pool import PrinterPool, print_badge
from checkin.printers.urls import parse_printer_url
from checkin.store import Store
from tests.checkin.printers.emulator import PrinterEmulator, decode_qr
from ui.badges.printers import open_printer
from ui.badges.queue import PrintOnEntryQueue
from ui.badges.raster import BadgeRaster
from ui.badges.station import StationWindow
from ui.commands import main


def test_a_chinese_name_prints_as_previewed_and_its_qr_reads_back(
    demo_store: Store, badge_qapp: object
) -> None:
    template = load_template("4x3in")
    attendee = next(a for a in demo_store.attendees() if a.name_alt and a.company)
    badge = BadgeSource(demo_store).badge(attendee)
    with PrinterEmulator("zpl") as zebra:
        printer = open_printer(zebra.url("dpi=203"), template)
        assert isinstance(printer, LabelPrinter)
        job = print_badge(PrinterPool([printer], demo_store), badge)
    assert job.state is PrintJobState.DONE and zebra.errors == []
    (label,) = zebra.labels
    assert np.array_equal(label, BadgeRaster(template)(badge, 203))
    assert decode_qr(label) == [badge.code]
    # The name is there in ink: the large-name band of the badge is not blank.
    name_band = label[round(20 / 25.4 * 203) : round(34 / 25.4 * 203), : round(60 / 25.4 * 203)]
    assert 0.05 < name_band.mean() < 0.6


def test_checkin_badges_prints_a_batch_on_a_pool_of_two_printers(
    demo_store: Store, badge_qapp: object
) -> None:
    vips = [a for a in demo_store.attendees() if a.category == "VIP" and a.state.value == "active"]
    with PrinterEmulator("zpl") as zebra, PrinterEmulator("tspl") as tsc:
        result = CliRunner().invoke(
            main,
            ["badges", "--db", str(demo_store.path), "--category", "VIP", "--json",
             "--printer", zebra.url(), "--printer", tsc.url()],
            catch_exceptions=False,
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["pool"]["jobs"]["done"] == len(vips)
    assert set(summary["pool"]["states"].values()) == {"ready"}
    assert zebra.errors == [] and tsc.errors == []
    assert abs(len(zebra.labels) - len(tsc.labels)) <= 1
    source = BadgeSource(demo_store)
    assert Counter(zebra.codes() + tsc.codes()) == Counter(source.badge(a).code for a in vips)
    assert set(demo_store.printed_versions()) == {a.number for a in vips}


def test_a_bad_printer_url_is_a_one_line_error(demo_store: Store) -> None:
    result = CliRunner().invoke(
        main, ["badges", "--db", str(demo_store.path), "--printer", "zpl://printer?dpi=250"]
    )
    assert result.exit_code == 1
    assert result.output.startswith("checkin: printer 'zpl://printer?dpi=250': dpi must be one of")


def test_a_pdf_printer_writes_one_page_per_badge(
    demo_store: Store, badge_qapp: object, tmp_path: Path
) -> None:
    out = tmp_path / "pool.pdf"
    result = CliRunner().invoke(
        main,
        ["badges", "--db", str(demo_store.path), "--category", "Media", "--printer", f"pdf:{out}"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    media = [
        a for a in demo_store.attendees() if a.category == "Media" and a.state.value == "active"
    ]
    assert f"Printed {len(media)} badges on 1 printers" in result.output
    document = QPdfDocument()
    assert document.load(str(out)) == QPdfDocument.Error.None_
    assert document.pageCount() == len(media)


def test_the_station_prints_reprints_and_walk_ins_on_a_label_printer(
    qtbot: QtBot, demo_store: Store, badge_qapp: object, now: datetime
) -> None:
    template = load_template("4x3in")
    with PrinterEmulator("tspl") as tsc:
        queue = PrintOnEntryQueue.for_pool([tsc.url()], template, demo_store.path)
        station = StationWindow(
            demo_store, template, gate="North Hall", print_queue=queue, clock=lambda: now
        )
        qtbot.addWidget(station)
        status = station.findChild(QLabel, "badgePrinterState")
        assert status is not None
        qtbot.waitUntil(lambda: status.property("printerState") == "ready", timeout=10_000)
        try:
            station.search_box.setText("Abigail Price")
            first = station.current
            assert first is not None
            with qtbot.waitSignal(queue.printed, timeout=20_000):
                station.print_button.click()
            assert "sent to the badge printer" in station.notice.text()
            with qtbot.waitSignal(queue.printed, timeout=20_000):
                station.reprint_button.click()
            station.walk_in_fields["name"].setText("Lena Park")
            with qtbot.waitSignal(queue.printed, timeout=20_000):
                station.register_button.click()
            walk_in = station.current
            assert walk_in is not None
        finally:
            queue.stop()
    source = BadgeSource(demo_store)
    assert tsc.errors == []
    assert tsc.codes() == [first.code, source.badge_for(first.number).code, walk_in.code]
    assert demo_store.printed_versions()[first.number] == 2
    assert demo_store.printed_versions()[walk_in.number] == 1
    # Each line of the log names the printer the journal says took the badge.
    lines = [station.log_list.item(i).text() for i in range(station.log_list.count())]
    name = str(parse_printer_url(tsc.url()))
    assert len(lines) == 3 and all(line.endswith(f"→ {name}") for line in lines)
    assert f"reprinted  #{first.number} v2" in lines[1]
    assert f"walk-in  #{walk_in.number} v1" in lines[0]
