"""Printer URLs: what each kind of printer is named by, and the errors a typo meets."""

from __future__ import annotations

import pytest

from checkin.errors import UserError
from checkin.printers.errors import PrinterUrlError
from checkin.printers.urls import Scheme, parse_printer_url


def test_network_printers_default_to_raw_port_9100_and_their_head_resolution() -> None:
    zebra = parse_printer_url("zpl://10.0.0.7")
    assert (zebra.scheme, zebra.host, zebra.port, zebra.dpi) == (Scheme.ZPL, "10.0.0.7", 9100, 203)
    assert str(zebra) == "zpl://10.0.0.7:9100?dpi=203"
    tsc = parse_printer_url("tspl://printer.local:9101?gap=3")
    assert (tsc.port, tsc.dpi, tsc.options["gap"]) == (9101, 203, "3")
    assert parse_printer_url("zpl://[::1]:9100?dpi=300").dpi == 300


def test_brother_printers_name_their_model_and_label() -> None:
    ql = parse_printer_url("ql://192.0.2.5:9100?model=QL-820NWB&label=62")
    assert (ql.scheme, ql.dpi, ql.options["model"], ql.options["label"]) == (
        Scheme.QL, 300, "QL-820NWB", "62",
    )  # fmt: skip


def test_system_queues_and_files_keep_their_name() -> None:
    assert parse_printer_url("cups:Zebra_ZD421").target == "Zebra_ZD421"
    assert parse_printer_url("pdf:out/badges.pdf").target == "out/badges.pdf"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("lpr://host", "unknown kind 'lpr'"),
        ("zpl://", "names no host"),
        ("zpl:host", "write zpl://HOST[:PORT]"),
        ("zpl://host:99999", "port must be a number"),
        ("zpl://host:nine", "port must be a number"),
        ("zpl://host?dpi=250", "dpi must be one of 203, 300, 600"),
        ("zpl://host?darkness=30", "unknown option 'darkness'; zpl takes dpi"),
        ("zpl://host/queue", "nothing may follow the port"),
        ("tspl://host?gap=wide", "gap is the mm between labels"),
        ("ql://host", "needs ?label=..."),
        ("ql://host?label=62&model=QL-9", "unknown model 'QL-9'"),
        ("ql://host?label=63", "unknown label '63'"),
        ("cups:", "names no print queue"),
        ("pdf:", "names no file"),
    ],
)
def test_a_bad_url_says_what_is_wrong(url: str, says: str) -> None:
    with pytest.raises(PrinterUrlError, match=None) as caught:
        parse_printer_url(url)
    assert isinstance(caught.value, UserError)
    assert says in str(caught.value) and repr(url) in str(caught.value)
