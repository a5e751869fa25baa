"""Badge codes that any desk can verify offline.

A code reads ``PREFIX-NUMBER-VERSION-TAG``, e.g. ``WS26-1234-1-KX7QF2M4ZP3HJ4TA``:
the event prefix, the attendee number, the badge version and the first 80 bits
of HMAC-SHA256 over the rest under the event's key, in upper-case base32.
Every character is in the QR alphanumeric set (so a code of up to 47
characters fits QR version 3 at error correction Q) and types cleanly through
a USB keyboard-wedge scanner, which may add a newline or lower-case it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from checkin.errors import UserError

TAG_BITS = 80
TAG_CHARS = TAG_BITS // 5  # base32 carries 5 bits per character
KEY_BYTES = 32
MAX_CODE_LENGTH = 47  # QR version 3, ECC Q, alphanumeric mode

_CODE = re.compile(rf"([A-Z0-9]{{2,8}})-([0-9]{{1,9}})-([0-9]{{1,4}})-([A-Z2-7]{{{TAG_CHARS}}})")
_PREFIX = re.compile(r"[A-Z0-9]{2,8}")


class BadgeCodeError(UserError, ValueError):
    """Raised when a badge code cannot be made (bad prefix, number or version)."""


@dataclass(frozen=True)
class BadgeCode:
    """A parsed code; ``tag`` is not yet checked against any key."""

    prefix: str
    number: int
    version: int
    tag: str

    @property
    def text(self) -> str:
        return f"{self.prefix}-{self.number}-{self.version}-{self.tag}"


def new_event_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _tag(key: bytes, prefix: str, number: int, version: int) -> str:
    message = f"{prefix}-{number}-{version}".encode("ascii")
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.b32encode(digest[: TAG_BITS // 8]).decode("ascii")


def mint(key: bytes, prefix: str, number: int, version: int) -> str:
    """The badge code for attendee ``number``'s badge ``version``."""
    if not _PREFIX.fullmatch(prefix):
        raise BadgeCodeError(f"event prefix {prefix!r} must be 2 to 8 upper-case letters or digits")
    if not 0 < number < 10**9:
        raise BadgeCodeError(f"attendee number {number} is out of range (1 to 999,999,999)")
    if not 0 < version < 10**4:
        raise BadgeCodeError(f"badge version {version} is out of range (1 to 9,999)")
    return f"{prefix}-{number}-{version}-{_tag(key, prefix, number, version)}"


def normalize(text: str) -> str:
    """What a scanner or a person typed, as a code would be written."""
    return text.strip().upper()


def parse(text: str) -> BadgeCode | None:
    """The code's parts if ``text`` is shaped like a badge code, else None."""
    if len(text) > MAX_CODE_LENGTH + 4:
        return None
    match = _CODE.fullmatch(normalize(text))
    if match is None:
        return None
    prefix, number, version, tag = match.groups()
    return BadgeCode(prefix, int(number), int(version), tag)


def is_authentic(key: bytes, code: BadgeCode) -> bool:
    """True when the tag was made with ``key`` (constant-time comparison)."""
    expected = _tag(key, code.prefix, code.number, code.version)
    return hmac.compare_digest(expected, code.tag)


def redact(text: str) -> str:
    """A code fit for a log line: the tag, which makes it a valid badge, is hidden."""
    code = parse(text)
    if code is None:
        return f"<{len(text)} chars>"
    return f"{code.prefix}-{code.number}-{code.version}-****"
