"""Which parts of which facts are personal data, and what they become once purged.

A purge is itself a fact (``personal_data.purged`` with a cut-off), so it
syncs like any other and every store that holds it blanks the same facts:
the attendee facts and scan facts stamped before the cut-off.  This module
is the one owner of that rule.  The store applies it to the facts it
already holds when a purge fact arrives, and to each fact that arrives
after one (``checkin.store``); the hub's erase applies it to the stream's
messages (``checkin.sync.erase``).  Because blanking depends only on the
facts held and never on their arrival order, two stores holding the same
facts hold the same bodies.

What stays is what the counts need: the attendee's number, category,
state and badge versions, and every scan's gate, time and outcome.  The
name becomes ``#<number>`` so lists and exports still show a row.
"""

from __future__ import annotations

from typing import Any

from checkin.facts import Fact, FactError, Kind
from checkin.hlc import pack

PERSONAL_FIELDS = ("name", "name_alt", "company", "title", "email", "phone", "note", "ticket_code")

ATTENDEE_KINDS = frozenset({Kind.ATTENDEE_REGISTERED, Kind.ATTENDEE_UPDATED})
# Facts that can carry personal data: attendees' fields, and the code a scan
# read, which may be a ticket code that names a person elsewhere.
PERSONAL_KINDS = ATTENDEE_KINDS | {Kind.SCAN_RECORDED}


def purge_body(before_ms: int) -> dict[str, Any]:
    """The body of a purge fact with its cut-off (epoch milliseconds)."""
    return {"before": before_ms}


def cutoff(fact: Fact) -> int:
    """The clock value before which a purge fact blanks facts."""
    before = fact.body.get("before")
    if not isinstance(before, int) or isinstance(before, bool) or not 0 <= before < 2**47:
        raise FactError("a purge fact needs its cut-off 'before' in epoch milliseconds")
    return pack(before)


def placeholder(number: object) -> str:
    return f"#{number}"


def blanked(kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """The body with its personal data removed, or None when it holds none to remove."""
    if kind in ATTENDEE_KINDS:
        clean = {**body, **dict.fromkeys(PERSONAL_FIELDS, "")}
        clean["name"] = placeholder(body.get("number"))
    elif kind == Kind.SCAN_RECORDED:
        clean = {**body, "code": ""}
    else:
        return None
    return None if clean == body else clean


def as_held(fact: Fact, limit: int | None) -> Fact:
    """The fact as a store holding purges up to ``limit`` keeps it: blanked if stamped before."""
    if limit is None or fact.hlc >= limit or fact.kind not in PERSONAL_KINDS:
        return fact
    clean = blanked(fact.kind, fact.body)
    return fact if clean is None else Fact(fact.id, fact.kind, fact.desk, fact.hlc, clean)
