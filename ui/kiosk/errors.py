"""The kiosk's user-facing failures (no Qt here: the CLI catches them before Qt loads)."""

from __future__ import annotations

from checkin.errors import UserError


class KioskError(UserError):
    """The kiosk cannot start as asked; the message says what to change."""


class ScannerUnavailable(KioskError):
    """The frame source asked for cannot be used here; the message says what to do."""
