"""The badge failures a user can meet, importable without loading the renderer's needs."""

from __future__ import annotations


class BadgeError(Exception):
    """A badge cannot be printed as asked (unknown category or attendee); says what to do."""


class BadgeQrError(ValueError):
    """A badge code cannot be drawn as a small alphanumeric QR symbol."""
