"""3,000 badges of the demo event to one PDF, beside a naive baseline in the same run.

    python bench/badges.py [--count 3000] [--template 4x3in] [--skip-baseline] [--skip-check]

Ours: ``select_badges`` + ``write_pdf`` (what ``checkin badges --out`` runs):
QR symbols from zxing-cpp's writer, layout with Qt font metrics, the QR as
vector rectangles, the CJK font embedded, to QPdfWriter.
Baseline: the ``qrcode`` package with its default settings (automatic
version and mask choice) and reportlab drawing every dark module as its own
rectangle, with the same texts on the page in reportlab's built-in Chinese
font.  Both write to a temporary folder.

Then, outside the timing, renders every page of our PDF at 300 dpi and
reads its QR codes back with zxing-cpp: each page must give exactly the
codes of the badges placed on it (the exit status says if one did not).

Also times the QR encoders alone for the same codes, which is why the
badges use zxing-cpp.  The machine is shared and noisy: read the ratios;
absolute seconds are a note (CPU seconds are printed beside wall time).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from checkin.badges.batch import select_badges  # noqa: E402
from checkin.badges.layout import BadgeData  # noqa: E402
from checkin.badges.template import Template, load_template  # noqa: E402
from checkin.demo import create_demo_event  # noqa: E402

MM = 72 / 25.4  # reportlab points per millimetre


def timed(work: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def naive_pdf(path: Path, badges: list[BadgeData]) -> None:
    """The obvious way: qrcode's defaults, one reportlab rectangle per dark module."""
    import qrcode
    from reportlab.lib.colors import HexColor, white
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = 101.6 * MM, 76.2 * MM
    canvas = Canvas(str(path), pagesize=(width, height))
    for badge in badges:
        canvas.setFont("STSong-Light", 8)
        canvas.drawString(16 * MM, height - 7 * MM, badge.event_name)
        canvas.drawString(16 * MM, height - 12 * MM, badge.event_name_zh)
        canvas.setFont("STSong-Light", 26)
        canvas.drawString(5 * MM, height - 28 * MM, badge.name_alt or badge.name)
        canvas.setFont("STSong-Light", 13)
        canvas.drawString(5 * MM, height - 36 * MM, badge.name if badge.name_alt else "")
        canvas.setFont("STSong-Light", 10)
        canvas.drawString(5 * MM, height - 46 * MM, badge.company)
        canvas.drawString(5 * MM, height - 53 * MM, badge.title)
        canvas.drawString(80 * MM, height - 46 * MM, f"No. {badge.number}")
        canvas.setFillColor(HexColor(badge.category_color))
        canvas.rect(0, 0, width, 15.2 * MM, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.setFont("STSong-Light", 20)
        canvas.drawCentredString(width / 2, 5 * MM, f"{badge.category_zh} {badge.category}")
        code = qrcode.QRCode()
        code.add_data(badge.code)
        code.make(fit=True)
        modules = code.get_matrix()  # with its quiet zone
        module = 27 * MM / len(modules)
        left, top = 71 * MM, height - 15 * MM
        canvas.setFillColorRGB(0, 0, 0)
        for row, cells in enumerate(modules):
            for column, dark in enumerate(cells):
                if dark:
                    x, y = left + column * module, top - (row + 1) * module
                    canvas.rect(x, y, module, module, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()


def check_pages(path: Path, template: Template, badges: list[BadgeData]) -> list[int]:
    """Pages (from 1) whose 300 dpi render does not read back as their badges' codes."""
    import numpy as np
    import zxingcpp
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    qr_boxes = sum(1 for box in template.boxes if box.kind == "qr")
    document = QPdfDocument()
    document.load(str(path))
    wrong = []
    for page in range(document.pageCount()):
        placed = badges[page * template.per_page : (page + 1) * template.per_page]
        expected = sorted(b.code for b in placed for _ in range(qr_boxes))
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * 300 / 72), round(points.height() * 300 / 72))
        # The page renders onto transparency: lay it on white paper, as printed.
        image = QImage(size, QImage.Format.Format_Grayscale8)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.drawImage(0, 0, document.render(page, size))
        painter.end()
        stride, height = image.bytesPerLine(), image.height()
        pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
        gray = pixels.reshape(height, stride)[:, : image.width()]
        found = sorted(r.text for r in zxingcpp.read_barcodes(gray, try_invert=False))
        if found != expected:
            wrong.append(page + 1)
    if document.pageCount() != -(-len(badges) // template.per_page):
        wrong.append(0)
    return wrong


def encoders(codes: list[str]) -> list[tuple[str, float]]:
    """Seconds to encode ``codes`` with each QR encoder at hand."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_Q
    from qrcode.util import MODE_ALPHA_NUM, QRData

    from checkin.badges.qr import encode

    def qrcode_auto() -> None:
        for text in codes:
            code = qrcode.QRCode(error_correction=ERROR_CORRECT_Q)
            code.add_data(text)
            code.make(fit=True)

    def qrcode_fixed() -> None:
        for text in codes:
            code = qrcode.QRCode(version=3, error_correction=ERROR_CORRECT_Q, mask_pattern=0)
            code.add_data(QRData(text, mode=MODE_ALPHA_NUM))
            code.make(fit=False)

    runs = [
        ("zxing-cpp writer, automatic mask (ours)", lambda: [encode(c) for c in codes]),
        ("qrcode, automatic mask", qrcode_auto),
        ("qrcode, fixed mask and version", qrcode_fixed),
    ]
    try:
        import segno

        runs.append(
            (
                "segno, fixed mask and version",
                lambda: [
                    segno.make_qr(c, error="q", mode="alphanumeric", version=3, mask=0)
                    for c in codes
                ],
            )
        )
    except ImportError:
        pass
    return [(name, timed(work)[0]) for name, work in runs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--template", default="4x3in")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-check", action="store_true", help="do not read back every QR")
    args = parser.parse_args()

    from PySide6.QtGui import QGuiApplication

    from ui.badges.fonts import load_badge_fonts
    from ui.badges.render import write_pdf

    app = QGuiApplication(["bench"])
    load_badge_fonts()
    template = load_template(args.template)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        store = create_demo_event(work / "demo.db", attendees=args.count)
        print(f"badges: {args.count} demo attendees on template {template.name}")

        def ours() -> int:
            chosen = select_badges(store)
            return write_pdf(work / "ours.pdf", template, chosen).badges

        write_pdf(work / "warm.pdf", template, select_badges(store)[:20])  # fonts, caches
        wall, cpu, made = timed(ours)
        size = (work / "ours.pdf").stat().st_size
        print(
            f"  ours      {wall:6.2f} s wall {cpu:6.2f} s cpu  {made} badges  "
            f"{size / made / 1024:.1f} KB a badge ({size / 1e6:.1f} MB)"
        )
        badges = select_badges(store)
        status = 0
        if not args.skip_check:
            wrong = check_pages(work / "ours.pdf", template, badges)
            pages = -(-len(badges) // template.per_page)
            print(f"  QR read back at 300 dpi on {pages - len(wrong)} of {pages} pages")
            if wrong:
                print(f"  WRONG on pages {wrong[:20]}")
                status = 1
        if not args.skip_baseline:
            base_wall, base_cpu, _ = timed(lambda: naive_pdf(work / "naive.pdf", badges))
            base_size = (work / "naive.pdf").stat().st_size
            print(
                f"  baseline  {base_wall:6.2f} s wall {base_cpu:6.2f} s cpu  {len(badges)} badges  "
                f"{base_size / len(badges) / 1024:.1f} KB a badge (font not embedded)"
            )
            print(f"  speed-up  {base_wall / wall:.1f}x wall, {base_cpu / cpu:.1f}x cpu")
        print(f"QR encoders, {len(badges)} badge codes:")
        for name, seconds in encoders([b.code for b in badges]):
            print(f"  {name:42} {seconds:6.2f} s")
        store.close()
    del app
    return status


if __name__ == "__main__":
    sys.exit(main())
