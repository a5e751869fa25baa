"""Facts: the append-only log every desk writes and every table is built from.

A fact is immutable and globally unique (a UUIDv7 id), stamped with the desk
that made it and a hybrid logical clock.  Two stores that hold the same set of
facts show the same tables, whatever order the facts arrived in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import uuid6

from checkin.errors import UserError


class Kind:
    EVENT_CREATED = "event.created"
    CATEGORY_DEFINED = "category.defined"
    GATE_DEFINED = "gate.defined"
    ATTENDEE_REGISTERED = "attendee.registered"
    ATTENDEE_UPDATED = "attendee.updated"
    BADGE_ISSUED = "badge.issued"
    BADGE_PRINTED = "badge.printed"
    SCAN_RECORDED = "scan.recorded"
    SCAN_UNDONE = "scan.undone"
    DESK_STATUS = "desk.status"
    # Personal data recorded before a cut-off is removed (``checkin.personal_data``).
    PERSONAL_DATA_PURGED = "personal_data.purged"

    ALL = frozenset(
        {
            EVENT_CREATED,
            CATEGORY_DEFINED,
            GATE_DEFINED,
            ATTENDEE_REGISTERED,
            ATTENDEE_UPDATED,
            BADGE_ISSUED,
            BADGE_PRINTED,
            SCAN_RECORDED,
            SCAN_UNDONE,
            DESK_STATUS,
            PERSONAL_DATA_PURGED,
        }
    )


def order_by(id_column: str = "id") -> str:
    """The fact order as SQL ``ORDER BY`` terms, for a table naming the fact id ``id_column``.

    Clock first, then desk, then id: the one tie-break every table built
    from facts must walk in, or two stores holding the same facts would
    disagree about who was inside.
    """
    return f"hlc, desk, {id_column}"


def order_key(hlc: int, desk: str, fact_id: str) -> tuple[int, str, str]:
    """``order_by`` as a Python sort key, for rows already read."""
    return (hlc, desk, fact_id)


class FactError(UserError, ValueError):
    """A fact that cannot be applied: malformed, of an unknown kind, or foreign."""


@dataclass(frozen=True)
class Fact:
    id: str
    kind: str
    desk: str
    hlc: int
    body: dict[str, Any]

    @property
    def order_key(self) -> tuple[int, str, str]:
        """Total order of facts (``order_key``)."""
        return order_key(self.hlc, self.desk, self.id)

    @property
    def source(self) -> str:
        """``order_key`` as one string that sorts the same way, for last-writer-wins."""
        return f"{self.hlc:020d}|{self.desk}|{self.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "desk": self.desk,
            "hlc": self.hlc,
            "body": self.body,
        }

    def encode(self) -> bytes:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()

    @classmethod
    def decode(cls, data: bytes | str) -> Fact:
        """Parse a fact received from elsewhere, refusing anything malformed."""
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise FactError(f"not JSON: {error}") from None
        if not isinstance(raw, dict):
            raise FactError("not a JSON object")
        fact_id, kind, desk, hlc, body = (raw.get(k) for k in ("id", "kind", "desk", "hlc", "body"))
        if not isinstance(fact_id, str) or not 0 < len(fact_id) <= 64:
            raise FactError("missing or bad fact id")
        if kind not in Kind.ALL:
            raise FactError(f"unknown fact kind {str(kind)[:40]!r}")
        if not isinstance(desk, str) or not 0 < len(desk) <= 64:
            raise FactError("missing or bad desk id")
        if not isinstance(hlc, int) or isinstance(hlc, bool) or not 0 <= hlc < 2**63:
            raise FactError("missing or bad clock value")
        if not isinstance(body, dict):
            raise FactError("fact body is not an object")
        return cls(fact_id, kind, desk, hlc, body)


def new_fact_id() -> str:
    return str(uuid6.uuid7())
