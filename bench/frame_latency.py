"""Frame-to-verdict latency from the synthetic camera through the pipeline to the desk.

    python bench/frame_latency.py                          # 30 s of a 1280x720 30 fps camera
    python bench/frame_latency.py --minutes 10 --speed 4   # 10 minutes of frames in 2.5

Latency is measured on one clock from the moment the camera delivered the
frame a code was read in to the moment ``Desk.scan`` returned its verdict
(recorded in the store).  "From first sight" is from the first frame the
badge was wholly in view, which includes the frames where it was still
moving too fast to read.  With ``--speed`` above 1 the camera delivers
frames faster than real time, so the decoder falls further behind than it
would at a desk: a harsher test of "no backlog", not a gentler one.

On each read the bench calls ``checkin.desk.Desk.scan`` on a fresh demo
store (``checkin.demo``), or a stub that only counts when ``--stub`` is
given or the desk is not there.
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin.scanner.frames import Frame  # noqa: E402
from checkin.scanner.pipeline import CodeRead, ScanPipeline  # noqa: E402
from checkin.scanner.strategy import default_strategy  # noqa: E402
from checkin.scanner.synthetic import SyntheticCamera, store_codes  # noqa: E402


def rss_mb() -> float:
    """Resident memory now (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Watched:
    """The synthetic camera, noting when each badge first came wholly into view."""

    def __init__(self, camera: SyntheticCamera) -> None:
        self.camera = camera
        self.description = camera.description
        self.first_seen: dict[str, float] = {}
        self._previous: frozenset[str] = frozenset()
        self.lock = threading.Lock()

    def open(self) -> None:
        self.camera.open()

    def read(self) -> Frame:
        frame = self.camera.read()
        drawn = frame.drawn or frozenset()
        with self.lock:
            for code in drawn - self._previous:
                self.first_seen[code] = frame.captured
            self._previous = drawn
        return frame

    def close(self) -> None:
        self.camera.close()


@dataclass
class Minute:
    latencies: list[float] = field(default_factory=list)
    from_sight: list[float] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)


def make_answer(stub: bool) -> tuple[Callable[[str, int], str], list[str], str]:
    """The callback that turns a read into a verdict, the codes to show, and what it is."""
    if not stub:
        try:
            from checkin.demo import create_demo_event, morning_start
            from checkin.desk import Desk
        except ImportError:
            stub = True
    if stub:
        from checkin.scanner.corpus import sample_codes

        return (lambda text, frame_index: "stub"), sample_codes(40, seed=1), "stub callback"
    folder = Path(tempfile.mkdtemp(prefix="latency-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    store = create_demo_event(folder / "demo.db")
    atexit.register(store.close)  # registered last, so it runs before the folder goes
    desk = Desk(store, gate="North Hall")
    start = morning_start()

    def answer(text: str, frame_index: int) -> str:
        now = start + timedelta(hours=1, seconds=frame_index / 30)
        return str(desk.scan(text, now).status)

    return answer, store_codes(store, 40), "checkin.desk.Desk.scan on the demo store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=0.5, help="minutes of camera frames")
    parser.add_argument("--speed", type=float, default=1.0, help="frames delivered N x real time")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--deep-every", type=int, default=3)
    parser.add_argument("--budget", type=float, default=60.0, help="decode budget per frame, ms")
    parser.add_argument("--stub", action="store_true", help="count reads instead of deciding")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    total_frames = int(args.minutes * 60 * args.fps)
    frames_per_minute = int(60 * args.fps)

    answer, codes, answering = make_answer(args.stub)
    camera = SyntheticCamera(
        codes,
        width=width,
        height=height,
        fps=args.fps,
        speed=args.speed,
        frames=total_frames,
        seed=7,
    )
    source = Watched(camera)
    minutes: dict[int, Minute] = {}
    lock = threading.Lock()

    def on_code(read: CodeRead) -> None:
        verdict = answer(read.text, read.frame_index)
        done = time.monotonic()
        with source.lock:
            seen = source.first_seen.get(read.text)
        with lock:
            minute = minutes.setdefault(read.frame_index // frames_per_minute, Minute())
            minute.latencies.append((done - read.captured) * 1000)
            if seen is not None and seen <= read.captured:
                minute.from_sight.append((done - seen) * 1000)
            minute.verdicts[verdict] = minute.verdicts.get(verdict, 0) + 1

    pipeline = ScanPipeline(
        source,
        on_code=on_code,
        make_strategy=lambda: default_strategy(args.budget),
        deep_every=args.deep_every,
    )
    print(
        f"{args.minutes:g} min of {width}x{height} at {args.fps:g} fps, delivered at "
        f"{args.speed:g}x real time; decode budget {args.budget:g} ms, deep every "
        f"{args.deep_every} frame(s); reads answered by {answering}\n"
    )
    print(
        f"{'minute':>6} {'seen':>6} {'dropped':>8} {'decoded':>8} {'reads':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'sight p95':>9} {'decode p95':>10} {'RSS MB':>7}"
    )
    cpu_start, wall_start = time.process_time(), time.monotonic()
    pipeline.start()
    shown = 0
    previous = pipeline.stats()
    feed = pipeline.feed
    assert feed is not None
    while True:
        finished = feed.status.state == "ended"
        stats = pipeline.stats()
        minute_done = stats.frames_seen // frames_per_minute
        while shown < minute_done or (finished and shown * frames_per_minute < stats.frames_seen):
            with lock:
                minute = minutes.get(shown, Minute())
            lat = minute.latencies or [float("nan")]
            sight = minute.from_sight or [float("nan")]
            print(
                f"{shown + 1:>6} {stats.frames_seen - previous.frames_seen:>6} "
                f"{stats.frames_dropped - previous.frames_dropped:>8} "
                f"{stats.frames_decoded - previous.frames_decoded:>8} {len(minute.latencies):>6} "
                f"{np.percentile(lat, 50):>7.1f} {np.percentile(lat, 95):>7.1f} {max(lat):>7.1f} "
                f"{np.percentile(sight, 95):>9.1f} {stats.decode_ms_recent_p95:>10.1f} "
                f"{rss_mb():>7.1f}",
                flush=True,
            )
            previous = stats
            shown += 1
        if finished:
            break
        time.sleep(0.2)
    pipeline.wait_idle(5.0)
    pipeline.stop()
    wall = time.monotonic() - wall_start
    cpu = time.process_time() - cpu_start

    every = [ms for m in minutes.values() for ms in m.latencies]
    sight = [ms for m in minutes.values() for ms in m.from_sight]
    verdicts: dict[str, int] = {}
    for m in minutes.values():
        for key, count in m.verdicts.items():
            verdicts[key] = verdicts.get(key, 0) + count
    stats = pipeline.stats()
    print()
    if every:
        print(
            f"frame-to-verdict: p50 {np.percentile(every, 50):.1f} ms, "
            f"p95 {np.percentile(every, 95):.1f} ms, max {max(every):.1f} ms over {len(every)} reads "
            "(goal p95 <= 100 ms)"
        )
    if sight:
        print(
            f"first-sight-to-verdict: p50 {np.percentile(sight, 50):.0f} ms, p95 {np.percentile(sight, 95):.0f} ms"
        )
    print(
        f"frames: {stats.frames_seen} seen, {stats.frames_dropped} dropped "
        f"({stats.frames_dropped / max(1, stats.frames_seen):.1%}), {stats.frames_decoded} decoded; "
        f"mean decode {stats.decode_ms_mean:.1f} ms"
    )
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s ({cpu / wall:.0%} of one core, camera included)")


if __name__ == "__main__":
    main()
