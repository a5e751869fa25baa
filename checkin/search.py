"""Find an attendee by part of a name, company, phone or email: the lost-badge path.

A volunteer types while the person waits, so results must follow each
keystroke (under 50 ms on a 20,000-person event).  The index is an
in-memory list of normalised "haystacks", one per attendee, searched with
plain substring tests: at this size that is a few milliseconds, needs no
tokeniser for Chinese (which has no spaces), and finds "wei" inside
"Weiwei" as people expect.  Typing one more letter only searches the
previous matches.

Normalisation folds case, full-width forms and accents (``José`` matches
``jose``) and reads a phone number as its digits, so ``138 0013`` finds
``+86 138-0013-8000``.  A Chinese name is found by its pinyin too, whole
(``wangming``, ``wang ming``) or by initials (``wm``), as a volunteer on a
Latin keyboard types it (``checkin.names``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checkin import read_model
from checkin.model import Attendee, AttendeeState
from checkin.names import has_han, pinyin_initials, pinyin_syllables
from checkin.store import Store

MAX_HITS = 50
# Characters people type inside phone numbers; a token made only of these
# and digits is searched as digits.
_PHONE_TOKEN = re.compile(r"[+(]*[0-9][0-9 ()./-]*")
_NOT_DIGIT = re.compile(r"[^0-9]")
_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class SearchHit:
    """What the search list shows of a person; the phone only as its last digits."""

    number: int
    name: str
    name_alt: str
    company: str
    category: str
    state: AttendeeState
    phone_tail: str


def normalise(text: str) -> str:
    """Fold case, compatibility forms (full-width letters) and accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def query_tokens(query: str) -> list[str]:
    """The query as normalised tokens, every one of which must match."""
    tokens = []
    for token in normalise(query).split():
        if _PHONE_TOKEN.fullmatch(token):
            digits = _NOT_DIGIT.sub("", token)
            if digits:
                tokens.append(digits)
                continue
        tokens.append(token)
    return tokens


def _pinyin_names(attendee: Attendee) -> list[str]:
    """The pinyin forms of any Chinese name: ``wangming`` and ``wm`` for 王明."""
    forms = []
    for name in (attendee.name, attendee.name_alt):
        if has_han(name):
            forms += ["".join(pinyin_syllables(name)), pinyin_initials(name)]
    return forms


def _pinyin_words(attendee: Attendee) -> list[str]:
    return [
        syllable
        for name in (attendee.name, attendee.name_alt)
        if has_han(name)
        for syllable in pinyin_syllables(name)
    ]


def _haystack(attendee: Attendee) -> str:
    fields = (
        attendee.name,
        attendee.name_alt,
        attendee.company,
        attendee.email,
        _NOT_DIGIT.sub("", attendee.phone),
        attendee.ticket_code,
        *_pinyin_names(attendee),
    )
    return _SEPARATOR.join(normalise(field) for field in fields)


def _name_starts(attendee: Attendee) -> str:
    """Every name, each after a separator: ``SEP + token in it`` means a name starts so."""
    names = (attendee.name, attendee.name_alt, *_pinyin_names(attendee))
    return "".join(_SEPARATOR + normalise(name) for name in names)


def _name_words(attendee: Attendee) -> str:
    """Every word of every name after a separator, for "a word starts so"."""
    words = normalise(f"{attendee.name} {attendee.name_alt}").split() + _pinyin_words(attendee)
    return "".join(_SEPARATOR + word for word in words) + _name_starts(attendee)


class SearchIndex:
    """An in-memory index over a roster; rebuild it (``refresh``) when the roster changes."""

    def __init__(self, attendees: Iterable[Attendee] = ()) -> None:
        self._attendees: list[Attendee] = []
        self._haystacks: list[str] = []
        self._starts: list[str] = []
        self._words: list[str] = []
        self._stamp: tuple[int, str] | None = None
        self._last: tuple[list[str], list[int]] | None = None
        self._load(attendees)

    def _load(self, attendees: Iterable[Attendee]) -> None:
        self._attendees = list(attendees)
        self._haystacks = [_haystack(a) for a in self._attendees]
        self._starts = [_name_starts(a) for a in self._attendees]
        self._words = [_name_words(a) for a in self._attendees]
        self._last = None

    @classmethod
    def from_store(cls, store: Store) -> SearchIndex:
        index = cls()
        index.refresh(store)
        return index

    def refresh(self, store: Store) -> bool:
        """Reload from the store if its roster changed since the last load; True if it did.

        Cheap when nothing changed (one aggregate query), so the kiosk can
        call it whenever the search box gets the focus.
        """
        stamp = read_model.roster_stamp(store)
        if stamp == self._stamp:
            return False
        self._load(store.attendees())
        self._stamp = stamp
        return True

    def __len__(self) -> int:
        return len(self._attendees)

    def search(self, query: str, limit: int = MAX_HITS) -> list[SearchHit]:
        """The best ``limit`` matches: names starting with the query first, then by number."""
        tokens = query_tokens(query)
        if not tokens:
            return []
        candidates: Sequence[int] = range(len(self._haystacks))
        if self._last is not None and _extends(tokens, self._last[0]):
            candidates = self._last[1]
        haystacks = self._haystacks
        matches = [i for i in candidates if tokens[0] in haystacks[i]]
        for token in tokens[1:]:
            matches = [i for i in matches if token in haystacks[i]]
        self._last = (tokens, matches)
        return [self._hit(i) for i in self._ranked(matches, tokens[0], limit)]

    def _ranked(self, matches: list[int], token: str, limit: int) -> list[int]:
        """Matches whose name starts with ``token``, then a word of it, then the rest.

        Tiers are filled in number order and only as far as needed: a
        one-letter query matching most of the roster stops after the first.
        """
        mark = _SEPARATOR + token
        starts, words = self._starts, self._words
        ranked = [i for i in matches if mark in starts[i]][:limit]
        if len(ranked) < limit:
            ranked += [i for i in matches if mark in words[i] and mark not in starts[i]]
        if len(ranked) < limit:
            ranked += [i for i in matches if mark not in words[i]]
        return ranked[:limit]

    def _hit(self, index: int) -> SearchHit:
        a = self._attendees[index]
        digits = _NOT_DIGIT.sub("", a.phone)
        return SearchHit(a.number, a.name, a.name_alt, a.company, a.category, a.state, digits[-4:])


def _extends(tokens: list[str], previous: list[str]) -> bool:
    """True when every match of ``tokens`` is also a match of ``previous``."""
    if len(tokens) < len(previous):
        return False
    return all(new.find(old) >= 0 for new, old in zip(tokens, previous, strict=False))
