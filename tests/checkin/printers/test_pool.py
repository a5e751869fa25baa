"""Printer pools and the print journal: no badge lost, none printed twice.

Every printer here is an emulator on 127.0.0.1 that decodes the labels it
prints, so "printed" means a QR that reads back as the badge's code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from checkin.badges.batch import BadgeSource
from checkin.badges.layout import BadgeData
from checkin.badges.template import Template
from checkin.model import PrintJobState
from checkin.printers.label import LabelPrinter
from checkin.printers.pool import PrinterPool, print_badge
from checkin.printers.state import PrinterState
from checkin.printers.urls import parse_printer_url
from checkin.store import Store
from tests.checkin.printers.conftest import qr_badge
from tests.checkin.printers.emulator import PrinterEmulator

ROOT = Path(__file__).resolve().parents[3]


def pool_of(
    emulators: list[PrinterEmulator], store: Store, template: Template, **options: object
) -> PrinterPool:
    printers = [
        LabelPrinter(parse_printer_url(e.url()), template, qr_badge(template)) for e in emulators
    ]
    return PrinterPool(printers, store, **options)  # type: ignore[arg-type]


def printed(*emulators: PrinterEmulator) -> Counter[str]:
    """How many times each badge code came out of these printers."""
    for emulator in emulators:
        assert emulator.errors == []
    return Counter(code for emulator in emulators for code in emulator.codes())


def test_jobs_take_turns_on_the_printers_that_are_ready(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    pool = pool_of(emulators, demo_store, template)
    jobs = pool.print_badges(badges)
    assert [job.state for job in jobs] == [PrintJobState.DONE] * len(badges)
    first, second = emulators
    assert first.codes() == [b.code for b in badges[0::2]]
    assert second.codes() == [b.code for b in badges[1::2]]
    # Done is recorded as printed, in the same commit.
    assert demo_store.printed_versions() == {b.number: b.version for b in badges}
    assert pool.states() == {p.name: PrinterState.READY for p in pool.printers}


def test_a_printer_switched_off_mid_batch_loses_and_doubles_nothing(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    first, second = emulators
    first.after_label = lambda count: first.go_offline() if count == 3 else None
    pool = pool_of(emulators, demo_store, template)
    jobs = pool.print_badges(badges)
    assert {job.state for job in jobs} == {PrintJobState.DONE}
    assert len(first.labels) == 3 and len(second.labels) == len(badges) - 3
    assert printed(first, second) == Counter(b.code for b in badges)
    assert pool.states()[pool.printers[0].name] is PrinterState.OFFLINE
    # The job refused by the switched-off printer went to the other one, and says so.
    refused = [j for j in demo_store.print_jobs() if j.attempts == 2]
    assert len(refused) == 1 and refused[0].printer == pool.printers[1].name


def test_a_printer_out_of_labels_is_passed_over_until_it_is_refilled(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    first, second = emulators
    clock = [0.0]
    pool = pool_of(emulators, demo_store, template, retry_seconds=30, monotonic=lambda: clock[0])
    first.after_label = lambda count: setattr(first, "paper_out", count == 2)
    pool.print_badges(badges[:8])
    assert len(first.labels) == 2 and len(second.labels) == 6
    assert pool.states()[pool.printers[0].name] is PrinterState.OUT_OF_PAPER
    first.paper_out = False
    clock[0] += 31  # the pool asks the printer again
    pool.print_badges(badges[8:])
    assert len(first.labels) == 4
    assert printed(first, second) == Counter(b.code for b in badges)


def test_a_job_the_printer_never_confirmed_is_in_doubt_and_not_resent(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    first, second = emulators
    first.vanish_before_confirming = True  # prints it, then the cable is pulled
    pool = pool_of(emulators, demo_store, template)
    doubtful = pool.print_badge(badges[0])
    assert doubtful.state is PrintJobState.SENT and "check whether it printed" in doubtful.error
    assert pool.in_doubt() == [doubtful]
    assert pool.resume(lambda job: badges[0]) == []
    pool.print_badges(badges[1:4])
    assert printed(first, second) == Counter(b.code for b in badges[:4])
    assert badges[0].number not in demo_store.printed_versions()


def test_a_job_cut_off_mid_transfer_prints_once_after_staff_check(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    first, second = emulators
    first.cut_after_bytes = 2000  # the cable pulled with the job half sent
    pool = pool_of(emulators, demo_store, template)
    job = pool.print_badge(badges[0])
    assert first.labels == []
    if job.state is PrintJobState.SENT:  # every byte had left: nobody can know
        pool.requeue(job)
        pool.resume(lambda job: badges[0])
    else:  # refused part way: it certainly did not print, so it went on at once
        assert job.state is PrintJobState.DONE
    assert printed(first, second) == Counter([badges[0].code])
    assert demo_store.print_job(job.id).state is PrintJobState.DONE  # type: ignore[union-attr]


def test_badges_wait_queued_while_every_printer_is_off(
    demo_store: Store, template: Template, badges: list[BadgeData]
) -> None:
    zebra = PrinterEmulator("zpl").start()
    zebra.go_offline()
    clock = [0.0]
    pool = pool_of([zebra], demo_store, template, retry_seconds=5, monotonic=lambda: clock[0])
    jobs = [print_badge(pool, badge) for badge in badges[:3]]
    assert {job.state for job in jobs} == {PrintJobState.QUEUED}
    assert "offline" in jobs[0].error
    zebra.start()  # switched back on, same address
    clock[0] += 6
    try:
        resumed = pool.resume(BadgeSource(demo_store).badge_for_job)
    finally:
        zebra.stop()
    assert [job.state for job in resumed] == [PrintJobState.DONE] * 3
    assert printed(zebra) == Counter(b.code for b in badges[:3])


def test_the_same_badge_queued_twice_is_one_job(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    pool = pool_of(emulators, demo_store, template)
    jobs = pool.submit([badges[0], badges[0], badges[1]])
    assert jobs[0] == jobs[1] and jobs[0].id != jobs[2].id
    assert len(demo_store.print_jobs(PrintJobState.QUEUED)) == 2


CRASH = """
import os, sys
from checkin.badges.batch import BadgeSource
from checkin.store import Store
from checkin.timeutil import utc_now
store = Store.open(sys.argv[1])
source = BadgeSource(store)
badges = [source.badge(a) for a in store.attendees()[:5]]
store.queue_print_jobs([(b.number, b.version) for b in badges], utc_now())
os._exit(9)  # the power goes before any job is sent
"""


def test_jobs_queued_before_a_crash_resume_once_when_the_store_is_reopened(
    demo_store: Store, template: Template, badges: list[BadgeData], emulators: list[PrinterEmulator]
) -> None:
    path = demo_store.path
    demo_store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    crashed = subprocess.run([sys.executable, "-c", CRASH, str(path)], env=env, check=False)
    assert crashed.returncode == 9
    with Store.open(path) as store:
        assert len(store.print_jobs(PrintJobState.QUEUED)) == 5
        pool = pool_of(emulators, store, template)
        source = BadgeSource(store)
        assert [j.state for j in pool.resume(source.badge_for_job)] == [PrintJobState.DONE] * 5
        assert pool.resume(source.badge_for_job) == []
    assert printed(*emulators) == Counter(b.code for b in badges[:5])
