"""Removing attendees' personal data after the event, keeping anonymous counts.

The purge is recorded as a fact, ``personal_data.purged`` with its cut-off,
so it reaches every store that syncs, as a scan does: each one blanks the
facts it covers, at once and whenever one of them arrives later
(``checkin.personal_data`` says what is blanked, ``checkin.store`` does it).
The hub keeps the stream, not a store, so its copy is erased separately
(``checkin.sync.erase``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from checkin.store import Store
from checkin.timeutil import to_millis, utc_now


@dataclass(frozen=True)
class PurgeResult:
    facts: int
    attendees: int


def purge_personal_data(
    store: Store, before: datetime, *, now: datetime | None = None
) -> PurgeResult:
    """Blank the personal data recorded before ``before`` here, and by sync everywhere.

    The file is vacuumed afterwards, so the old bodies leave no free pages
    behind.  Purging twice with the same cut-off changes nothing.
    """
    facts, numbers = store.record_purge(to_millis(before), now or utc_now())
    store.vacuum()
    return PurgeResult(facts, len(numbers))
