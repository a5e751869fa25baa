"""The demo desk: the WeStart event at North Hall, with a feed of real badge codes.

The feed is what a real morning brings to one desk, in proportion: mostly
first entries (green), now and then someone back again (already inside) or
a VIP (attention), both amber, and about one scan in twenty-five red, taking
turns: a reprinted badge's old copy (revoked), a cancelled registration,
another event's badge, a forged code, a web address.  It opens with first
entries, so the first verdict a newcomer sees is a green one.  North Hall admits every category, so "wrong gate" shows only
at the VIP or Exhibition desks (``checkin kiosk --gate VIP``).
"""

from __future__ import annotations

import random
from pathlib import Path

from checkin import badge_codes
from checkin.demo import create_demo_event, reissue_lost_badges
from checkin.model import AttendeeState
from checkin.store import Store

DEMO_GATE = "North Hall"
OTHER_EVENT_KEY = b"another-event-key"


def open_demo_store(path: Path, *, seed: int = 2026, attendees: int = 3000) -> Store:
    """The demo store at ``path``: reused when it exists, else created with some badges reprinted."""
    if path.exists():
        return Store.open(path)
    store = create_demo_event(path, seed=seed, attendees=attendees)
    reissue_lost_badges(store, seed)
    return store


# One round of the feed: first entries, with the rest spread among them.
FIRST_ENTRIES_PER_ROUND = 20


def demo_codes(store: Store, *, seed: int = 2026, rounds: int = 12) -> list[str]:
    """A feed of codes for the synthetic camera, in the order they are shown."""
    rng = random.Random(seed)
    event, key = store.event(), store.event_key()

    def code(number: int, version: int) -> str:
        return badge_codes.mint(key, event.prefix, number, version)

    people = store.attendees()
    outside = [
        a
        for a in people
        if a.state is AttendeeState.ACTIVE
        and a.category not in ("VIP",)
        and not ((p := store.presence(a.number)) and p.inside)
    ]
    vips = [a for a in people if a.category == "VIP" and a.state is AttendeeState.ACTIVE]
    reprinted = [a for a in people if a.badge_version > 1]
    cancelled = [a for a in people if a.state is not AttendeeState.ACTIVE]
    strangers = _strangers(key, event.prefix, rng)
    red: list[str] = []
    feed: list[str] = []
    for round_number in range(rounds):
        newcomers = rng.sample(outside, FIRST_ENTRIES_PER_ROUND)
        batch = [code(a.number, a.badge_version) for a in newcomers]
        back_again = [batch[0], batch[4]]  # already inside, five or more visits later: amber
        specials = [*back_again]
        if vips:
            vip = rng.choice(vips)
            specials.append(code(vip.number, vip.badge_version))
        # Red takes turns, one a round: a reprinted badge's old copy, a
        # cancelled registration, then a stranger's code.
        if not red:
            red = [*strangers]
            if cancelled:
                gone = rng.choice(cancelled)
                red.insert(0, code(gone.number, gone.badge_version))
            if reprinted:
                red.insert(0, code(rng.choice(reprinted).number, 1))
        specials.append(red.pop(0))
        for offset, special in enumerate(specials):
            # Every round opens with ten first entries in a row.
            batch.insert(min(len(batch), 10 + offset * 5 + round_number % 3), special)
        feed += batch
    return feed


def _strangers(key: bytes, prefix: str, rng: random.Random) -> list[str]:
    number = rng.randint(1, 3000)
    genuine = badge_codes.mint(key, prefix, number, 1)
    return [
        badge_codes.mint(OTHER_EVENT_KEY, "GIS25", number, 1),
        genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB"),
        "https://westart.example.com/ticket",
    ]
