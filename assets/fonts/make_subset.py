"""Rebuild the badge font: Noto Sans CJK SC cut down to the characters badges need.

The full font is 16 MB per weight; badges need Latin, punctuation, the
3,755 most common hanzi (GB2312 level 1) and every character of the demo
roster (``--level2`` adds the 3,008 rarer GB2312 hanzi, doubling the size).  Run from the repository root with
the dev extras installed and Debian's ``fonts-noto-cjk`` (or any copy of
``NotoSansCJK-*.ttc``)::

    python -m assets.fonts.make_subset /usr/share/fonts/opentype/noto

The output keeps the OFL; the family is renamed so that the subset is never
mistaken for (or shadowed by) a full Noto Sans CJK installed on the machine.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Noto Sans SC Badge"
HERE = Path(__file__).resolve().parent
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}


def gb2312_rows(first: int, last: int) -> str:
    """The hanzi in GB2312 rows ``first``..``last`` (16-55 is level 1, 56-87 level 2)."""
    chars = []
    for row in range(first, last + 1):
        for cell in range(1, 95):
            try:
                chars.append(bytes([row + 0xA0, cell + 0xA0]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(chars)


def roster_text() -> str:
    from checkin.demo import DEMO_CATEGORIES, DEMO_EVENT, demo_roster

    parts = [DEMO_EVENT.name, DEMO_EVENT.name_zh, DEMO_EVENT.venue]
    parts += [c.name + c.label_zh for c in DEMO_CATEGORIES]
    for record in demo_roster():
        parts += [record.name, record.name_alt, record.company, record.title]
    return "".join(parts)


def wanted_codepoints(level2: bool) -> set[int]:
    text = roster_text() + gb2312_rows(16, 55) + (gb2312_rows(56, 87) if level2 else "")
    # GB2312 rows 1-9: CJK punctuation, full-width forms and symbols.
    text += gb2312_rows(1, 9)
    points = {ord(c) for c in text}
    points |= set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))  # Latin-1, Latin Extended-A
    points |= set(range(0x2010, 0x2040)) | {0x20AC, 0x2122, 0x00B7, 0x30FB}
    points |= set(range(0x3000, 0x3020)) | set(range(0xFF01, 0xFF5F))
    return points


def collection_font(path: Path, family: str) -> TTFont:
    for font in TTCollection(str(path)).fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{path} has no {family}")


def rename(font: TTFont, style: str) -> None:
    names = font["name"]
    full = f"{FAMILY} {style}" if style != "Regular" else FAMILY
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):  # typographic names: drop, nameID 1/2 suffice
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, FAMILY), (2, style), (3, postscript), (4, full), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = full, FAMILY


def build(source_dir: Path, level2: bool) -> None:
    points = wanted_codepoints(level2)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "vert", "palt", "locl"]
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    for style, filename in WEIGHTS.items():
        font = collection_font(source_dir / filename, "Noto Sans CJK SC")
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        rename(font, style)
        out = HERE / f"NotoSansSCBadge-{style}.otf"
        font.save(str(out))
        print(f"{out.name}: {len(points)} code points, {out.stat().st_size / 1e6:.2f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_dir", type=Path, help="folder holding NotoSansCJK-*.ttc")
    parser.add_argument("--level2", action="store_true", help="add GB2312 level-2 hanzi")
    args = parser.parse_args(argv)
    build(args.source_dir, level2=args.level2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
