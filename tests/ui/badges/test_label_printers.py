"""Badges drawn with the real fonts, sent to label printers on 127.0.0.1 that decode them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from PySide6.QtPdf import QPdfDocument

from checkin.badges.batch import BadgeSource
from checkin.badges.template import load_template
from checkin.model import PrintJobState
from checkin.printers.label import LabelPrinter
from checkin.printers.pool import PrinterPool, print_badge
from checkin.store import Store
from tests.checkin.printers.emulator import PrinterEmulator, decode_qr
from ui.badges.printers import open_printer
from ui.badges.raster import BadgeRaster
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
