"""Printer URLs: one string names a printer, its language and its options.

    zpl://HOST[:PORT]?dpi=203            Zebra and other ZPL printers (203, 300 or 600 dpi)
    ql://HOST[:PORT]?model=QL-820NWB&label=62   Brother QL raster (model and label as Brother names them)
    tspl://HOST[:PORT]?dpi=203&gap=2     TSC, Gprinter and other TSPL printers (gap in mm)
    cups:QUEUE                           a system print queue (the printer's own driver)
    pdf:FILE                             a PDF file, one page per badge

Network printers listen on raw TCP port 9100 unless the URL says otherwise.
A bad URL is refused when it is given, with what would be right, so a typo
is found at the desk's setup and not at the first arrival.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import parse_qsl, urlsplit

from checkin.printers.errors import PrinterUrlError

RAW_PORT = 9100


class Scheme(StrEnum):
    ZPL = "zpl"
    QL = "ql"
    TSPL = "tspl"
    CUPS = "cups"
    PDF = "pdf"

    @property
    def is_network(self) -> bool:
        return self in (Scheme.ZPL, Scheme.QL, Scheme.TSPL)


# Options each network scheme takes, with their defaults (None: required).
_OPTIONS: dict[Scheme, dict[str, str | None]] = {
    Scheme.ZPL: {"dpi": "203"},
    Scheme.TSPL: {"dpi": "203", "gap": "2"},
    Scheme.QL: {"model": "QL-820NWB", "label": None},
}
_DPIS: dict[Scheme, tuple[int, ...]] = {Scheme.ZPL: (203, 300, 600), Scheme.TSPL: (203, 300)}
EXAMPLES = "zpl://HOST:9100?dpi=203, ql://HOST?model=QL-820NWB&label=62, tspl://HOST, cups:QUEUE or pdf:FILE"


@dataclass(frozen=True)
class PrinterUrl:
    scheme: Scheme
    # The host and port of a network printer; the queue or file name otherwise.
    host: str = ""
    port: int = RAW_PORT
    target: str = ""
    options: Mapping[str, str] = field(default_factory=dict)

    @property
    def dpi(self) -> int:
        """Dots per inch of the print head (Brother QL heads are 300 dpi)."""
        return 300 if self.scheme is Scheme.QL else int(self.options.get("dpi", "203"))

    def __str__(self) -> str:
        if not self.scheme.is_network:
            return f"{self.scheme}:{self.target}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        query = "&".join(f"{k}={v}" for k, v in sorted(self.options.items()))
        return f"{self.scheme}://{host}:{self.port}" + (f"?{query}" if query else "")


def parse_printer_url(text: str) -> PrinterUrl:
    """The printer ``text`` names; ``PrinterUrlError`` says what is wrong with it."""
    text = text.strip()
    scheme_text, colon, rest = text.partition(":")
    try:
        scheme = Scheme(scheme_text.lower())
    except ValueError:
        raise PrinterUrlError(
            f"printer {text!r}: unknown kind {scheme_text!r}; give one of {EXAMPLES}"
        ) from None
    if not colon or not rest.strip("/"):
        raise PrinterUrlError(f"printer {text!r} names no {_what(scheme)}; e.g. {EXAMPLES}")
    if not scheme.is_network:
        return PrinterUrl(scheme, target=rest)
    if not rest.startswith("//"):
        raise PrinterUrlError(f"printer {text!r}: write {scheme}://HOST[:PORT]")
    parts = urlsplit(text)
    try:
        port = parts.port or RAW_PORT
    except ValueError:
        raise PrinterUrlError(f"printer {text!r}: the port must be a number 1-65535") from None
    if not parts.hostname:
        raise PrinterUrlError(f"printer {text!r} names no host; write {scheme}://HOST[:PORT]")
    if parts.path not in ("", "/") or parts.fragment:
        raise PrinterUrlError(f"printer {text!r}: nothing may follow the port but ?options")
    return PrinterUrl(scheme, parts.hostname, port, options=_options(text, scheme, parts.query))


def _what(scheme: Scheme) -> str:
    return {Scheme.CUPS: "print queue", Scheme.PDF: "file"}.get(scheme, "host")


def _options(text: str, scheme: Scheme, query: str) -> dict[str, str]:
    known = _OPTIONS[scheme]
    given: dict[str, str] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in known:
            raise PrinterUrlError(
                f"printer {text!r}: unknown option {key!r}; {scheme} takes {', '.join(known)}"
            )
        given[key] = value
    options = {k: v for k, v in known.items() if v is not None} | given
    missing = [k for k in known if k not in options]
    if missing:
        raise PrinterUrlError(f"printer {text!r} needs ?{missing[0]}=...")
    if "dpi" in options:
        dpis = _DPIS[scheme]
        if not options["dpi"].isdigit() or int(options["dpi"]) not in dpis:
            raise PrinterUrlError(
                f"printer {text!r}: dpi must be one of {', '.join(map(str, dpis))}"
            )
    if "gap" in options:
        try:
            gap = float(options["gap"])
        except ValueError:
            gap = -1.0
        if not 0 <= gap <= 20:
            raise PrinterUrlError(f"printer {text!r}: gap is the mm between labels, 0-20")
    if scheme is Scheme.QL:
        from checkin.printers.brother import check_model_and_label

        check_model_and_label(text, options["model"], options["label"])
    return options
