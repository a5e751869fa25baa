"""Decode success and time per corpus class: our strategy against each decoder alone, in one run.

    python bench/decode.py                 # 20 frames per class, VGA
    python bench/decode.py --per-class 50 --size 1280x720
    python bench/decode.py --ablation      # what each strategy step adds

A frame counts as read when every code in it is read; any text that is not
one of the frame's codes is a false positive (the ``none`` class holds no
code at all, so anything read there is one).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checkin.scanner import corpus  # noqa: E402
from checkin.scanner.decoders import (  # noqa: E402
    Corners,
    Decoder,
    DecoderUnavailable,
    OpenCvDecoder,
    PyzbarDecoder,
    ZxingDecoder,
    to_gray,
)
from checkin.scanner.strategy import STEPS, Strategy  # noqa: E402

Reader = Callable[[np.ndarray, Sequence[Corners]], set[str]]


@dataclass
class Tally:
    frames: int = 0
    read: int = 0
    false: int = 0
    ms: list[float] = field(default_factory=list)

    def add(self, ok: bool, false: int, ms: float) -> None:
        self.frames += 1
        self.read += ok
        self.false += false
        self.ms.append(ms)

    @property
    def rate(self) -> float:
        return self.read / self.frames if self.frames else 0.0

    def pct(self, q: float) -> float:
        if not self.ms:
            return 0.0
        return float(np.percentile(self.ms, q))


def strategy_reader(strategy: Strategy) -> Reader:
    def read(image: np.ndarray, hints: Sequence[Corners]) -> set[str]:
        return set(strategy.decode(image, hints).texts)

    return read


def decoder_reader(decoder: Decoder) -> Reader:
    def read(image: np.ndarray, hints: Sequence[Corners]) -> set[str]:
        return {d.text for d in decoder.decode(to_gray(image))}

    return read


def shifted_hints(sample: corpus.Sample, rng: np.random.Generator) -> list[Corners]:
    """Where the codes were a frame earlier: the true outline moved by up to 15% of its size."""
    hints = []
    for quad in sample.outlines.values():
        size = float(np.ptp(quad[:, 0]))
        dx, dy = rng.uniform(-0.15, 0.15, size=2) * size
        hints.append(tuple((float(x + dx), float(y + dy)) for x, y in quad))
    return hints


def run(
    readers: dict[str, Reader], samples: list[corpus.Sample], hints: bool
) -> dict[str, dict[str, Tally]]:
    results: dict[str, dict[str, Tally]] = {name: {} for name in readers}
    rng = np.random.default_rng(7)
    names = list(readers)
    for number, sample in enumerate(samples):
        sample_hints = shifted_hints(sample, rng) if hints else []
        # Take turns going first: the first reader of a frame pays for bringing
        # it into the CPU cache, which would otherwise bias the times.
        turn = number % len(names)
        for name in names[turn:] + names[:turn]:
            reader = readers[name]
            start = time.perf_counter()
            texts = reader(sample.image, sample_hints)
            ms = (time.perf_counter() - start) * 1000
            tally = results[name].setdefault(sample.kind, Tally())
            tally.add(sample.codes <= texts, len(texts - sample.codes), ms)
    return results


def overall(per_class: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in per_class.values():
        total.frames += tally.frames
        total.read += tally.read
        total.false += tally.false
        total.ms.extend(tally.ms)
    return total


def table(results: dict[str, dict[str, Tally]], kinds: Sequence[str]) -> str:
    names = list(results)
    head = f"{'class':10s}" + "".join(f" | {n:>26s}" for n in names)
    sub = f"{'':10s}" + " | {:>7s} {:>6s} {:>6s} {:>4s}".format("read", "med", "p95", "fp") * len(
        names
    )
    lines = [head, sub, "-" * len(sub)]
    for kind in [*kinds, "ALL"]:
        row = f"{kind:10s}"
        for name in names:
            tally = overall(results[name]) if kind == "ALL" else results[name][kind]
            row += (
                f" | {tally.rate:7.1%} {tally.pct(50):6.2f} {tally.pct(95):6.2f} {tally.false:4d}"
            )
        lines.append(row)
    return "\n".join(lines)


def verdict(results: dict[str, dict[str, Tally]], kinds: Sequence[str], ours: str) -> list[str]:
    singles = [n for n in results if n != ours]
    lines = []
    behind = [
        f"{k} ({results[ours][k].rate:.0%} < {max(results[n][k].rate for n in singles):.0%})"
        for k in kinds
        if results[ours][k].rate < max(results[n][k].rate for n in singles)
    ]
    lines.append(
        "at least the best single decoder on every class: "
        + ("yes" if not behind else "no, behind on " + ", ".join(behind))
    )
    mine = overall(results[ours])
    lines.append(f"overall success {mine.rate:.1%} (goal 99%), false positives {mine.false}")
    for name in singles:
        other = overall(results[name])
        ratio = mine.pct(50) / other.pct(50) if other.pct(50) else float("nan")
        lines.append(
            f"median time vs {name}: {mine.pct(50):.2f} ms / {other.pct(50):.2f} ms = {ratio:.3f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-class", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--size", default="640x480", help="frame size, WIDTHxHEIGHT")
    parser.add_argument("--budget", type=float, default=60.0, help="strategy budget per frame, ms")
    parser.add_argument("--classes", default=",".join(corpus.CLASSES))
    parser.add_argument(
        "--ablation", action="store_true", help="add one strategy step at a time instead"
    )
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    kinds = [k for k in args.classes.split(",") if k]

    fallbacks: list[Decoder] = []
    singles: dict[str, Reader] = {"zxing-cpp": decoder_reader(ZxingDecoder())}
    try:
        zbar = PyzbarDecoder()
        fallbacks.append(zbar)
        singles["pyzbar"] = decoder_reader(PyzbarDecoder())
    except DecoderUnavailable as error:
        print(f"pyzbar skipped: {error}")
    fallbacks.append(OpenCvDecoder())
    singles["opencv"] = decoder_reader(OpenCvDecoder())

    start = time.perf_counter()
    samples = list(corpus.generate(kinds, args.per_class, seed=args.seed, size=(width, height)))
    made = time.perf_counter() - start
    print(
        f"corpus: {len(samples)} frames ({args.per_class} per class, {width}x{height}, "
        f"seed {args.seed}) made in {made:.1f} s; times in ms per frame\n"
    )

    if args.ablation:
        readers: dict[str, Reader] = {}
        for count in range(1, len(STEPS) + 1):
            steps = STEPS[:count]
            strategy = Strategy(fallbacks=fallbacks, steps=steps, budget_ms=args.budget)
            readers["+" + steps[-1]] = strategy_reader(strategy)
        results = run(readers, samples, hints=True)
        print("Strategy steps added one at a time (hint = the outline one frame earlier)\n")
        print(table(results, kinds))
        return

    ours = "strategy"
    readers = {ours: strategy_reader(Strategy(fallbacks=fallbacks, budget_ms=args.budget))}
    readers.update(singles)
    results = run(readers, samples, hints=False)
    print(table(results, kinds))
    print()
    for line in verdict(results, kinds, ours):
        print(line)
    print(f"\nbench took {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
