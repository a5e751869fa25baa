"""USB keyboard-wedge scanners: keystrokes in, codes out.

A wedge scanner types a code as a burst of keystrokes a few milliseconds
apart, usually followed by Enter (some are set up without it).  A person
typing a code off a damaged badge is a hundred times slower, makes typos and
presses Enter at the end.  The parser tells the two apart by the gaps:

- Enter (or Tab) ends whatever is in the buffer, typed or scanned;
- a fast burst (every gap within ``gap_s``, at least ``min_length``
  characters) ends by itself once ``gap_s`` passes with no key: a scanner
  without a trailing Enter;
- a slow buffer (any gap longer than ``gap_s``) is being typed by hand: it
  waits for Enter, Backspace edits it, and it is dropped when left alone
  for ``abandon_s`` (Escape clears it at once).

Pure Python with timestamps passed in: the kiosk feeds key events and calls
``flush`` from a timer; tests feed exact timings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

ENDS = frozenset({"\r", "\n", "\t"})
BACKSPACES = frozenset({"\b", "\x7f"})
ESCAPE = "\x1b"


@dataclass
class WedgeParser:
    gap_s: float = 0.08
    min_length: int = 6
    abandon_s: float = 20.0
    _chars: list[str] = field(default_factory=list)
    _last: float | None = None
    _by_hand: bool = False

    def feed(self, char: str, now: float) -> list[str]:
        """Take one keystroke (a character; Enter as ``"\\r"`` or ``"\\n"``); return completed codes."""
        done = self._expire(now)
        if char in ENDS:
            done.extend(self._finish())
        elif char == ESCAPE:
            self._reset()
        elif char in BACKSPACES:
            if self._chars:
                self._chars.pop()
                self._by_hand = True  # scanners do not correct themselves
            self._last = now
        elif len(char) == 1 and char.isprintable():
            if self._chars and self._last is not None and now - self._last > self.gap_s:
                self._by_hand = True
            self._chars.append(char)
            self._last = now
        return done

    def feed_text(self, text: str, now: float) -> list[str]:
        """Several characters that arrived at once (a paste, or one key event carrying them)."""
        done: list[str] = []
        for char in text:
            done.extend(self.feed(char, now))
        return done

    def flush(self, now: float) -> list[str]:
        """Codes completed by silence: a scanner burst without Enter, once ``gap_s`` has passed."""
        return self._expire(now)

    @property
    def pending(self) -> str:
        """What is typed so far (to echo a hand-typed code as it is typed)."""
        return "".join(self._chars)

    def _expire(self, now: float) -> list[str]:
        if not self._chars or self._last is None:
            return []
        idle = now - self._last
        if self._by_hand:
            if idle > self.abandon_s:
                log.info("dropping %d characters typed by hand without Enter", len(self._chars))
                self._reset()
            return []
        if idle > self.gap_s:
            if len(self._chars) >= self.min_length:
                return self._finish()
            # A key or two on its own and then silence: someone starting to type.
            self._by_hand = True
        return []

    def _finish(self) -> list[str]:
        text = "".join(self._chars).strip()
        self._reset()
        return [text] if text else []

    def _reset(self) -> None:
        self._chars = []
        self._last = None
        self._by_hand = False
