"""Printer pools: badges go round-robin to the printers that take jobs, and fail over.

Every badge is a job in the store's print journal before any printer sees
it, claimed (queued -> sent) in the journal before its first byte leaves,
and done only once the printer confirms it has the whole job, when its
print is recorded in the same commit.  So:

- a crash or a pulled cable before a job is claimed leaves it queued, and
  ``resume`` sends it;
- a job refused or cut off before its last byte certainly did not print:
  it goes back to queued and on to the next printer;
- a job whose every byte left but whose confirmation never came (the
  cable pulled at that moment, a crash after sending) stays *sent*: it may
  have printed, and a second copy of a badge is a second live credential
  in someone's hands, so it is never resent by itself.  ``in_doubt`` lists
  these for staff, who look at the printer and ``requeue`` the ones that
  did not come out (or reprint, which issues a new version).

A single printer is a pool of one.  A pool belongs to one thread, like its store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from checkin.badges.layout import BadgeData
from checkin.model import PrintJob, PrintJobState
from checkin.printers.errors import InDoubt, NotDelivered, PrinterError
from checkin.printers.label import Printer
from checkin.printers.state import PrinterState
from checkin.store import Store
from checkin.timeutil import utc_now

log = logging.getLogger(__name__)

RETRY_SECONDS = 20.0


class PrinterPool:
    def __init__(
        self,
        printers: Sequence[Printer],
        store: Store,
        *,
        retry_seconds: float = RETRY_SECONDS,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not printers:
            raise PrinterError("a printer pool needs at least one printer")
        names = [p.name for p in printers]
        if len(set(names)) != len(names):
            raise PrinterError(f"the same printer is named twice: {', '.join(names)}")
        self.printers = list(printers)
        self.store = store
        self._retry = retry_seconds
        self._clock = clock
        self._monotonic = monotonic
        self._next = 0
        # Last state each printer reported, and when a printer not taking jobs is asked again.
        self._states: dict[str, PrinterState] = {}
        self._ask_after: dict[str, float] = {}

    # -- state -------------------------------------------------------------

    def states(self, *, probe: bool = False) -> dict[str, PrinterState]:
        """Each printer's state: the last one it reported, or asked now with ``probe``."""
        if probe:
            for printer in self.printers:
                self._note(printer, printer.probe())
        return {p.name: self._states.get(p.name, PrinterState.NONE) for p in self.printers}

    def _note(self, printer: Printer, state: PrinterState) -> None:
        if self._states.get(printer.name) != state:
            log.info("printer %s: %s", printer.name, state.value)
        self._states[printer.name] = state
        if state.takes_jobs:
            self._ask_after.pop(printer.name, None)
        else:
            self._ask_after[printer.name] = self._monotonic() + self._retry

    def _ready(self, printer: Printer) -> bool:
        state = self._states.get(printer.name)
        if state is not None and state.takes_jobs:
            return True
        if state is not None and self._monotonic() < self._ask_after.get(printer.name, 0.0):
            return False
        self._note(printer, printer.probe())
        return self._states[printer.name].takes_jobs

    # -- jobs --------------------------------------------------------------

    def submit(self, badges: Iterable[BadgeData]) -> list[PrintJob]:
        """Journal ``badges`` as queued (an open job of the same badge is reused)."""
        return self.store.queue_print_jobs([(b.number, b.version) for b in badges], self._clock())

    def print_badges(self, badges: Sequence[BadgeData]) -> list[PrintJob]:
        """Journal then print ``badges`` in order; each job as it ended."""
        jobs = self.submit(badges)
        return [self.deliver(job, badge) for job, badge in zip(jobs, badges, strict=True)]

    def print_badge(self, badge: BadgeData) -> PrintJob:
        return self.print_badges([badge])[0]

    def resume(self, badge_for: Callable[[PrintJob], BadgeData]) -> list[PrintJob]:
        """Send the jobs left queued (by a crash, or printers that were all down)."""
        return [
            self.deliver(job, badge_for(job)) for job in self.store.print_jobs(PrintJobState.QUEUED)
        ]

    def in_doubt(self) -> list[PrintJob]:
        """Jobs that left for a printer that never confirmed them: staff must look."""
        return self.store.print_jobs(PrintJobState.SENT)

    def requeue(self, job: PrintJob) -> None:
        """Staff looked: the job in doubt did not print, so send it again."""
        self.store.requeue_print_job(job.id, "did not print (checked by staff)", self._clock())

    def deliver(self, job: PrintJob, badge: BadgeData) -> PrintJob:
        """Print ``job`` on the next printer that takes it; the job as it now stands.

        The job stays queued (with the last reason) when no printer took it.
        """
        if (badge.number, badge.version) != (job.number, job.version):
            raise ValueError(
                f"job {job.id} is badge {job.number} v{job.version}, not {badge.number}"
            )
        if job.state is not PrintJobState.QUEUED:
            return job
        reason = "no printer is ready"
        count = len(self.printers)
        for offset in range(count):
            index = (self._next + offset) % count
            printer = self.printers[index]
            if not self._ready(printer):
                reason = f"printer {printer.name} is {self._states[printer.name].value}"
                continue
            if not self.store.claim_print_job(job.id, printer.name, self._clock()):
                break  # another program on this store took it
            try:
                after = printer.print(badge)
            except NotDelivered as error:
                reason = str(error)
                self.store.requeue_print_job(job.id, reason, self._clock())
                self._note(printer, error.state)
                continue
            except InDoubt as error:
                log.warning("badge %d v%d in doubt: %s", job.number, job.version, error)
                self.store.doubt_print_job(job.id, str(error), self._clock())
                self._note(printer, PrinterState.ERROR)
                break
            except PrinterError as error:
                # Nothing a retry fixes (the badge does not fit the labels).
                self.store.fail_print_job(job.id, str(error), self._clock())
                break
            self.store.finish_print_job(job.id, self._clock())
            self._note(printer, after)
            self._next = index + 1
            break
        else:
            self.store.requeue_print_job(job.id, reason, self._clock())
        current = self.store.print_job(job.id)
        assert current is not None
        return current


def print_badge(pool: PrinterPool, badge: BadgeData) -> PrintJob:
    """Print one badge on the pool (a single printer is a pool of one): the journaled job.

    The job's state says how it went: done, queued (no printer took it yet:
    ``resume`` later), sent (in doubt: ask staff) or failed (``error`` says why).
    """
    return pool.print_badge(badge)
