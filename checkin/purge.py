"""Removing attendees' personal data after the event, keeping anonymous counts.

Personal fields live in the bodies of attendee facts, which the projections
are rebuilt from; so purging rewrites those bodies in place (the one
exception to facts being immutable) and rebuilds.  The fact ids stay, so
the same facts arriving again from the hub are recognised as already held
and do not bring the data back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from checkin.hlc import pack
from checkin.store import Store
from checkin.timeutil import to_millis

PERSONAL_FIELDS = ("name", "name_alt", "company", "title", "email", "phone", "note", "ticket_code")


@dataclass(frozen=True)
class PurgeResult:
    facts: int
    attendees: int


def purge_personal_data(store: Store, before: datetime) -> PurgeResult:
    """Blank the personal fields of every attendee fact recorded before ``before``."""
    limit = pack(to_millis(before))
    purged = 0
    numbers: set[int] = set()
    with store.transaction():
        for seq, body in store.attendee_facts_before(limit):
            placeholder = f"#{body.get('number')}"
            already_purged = body.get("name") == placeholder and not any(
                body.get(field) for field in PERSONAL_FIELDS if field != "name"
            )
            if already_purged:
                continue
            for field in PERSONAL_FIELDS:
                body[field] = ""
            body["name"] = placeholder
            store.rewrite_fact_body(seq, body)
            numbers.add(int(body.get("number", 0)))
            purged += 1
        store.blank_scan_codes_before(limit)
    store.rebuild()
    store.vacuum()
    return PurgeResult(purged, len(numbers))
