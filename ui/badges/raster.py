"""Badges drawn as the 1-bit images label printers burn, at the printer's resolution.

Drawn with the same painter as the PDF and the preview, so Chinese names,
the layout and the QR come out as previewed whatever fonts the printer
has.  One ``BadgeRaster`` per printer keeps the font metrics and the
shaped texts between badges: print on arrival draws one badge at a time.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from checkin.badges.batch import PageLayout, Placement
from checkin.badges.layout import BadgeData, BadgeLayouter
from checkin.badges.template import Template
from checkin.printers.bitmap import Bits, burnt, dots
from ui.badges.fonts import FAMILY
from ui.badges.render import BadgePainter, QtTextMeasure


class BadgeRaster:
    """Draws badges of one template as 1-bit images (a ``checkin.printers`` ``Rasterize``)."""

    def __init__(self, template: Template) -> None:
        self.template = template
        family = template.font or FAMILY
        self._layouter = BadgeLayouter(template, QtTextMeasure(family))
        self._painter = BadgePainter(family)

    def __call__(self, badge: BadgeData, dpi: float) -> Bits:
        template = self.template
        layout = self._layouter.layout(badge)
        page = PageLayout(template.width_mm, template.height_mm, (Placement(0.0, 0.0, layout),))
        image = QImage(
            dots(template.width_mm, dpi), dots(template.height_mm, dpi), QImage.Format.Format_RGB888
        )
        dots_per_metre = round(dpi / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        try:
            self._painter.paint_page(painter, page, dpi)
        finally:
            painter.end()
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(
            image.height(), image.bytesPerLine()
        )
        rgb = rows[:, : image.width() * 3].reshape(image.height(), image.width(), 3)
        return burnt(rgb)


__all__ = ["BadgeRaster"]
