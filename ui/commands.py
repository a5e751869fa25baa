"""The ``checkin`` console script: the core commands plus the ones that open windows.

Qt is imported inside each window command, so ``checkin scan`` or
``checkin --version`` start without loading it.
"""

from __future__ import annotations

from checkin.cli import main

__all__ = ["main"]
