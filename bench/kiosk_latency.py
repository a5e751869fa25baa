"""Kiosk latency: from a code read on the scanner's thread to its verdict painted on screen.

Codes are reported from a worker thread through the same bridge the scan
pipeline uses, one at a time (the next after the previous is painted), to
a kiosk window rendered off screen at 1600x900 on the demo event.  The
baseline, in the same run, is ``Desk.scan`` alone on the same store: the
ratio says what the window adds on top of deciding and recording.

Also measured: memory after all the scans against memory at the start
(goal: at most 50 MB more), and the lost-badge search on a 20,000-person
roster while typing (goal: under 50 ms).

    python bench/kiosk_latency.py [--scans 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkin import badge_codes  # noqa: E402
from checkin.demo import create_demo_event, morning_start  # noqa: E402
from checkin.desk import Desk  # noqa: E402
from checkin.search import SearchIndex  # noqa: E402
from checkin.store import Store  # noqa: E402

LATENCY_GOAL_MS = 50.0
MEMORY_GOAL_MB = 50.0
SEARCH_GOAL_MS = 50.0
QUERIES = ["w", "wa", "wan", "wang", "wang w", "王", "王伟", "138", "1380", "a", "li na", "ltd"]


def rss_mb() -> float:
    """Resident memory now (Linux), else the peak (elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def scan_codes(store: Store, count: int) -> list[str]:
    """Everyone once, then again (already inside), with a garbage read every 50th."""
    event, key = store.event(), store.event_key()
    numbers = [a.number for a in store.attendees()]
    codes = []
    for i in range(count):
        if i % 50 == 49:
            codes.append("https://example.org/not-a-badge")
        else:
            codes.append(badge_codes.mint(key, event.prefix, numbers[i % len(numbers)], 1))
    return codes


class Clock:
    def __init__(self) -> None:
        self.now = morning_start().replace(hour=9)

    def __call__(self) -> object:
        self.now += timedelta(seconds=1)
        return self.now


def bench_core(path: Path, codes: list[str]) -> list[float]:
    with Store.open(path) as store:
        desk = Desk(store, gate="North Hall", desk_id="bench-core")
        clock = Clock()
        times = []
        for code in codes:
            start = time.perf_counter()
            desk.scan(code, clock())  # type: ignore[arg-type]
            times.append((time.perf_counter() - start) * 1000)
    return times


def bench_kiosk(path: Path, codes: list[str]) -> tuple[list[float], float, float]:
    from ui.common.app import ensure_app
    from ui.kiosk.settings import SettingsFile
    from ui.kiosk.window import KioskWindow

    app = ensure_app()
    store = Store.open(path)
    settings = SettingsFile(Path(tempfile.mkdtemp()) / "kiosk.json")
    settings.set("gate", "North Hall")
    window = KioskWindow(store, settings, clock=Clock(), desk_id="bench-kiosk")  # type: ignore[arg-type]
    window.resize(1600, 900)
    window.show()
    app.processEvents()

    from PySide6.QtCore import QObject, Qt, Signal

    class Done(QObject):
        finished = Signal()  # quit from the UI thread: QApplication.quit is not thread-safe

    done = Done()
    done.finished.connect(app.quit, Qt.ConnectionType.QueuedConnection)
    latencies: list[float] = []
    shown = threading.Event()
    window.verdict_shown.connect(lambda verdict: shown.set())
    memory: dict[str, float] = {}

    def feed() -> None:
        for index, code in enumerate(codes):
            if index == 100:
                memory["start"] = rss_mb()  # after warming up (fonts, caches)
            shown.clear()
            window.bridge.report_code(code)
            shown.wait(10)
            if window.last_latency is not None:
                latencies.append(window.last_latency * 1000)
        memory["end"] = rss_mb()
        done.finished.emit()

    worker = threading.Thread(target=feed, daemon=True)
    worker.start()
    app.exec()
    worker.join()
    window.locked = False
    window.shutdown()
    window.close()
    store.close()
    return latencies, memory["start"], memory["end"]


def bench_search(folder: Path) -> list[float]:
    with create_demo_event(folder / "big.db", attendees=20_000) as store:
        index = SearchIndex.from_store(store)
    times = []
    for _ in range(5):
        for query in QUERIES:
            # Typed letter by letter, as the search box asks on every keystroke.
            for end in range(1, len(query) + 1):
                start = time.perf_counter()
                index.search(query[:end])
                times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    template = folder / "template.db"
    create_demo_event(template).close()
    core_db, kiosk_db = folder / "core.db", folder / "kiosk.db"
    for target in (core_db, kiosk_db):
        target.write_bytes(template.read_bytes())
    with Store.open(template) as store:
        codes = scan_codes(store, args.scans)

    core = bench_core(core_db, codes)
    latencies, start_mb, end_mb = bench_kiosk(kiosk_db, codes)
    search = bench_search(folder)

    core_p95, kiosk_p95 = percentile(core, 0.95), percentile(latencies, 0.95)
    grown = end_mb - start_mb
    print(f"scans: {len(codes)} on the 3,000-attendee demo event, window 1600x900")
    print(
        f"baseline Desk.scan alone      p50 {statistics.median(core):6.2f} ms   p95 {core_p95:6.2f} ms"
    )
    print(
        f"kiosk code read -> painted    p50 {statistics.median(latencies):6.2f} ms   "
        f"p95 {kiosk_p95:6.2f} ms   max {max(latencies):6.1f} ms   "
        f"(goal p95 < {LATENCY_GOAL_MS:.0f} ms: {'ok' if kiosk_p95 < LATENCY_GOAL_MS else 'MISSED'})"
    )
    print(f"  ratio kiosk p95 / Desk.scan p95: {kiosk_p95 / core_p95:.1f}x")
    print(
        f"memory after warm-up {start_mb:.1f} MB, after {len(codes)} scans {end_mb:.1f} MB: "
        f"{grown:+.1f} MB (goal <= {MEMORY_GOAL_MB:.0f} MB: "
        f"{'ok' if grown <= MEMORY_GOAL_MB else 'MISSED'})"
    )
    search_p95 = percentile(search, 0.95)
    print(
        f"search, 20,000 attendees, {len(search)} keystrokes: p50 {statistics.median(search):.2f} ms"
        f"   p95 {search_p95:.2f} ms   max {max(search):.1f} ms   "
        f"(goal < {SEARCH_GOAL_MS:.0f} ms: {'ok' if search_p95 < SEARCH_GOAL_MS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
