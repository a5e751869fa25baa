"""Remake the badge previews in docs/badges and the station screenshots in docs/screenshots.

    python docs/badges/make_images.py            # off screen
    xvfb-run python docs/badges/make_images.py   # in a real (virtual) window

Everything comes from a fresh demo event (seed 2026), so the pictures are
the same on every machine; no printer is used (prints go to a stand-in).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from checkin.badges.batch import BadgeSource  # noqa: E402
from checkin.badges.layout import BadgeData  # noqa: E402
from checkin.badges.template import BUILT_IN, Template, load_template  # noqa: E402
from checkin.demo import create_demo_event, morning_start  # noqa: E402
from ui.badges.fonts import load_badge_fonts  # noqa: E402
from ui.badges.render import render_image  # noqa: E402

BADGES = ROOT / "docs" / "badges"
SCREENSHOTS = ROOT / "docs" / "screenshots"
DPI = 110
GAP = 24


def side_by_side(images: list[QImage]) -> QImage:
    width = sum(i.width() for i in images) + GAP * (len(images) + 1)
    height = max(i.height() for i in images) + 2 * GAP
    sheet = QImage(width, height, QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.lightGray)
    painter = QPainter(sheet)
    x = GAP
    for image in images:
        painter.drawImage(x, GAP, image)
        x += image.width() + GAP
    painter.end()
    return sheet


def save(image: QImage, path: Path) -> None:
    if not image.save(str(path), "PNG", 80):
        raise OSError(f"cannot write {path}")
    print(f"wrote {path.relative_to(ROOT)} ({image.width()}x{image.height()})")


def pair(badges: list[BadgeData], category: str | None = None) -> list[BadgeData]:
    """A Chinese name and an English one (of ``category`` when given)."""
    pool = [b for b in badges if category is None or b.category == category]
    chinese = next(b for b in pool if b.name_alt and len(b.name_alt) == 3)
    english = next(b for b in pool if not b.name_alt)
    return [chinese, english]


def previews(badges: list[BadgeData]) -> None:
    for name in BUILT_IN:
        template = load_template(name)
        if template.sheet is not None:
            categories = ("Speaker", "VIP", "Startup", "Media")
            mixed = [b for c in categories for b in pair(badges, c)]
            save(sheet_image(template, mixed), BADGES / f"template-{name}.png")
            continue
        images = [render_image(template, b, DPI) for b in pair(badges)]
        save(side_by_side(images), BADGES / f"template-{name}.png")
    template = load_template("4x3in")
    for category in dict.fromkeys(b.category for b in badges):
        images = [render_image(template, b, DPI) for b in pair(badges, category)]
        save(side_by_side(images), BADGES / f"category-{category.lower()}.png")


def sheet_image(template: Template, badges: list[BadgeData]) -> QImage:
    from checkin.badges.batch import paginate
    from ui.badges.render import MM_PER_INCH, BadgePainter, QtTextMeasure, layouts

    page = next(paginate(template, layouts(template, badges, QtTextMeasure())))
    scale = DPI / MM_PER_INCH
    image = QImage(
        round(page.width * scale), round(page.height * scale), QImage.Format.Format_RGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    BadgePainter().paint_page(painter, page, DPI)
    painter.end()
    return image


def station_screenshots(folder: Path, app: QApplication) -> None:
    from ui.badges.station import StationWindow

    store = create_demo_event(folder / "station.db")
    clock_at = [morning_start() + timedelta(minutes=25)]

    def clock() -> datetime:
        clock_at[0] += timedelta(seconds=40)
        return clock_at[0]

    window = StationWindow(
        store,
        load_template("4x3in"),
        gate="North Hall",
        printer=lambda template, badges: "Badge printer (front desk)",
        clock=clock,
    )
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    for number in (41, 1202, 733):  # a few earlier prints in the log
        window.select(number)
        window.print_current()
    window.search_box.setText("Wang")
    app.processEvents()
    window.print_current()
    app.processEvents()
    save(window.grab().toImage(), SCREENSHOTS / "station.png")

    lost = window.current
    assert lost is not None
    window.reprint_current()
    window.check_box.setText(lost.code)
    window.check_code()
    app.processEvents()
    save(window.grab().toImage(), SCREENSHOTS / "station-reprint.png")

    window.tabs.setCurrentIndex(1)
    window.walk_in_fields["name"].setText("")
    window.walk_in_fields["name_alt"].setText("")
    window.walk_in_fields["email"].setText("lena@")
    window.walk_in_fields["phone"].setText("12")
    window.register_walk_in()
    app.processEvents()
    save(window.grab().toImage(), SCREENSHOTS / "station-walk-in-errors.png")

    window.walk_in_fields["name"].setText("Lena Park")
    window.walk_in_fields["name_alt"].setText("朴丽娜")
    window.walk_in_fields["company"].setText("Acme Robotics 深圳")
    window.walk_in_fields["email"].setText("lena.park@example.com")
    window.walk_in_fields["phone"].setText("+86 138 0013 8000")
    window.category_box.setCurrentIndex(window.category_box.findData("Investor"))
    window.register_walk_in()
    app.processEvents()
    save(window.grab().toImage(), SCREENSHOTS / "station-walk-in.png")
    window.close()
    store.close()


def main() -> int:
    app = QApplication(["checkin"])
    load_badge_fonts()
    BADGES.mkdir(parents=True, exist_ok=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "demo.db")
        source = BadgeSource(store)
        previews([source.badge(a) for a in store.attendees() if a.state.value == "active"])
        del source
        store.close()
        station_screenshots(Path(folder), app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
