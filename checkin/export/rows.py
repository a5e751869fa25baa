"""Attendee and scan exports, as rows of plain values.

Exports open in Excel, which runs a cell that starts with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return) as a formula: a roster field
such as ``=HYPERLINK(...)`` is written with a leading apostrophe instead.
"""

from __future__ import annotations

from typing import Any

from checkin import badge_codes, read_model
from checkin.store import Store
from checkin.timeutil import iso

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_attendees(store: Store) -> list[dict[str, Any]]:
    event, key = store.event(), store.event_key()
    return [
        {
            "id": a.number,
            "name": a.name,
            "name_alt": a.name_alt,
            "category": a.category,
            "company": a.company,
            "title": a.title,
            "email": a.email,
            "phone": a.phone,
            "state": a.state.value,
            "ticket_code": a.ticket_code,
            "badge_version": a.badge_version,
            "badge_code": badge_codes.mint(key, event.prefix, a.number, a.badge_version),
        }
        for a in store.attendees()
    ]


def export_scans(store: Store) -> list[dict[str, Any]]:
    timezone = store.event().timezone
    rows = read_model.scans_in_fact_order(store)
    return [
        {
            "id": fact_id,
            "attendee_id": attendee,
            "gate": gate,
            "direction": direction,
            "status": status,
            "accepted": bool(accepted),
            "time": iso(at_ms, timezone),
            "desk": desk,
            "undone": bool(undone),
        }
        for fact_id, attendee, gate, direction, status, accepted, at_ms, desk, undone in rows
    ]
