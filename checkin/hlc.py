"""Hybrid logical clock: orders facts across desks whose wall clocks disagree.

A timestamp is one integer, milliseconds since the epoch shifted left by 16
bits plus a counter, so SQLite can sort and compare it.  It never goes
backwards on a desk, and a fact received from another desk pushes the clock
past it, so a fact caused by another is always ordered after it.
"""

from __future__ import annotations

COUNTER_BITS = 16
_COUNTER_MASK = (1 << COUNTER_BITS) - 1


def pack(millis: int, counter: int = 0) -> int:
    return (millis << COUNTER_BITS) | counter


def millis(timestamp: int) -> int:
    return timestamp >> COUNTER_BITS


class HybridClock:
    def __init__(self, last: int = 0) -> None:
        self.last = last

    def tick(self, now_millis: int) -> int:
        """A timestamp for a new local fact at wall time ``now_millis``."""
        physical = pack(now_millis)
        self.last = physical if physical > self.last else self.last + 1
        return self.last

    def observe(self, remote: int) -> None:
        """Take in a timestamp from another desk so later local facts sort after it."""
        if remote > self.last:
            self.last = remote


def counter(timestamp: int) -> int:
    return timestamp & _COUNTER_MASK
