"""Turning the bytes of a text roster into text, whatever Excel or WPS saved it as.

Rosters for a Chinese venue arrive as UTF-8 (with or without the BOM Excel
adds), as GBK from "CSV" exports on Chinese Windows, or as UTF-16 from
"Unicode text" exports.  charset-normalizer alone guesses short GBK files
wrong (a two-line list of names comes back as Korean cp949 or even UTF-16),
so GB18030 (a superset of GBK) is tried before it and kept when the text it
gives is mostly common simplified Chinese.  The price is that a short EUC-KR
file would read as Chinese; Korean rosters are expected in UTF-8.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections import Counter

import charset_normalizer

from checkin.roster.result import RosterError

log = logging.getLogger(__name__)

# Longest first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CHINESE_CODECS = frozenset({"gb2312", "gbk", "gb18030", "hz"})
# Share of non-ASCII characters that must be in GB2312 (the ~7,000 everyday
# characters) for bytes that decode as GB18030 to be taken as Chinese text.
# Rare characters in names (喆, 堃) keep real files above it; Big5 or
# Shift-JIS bytes read as GB18030 fall far below.
_GB2312_SHARE = 0.5
# A roster with a single column of two-character names still has one line
# break per three characters.
_ASCII_SHARE = 0.15
# Control characters other than tab and line ends, the replacement
# character and lone surrogates: what binary data decodes to, never what a
# person types into a spreadsheet.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def decode_roster(data: bytes, name: str) -> tuple[str, str]:
    """The text of a roster file and the codec that decoded it.

    Raises RosterError when no encoding gives believable text (a binary file,
    a picture, a damaged export).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(codec), codec), codec
            except (UnicodeDecodeError, _Implausible):
                why = f"it starts with a {codec.upper()} byte order mark but is not {codec}"
                raise _undecodable(name, why) from None
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except (UnicodeDecodeError, _Implausible):
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_chinese(text):
            try:
                return _checked(text, "gb18030"), "gb18030"
            except _Implausible:
                pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        codec = "gb18030" if best.encoding in _CHINESE_CODECS else best.encoding
        try:
            text = _checked(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError, _Implausible):
            pass
        else:
            if _looks_like_rows(text):
                return text, codec
    raise _undecodable(name, "no text encoding fits it")


class _Implausible(ValueError):
    """Decoded without error, but the result is not text a person wrote."""


def _checked(text: str, codec: str) -> str:
    found = _NOT_TEXT.search(text)
    if found is not None:
        log.debug("%s gives %r at %d: not text", codec, found.group(), found.start())
        raise _Implausible(codec)
    return text


def _looks_like_rows(text: str) -> bool:
    """Whether a guessed decoding has the line breaks and delimiters a roster has.

    In every encoding a guess can return, those are ASCII characters.  Binary
    data read as BOM-less UTF-16 turns into lines of rare ideographs with
    hardly any ASCII in them.
    """
    if "\n" not in text and "\r" not in text:
        return False
    counts = Counter(text)
    ascii_count = sum(count for char, count in counts.items() if char.isascii())
    return ascii_count >= _ASCII_SHARE * len(text)


def _looks_chinese(text: str) -> bool:
    # Counting first keeps this fast on a 20,000-row file: a few thousand
    # distinct characters to try, not a million characters.
    wide = {char: count for char, count in Counter(text).items() if not char.isascii()}
    if not wide:
        return False
    common = 0
    for char, count in wide.items():
        try:
            char.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += count
    return common >= _GB2312_SHARE * sum(wide.values())


def _undecodable(name: str, why: str) -> RosterError:
    return RosterError(
        f"cannot read {name} as text: {why}. Save the roster from Excel as "
        "'CSV UTF-8' or as an .xlsx workbook and import that."
    )
