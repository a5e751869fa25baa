"""Brother QL raster, written by the ``brother_ql`` library (brother-ql-next).

Brother's raster protocol has many model quirks (invalidate bytes, margins,
which commands a model refuses); the library keeps their table, so it
writes the job and this module only decides how the badge lies on the tape.
QL heads are 300 dpi across a fixed printable width: a badge wider than
the tape is turned a quarter turn if that fits better, and shrunk only if
it still does not fit (a 4 x 3 in badge on 62 mm tape prints at 77 %).
"""

from __future__ import annotations

from typing import Any

from checkin.printers.bitmap import MM_PER_INCH, Bits, Canvas, dots
from checkin.printers.errors import PrinterUrlError

QL_DPI = 300


def _library() -> Any:
    try:
        import brother_ql.conversion
        import brother_ql.labels
        import brother_ql.models
        import brother_ql.raster
    except ImportError:
        raise PrinterUrlError(
            "Brother QL printers need the brother-ql-next package: pip install 'checkin[ql]'"
        ) from None
    return brother_ql


def check_model_and_label(text: str, model: str, label: str) -> None:
    """Refuse a model or label the library does not know, listing the ones it does."""
    library = _library()
    models = library.models.ModelsManager().identifiers()
    if model not in models:
        raise PrinterUrlError(
            f"printer {text!r}: unknown model {model!r}; one of {', '.join(models)}"
        )
    labels = library.labels.LabelsManager().identifiers()
    if label not in labels:
        raise PrinterUrlError(
            f"printer {text!r}: unknown label {label!r}; one of {', '.join(labels)}"
        )


def ql_canvas(label: str, width_mm: float, height_mm: float) -> Canvas:
    """Where a badge of ``width_mm`` x ``height_mm`` goes on ``label`` tape."""
    spec = _library().labels.LabelsManager()[label]
    across, along = spec.dots_printable  # along is 0 on endless tape
    endless = along == 0
    best: Canvas | None = None
    for rotate in (False, True):
        w_mm, h_mm = (height_mm, width_mm) if rotate else (width_mm, height_mm)
        scale = min(1.0, across / (w_mm / MM_PER_INCH * QL_DPI))
        if not endless:
            scale = min(scale, along / (h_mm / MM_PER_INCH * QL_DPI))
        dpi = QL_DPI * scale
        length = max(dots(h_mm, dpi), 1) if endless else along
        canvas = Canvas(dpi, across, length, rotate)
        if best is None or canvas.dpi > best.dpi + 1e-9:
            best = canvas
    assert best is not None
    return best


def ql_job(bits: Bits, model: str, label: str) -> bytes:
    """The raster job printing ``bits`` (already the label's printable size) and cutting."""
    from PIL import Image

    library = _library()
    image = Image.fromarray(~bits).convert("L")  # white paper, black dots
    raster = library.raster.BrotherQLRaster(model)
    raster.exception_on_warning = True
    data: bytes = library.conversion.convert(
        raster, [image], label, cut=True, rotate="0", dither=False, compress=True
    )
    return data
