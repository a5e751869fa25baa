"""A check-in desk: decide on a scan and write it down, as one step.

The verdict is returned only after its fact is committed, so whatever a
volunteer has seen on screen survives a crash a moment later.  When the
store cannot be written (disk full, read-only file) the desk answers
``not_recorded`` in red: a green that was never recorded would let someone
in without counting them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from checkin import badge_codes
from checkin.decide import base_verdict, decide, judge, stored_code
from checkin.errors import UserError
from checkin.facts import Kind
from checkin.model import Direction, RecentScan, Status, Verdict
from checkin.store import Store, StoreError
from checkin.timeutil import to_millis

log = logging.getLogger(__name__)


class DeskError(UserError):
    """The desk cannot run as asked (unknown gate, store without an event)."""


class Desk:
    def __init__(
        self,
        store: Store,
        *,
        gate: str,
        direction: Direction = Direction.ENTRY,
        desk_id: str | None = None,
        claim: Callable[[int], bool] | None = None,
    ) -> None:
        self.store = store
        self.desk_id = desk_id or store.desk_id
        self.direction = direction
        # Asked before an accepted entry is recorded: False means another desk
        # admitted this person a moment ago (see checkin.sync).  Must not raise.
        self.claim = claim
        self.gate = gate
        self.set_gate(gate)

    def set_gate(self, gate: str) -> None:
        if self.store.gate(gate) is None:
            known = ", ".join(g.name for g in self.store.gates()) or "none"
            raise DeskError(f"no gate named {gate!r} in this event (gates: {known})")
        self.gate = gate

    def scan(self, text: str, now: datetime) -> Verdict:
        """Decide on ``text`` and record the scan; never raises on bad input."""
        try:
            with self.store.transaction():
                verdict = decide(
                    text,
                    self.store,
                    gate=self.gate,
                    direction=self.direction,
                    now=now,
                    desk=self.desk_id,
                )
                if verdict.status is Status.REPEAT:
                    return verdict
                return self._record(verdict, stored_code(text), now)
        except StoreError as error:
            log.error("scan %s not recorded: %s", badge_codes.redact(text), error)
            return self._not_recorded(now, str(error))

    def check_in(self, number: int, now: datetime) -> Verdict:
        """Check a person in (or out) by attendee number: the lost-badge path from search."""
        try:
            with self.store.transaction():
                base = base_verdict(self.store, self.gate, self.direction, now)
                attendee = self.store.attendee(number)
                if attendee is None:
                    return replace(base, status=Status.UNKNOWN)
                verdict = judge(attendee, self.store, base, now)
                return self._record(verdict, f"#{number}", now, manual=True)
        except StoreError as error:
            log.error("manual check-in of %d not recorded: %s", number, error)
            return self._not_recorded(now, str(error))

    def _record(
        self, verdict: Verdict, code: str, now: datetime, *, manual: bool = False
    ) -> Verdict:
        verdict = self._claimed(verdict)
        body = {
            "code": code,
            "attendee": verdict.attendee.id if verdict.attendee else None,
            "gate": verdict.gate,
            "direction": verdict.direction.value,
            "status": verdict.status.value,
            "at": to_millis(now),
        }
        if manual:
            body["manual"] = True
        fact = self.store.append(Kind.SCAN_RECORDED, body, now, desk=self.desk_id)
        return replace(verdict, fact_id=fact.id)

    def _claimed(self, verdict: Verdict) -> Verdict:
        """An entry that another desk claimed at the hub first becomes ``already_inside``."""
        if (
            self.claim is None
            or verdict.attendee is None
            or verdict.direction is not Direction.ENTRY
            or not verdict.status.accepted
        ):
            return verdict
        try:
            granted = self.claim(verdict.attendee.id)
        except Exception:
            log.exception("entry claim failed; deciding alone")
            granted = True
        return verdict if granted else replace(verdict, status=Status.ALREADY_INSIDE)

    def _not_recorded(self, now: datetime, reason: str) -> Verdict:
        try:
            base = base_verdict(self.store, self.gate, self.direction, now)
        except StoreError:
            base = Verdict(Status.NOT_RECORDED, self.gate, self.direction, now.isoformat())
        return replace(base, status=Status.NOT_RECORDED, detail=reason)

    def undo_last(self, now: datetime) -> RecentScan | None:
        """Undo this desk's latest scan; returns what was undone, or None."""
        with self.store.transaction():
            last = self.store.last_scan(self.desk_id)
            if last is None:
                return None
            self.store.append(Kind.SCAN_UNDONE, {"scan": last.fact_id}, now, desk=self.desk_id)
        return last
