"""How people's names sort and how they are found: pinyin for Chinese names.

A Chinese registration desk files badges in pinyin order (陈 郭 何 胡 黄
李 林 刘 ...), not in code-point order (何 刘 司 吴 周 ...), and a volunteer
types ``wm`` or ``wangming`` on a Latin keyboard to find 王明.  The pinyin
comes from pypinyin (phrase-aware, maintained), never from a hand-written
table.  One known limit: pypinyin has no surname mode, so the few surnames
read differently from the same character elsewhere (曾 zeng, 单 shan, 区 ou)
sort by their everyday reading.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese (Han) character."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@lru_cache(maxsize=65536)
def pinyin_syllables(text: str) -> tuple[str, ...]:
    """The toneless pinyin of each Han character in ``text``; other text passes as words."""
    if not has_han(text):
        return tuple(text.casefold().split())
    parts: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        parts.extend(piece.casefold().split())
    return tuple(parts)


def pinyin_initials(text: str) -> str:
    """The first letter of each syllable: ``王明`` gives ``wm``."""
    return "".join(syllable[0] for syllable in pinyin_syllables(text) if syllable)


def name_sort_key(name: str, name_alt: str = "") -> tuple[str, str]:
    """The key every list of people sorts by: pinyin for Chinese names, else the name.

    ``王明`` sorts as ``wang ming``, next to a ``Wang Ming`` written in Latin
    letters; the name itself breaks ties, so 王明 and 汪明 keep a fixed order.
    """
    shown = name or name_alt
    return " ".join(pinyin_syllables(shown)), shown.casefold()
