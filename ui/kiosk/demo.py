"""The demo desk: the WeStart event at North Hall, with a feed of real badge codes.

The feed mixes what a real morning brings to one desk so that all three
colours show within a minute: first entries, the same people again
(already inside), VIPs (attention), reprinted badges' old copies
(revoked), cancelled registrations, another event's badges, a forged code
and a URL.  North Hall admits every category, so "wrong gate" shows only
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


def demo_codes(store: Store, *, seed: int = 2026, rounds: int = 6) -> list[str]:
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
    feed: list[str] = []
    for _ in range(rounds):
        first, second, third = rng.sample(outside, 3)
        feed += [code(first.number, first.badge_version), code(second.number, second.badge_version)]
        if vips:
            vip = rng.choice(vips)
            feed.append(code(vip.number, vip.badge_version))
        if reprinted:
            feed.append(code(rng.choice(reprinted).number, 1))
        feed.append(code(third.number, third.badge_version))
        feed.append(code(first.number, first.badge_version))  # back again: already inside
        if cancelled:
            gone = rng.choice(cancelled)
            feed.append(code(gone.number, gone.badge_version))
        feed.append(rng.choice(_strangers(key, event.prefix, rng)))
    return feed


def _strangers(key: bytes, prefix: str, rng: random.Random) -> list[str]:
    number = rng.randint(1, 3000)
    genuine = badge_codes.mint(key, prefix, number, 1)
    return [
        badge_codes.mint(OTHER_EVENT_KEY, "GIS25", number, 1),
        genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB"),
        "https://westart.example.com/ticket",
    ]
