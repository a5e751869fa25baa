"""The PySide6 pin holds: void methods called many times do not crash the process.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a
method returning nothing and aborts after a few thousand calls; the pin in
pyproject.toml keeps 6.11 there.  This is the check that the installed
build is a good one.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter


def test_a_hundred_thousand_void_calls_leave_none_alive() -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    none_refs = sys.getrefcount(None)
    painter = QPainter(image)
    rect = QRect(1, 1, 10, 10)
    for _ in range(100_000):
        painter.drawRect(rect)
    painter.end()
    # A leak of one reference per call would show as a drop of about 100,000.
    assert sys.getrefcount(None) > none_refs - 1000
    assert image.pixelColor(1, 1) != QColor("white")
