"""QR symbols of badge codes: small (version 3 or lower), ECC Q, one alphanumeric segment."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from checkin import badge_codes
from checkin.badges.errors import BadgeQrError
from checkin.badges.qr import ALPHANUMERIC, QrMatrix, encode

KEY = bytes(range(32))
# Data blocks per version at ECC Q (ISO/IEC 18004 table 9): (blocks, data codewords each).
BLOCKS_Q = {1: (1, 13), 2: (1, 22), 3: (2, 17)}
MASKS = {
    0: lambda r, c: (r + c) % 2 == 0,
    1: lambda r, c: r % 2 == 0,
    2: lambda r, c: c % 3 == 0,
    3: lambda r, c: (r + c) % 3 == 0,
    4: lambda r, c: (r // 2 + c // 3) % 2 == 0,
    5: lambda r, c: (r * c) % 2 + (r * c) % 3 == 0,
    6: lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    7: lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
}


def function_modules(size: int) -> np.ndarray:
    """Finder, separator, format, timing and alignment modules of a version 1-3 symbol."""
    used = np.zeros((size, size), dtype=bool)
    used[:9, :9] = used[:9, size - 8 :] = used[size - 8 :, :9] = True
    used[6, :] = used[:, 6] = True
    if size > 21:
        used[size - 9 : size - 4, size - 9 : size - 4] = True
    return used


def data_stream(matrix: QrMatrix, mask: int) -> str:
    """The symbol's data codewords as a bit string, unmasked and de-interleaved."""
    size, used, bits = matrix.size, function_modules(matrix.size), []
    column, upward = size - 1, True
    while column > 0:
        if column == 6:
            column -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for row in rows:
            for c in (column, column - 1):
                if not used[row, c]:
                    bits.append(int(matrix.dark[row, c]) ^ int(MASKS[mask](row, c)))
        column, upward = column - 2, not upward
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    blocks, per_block = BLOCKS_Q[matrix.version]
    data = [codewords[b::blocks][:per_block] for b in range(blocks)]
    return "".join(f"{cw:08b}" for block in data for cw in block)


def decode_alphanumeric(stream: str) -> tuple[str, str]:
    """(mode bits, text) of the first segment, read as alphanumeric."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
    mode, count = stream[:4], int(stream[4:13], 2)
    position, chars = 13, []
    for _ in range(count // 2):
        value = int(stream[position : position + 11], 2)
        chars += [alphabet[value // 45], alphabet[value % 45]]
        position += 11
    if count % 2:
        chars.append(alphabet[int(stream[position : position + 6], 2)])
    return mode, "".join(chars)


def mask_of(matrix: QrMatrix) -> int:
    image = np.pad(np.where(matrix.dark, 0, 255).astype(np.uint8), 4, constant_values=255)
    result = zxingcpp.read_barcode(np.kron(image, np.ones((6, 6), dtype=np.uint8)))
    assert result is not None
    assert result.ec_level == "Q"
    return int(result.extra["DataMask"])


@pytest.mark.parametrize(
    "code",
    [
        badge_codes.mint(KEY, "WS26", 1, 1),
        badge_codes.mint(KEY, "WS26", 2999, 2),
        badge_codes.mint(KEY, "ABCDEFGH", 999_999_999, 9999),  # the longest code there can be
    ],
)
def test_badge_code_is_one_alphanumeric_segment_at_version_3_or_lower(code: str) -> None:
    matrix = encode(code)
    assert matrix.version <= 3
    mode, text = decode_alphanumeric(data_stream(matrix, mask_of(matrix)))
    assert mode == "0010"  # alphanumeric
    assert text == code


def test_every_demo_sized_code_fits_version_2() -> None:
    sizes = {encode(badge_codes.mint(KEY, "WS26", n, 1)).size for n in range(1, 3001, 37)}
    assert sizes == {25}


def test_code_outside_the_alphanumeric_set_is_refused() -> None:
    with pytest.raises(BadgeQrError, match="outside the QR alphanumeric set: 'ab'"):
        encode("WS26-1-1-ab")


def test_code_too_long_for_a_badge_is_refused() -> None:
    with pytest.raises(BadgeQrError, match="at most 29 .version 3.: shorten the event prefix"):
        encode("A" * 60)


def test_runs_cover_exactly_the_dark_modules() -> None:
    matrix = encode(badge_codes.mint(KEY, "WS26", 1234, 1))
    rebuilt = np.zeros_like(matrix.dark)
    for row, column, length in matrix.runs():
        assert not rebuilt[row, column : column + length].any()
        rebuilt[row, column : column + length] = True
    assert (rebuilt == matrix.dark).all()


def test_alphabet_is_the_qr_alphanumeric_set() -> None:
    assert len(ALPHANUMERIC) == 45
