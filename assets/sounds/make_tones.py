"""Write the kiosk's three short tones as WAV files, with the standard library only.

Run from the repository root (``python -m assets.sounds.make_tones``); the
WAVs are committed, so this only runs again when a tone should change.

The tones differ in more than pitch, so they stay distinct in a noisy hall
and for people who hear pitch poorly: accept is one short rising chirp,
attention two mid beeps, reject three low buzzes with a rougher timbre.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
HERE = Path(__file__).resolve().parent

# (frequency at start, frequency at end, seconds, harmonic mix) per beep; None is a pause.
TONES: dict[str, list[tuple[float, float, float, float] | float]] = {
    "accept": [(880.0, 1320.0, 0.16, 0.0)],
    "attention": [(660.0, 660.0, 0.12, 0.15), 0.07, (660.0, 660.0, 0.12, 0.15)],
    "reject": [
        (220.0, 200.0, 0.11, 0.5),
        0.05,
        (220.0, 200.0, 0.11, 0.5),
        0.05,
        (220.0, 200.0, 0.11, 0.5),
    ],
}


def beep(start_hz: float, end_hz: float, seconds: float, harmonics: float) -> list[float]:
    """A sine sweep with soft 8 ms edges (no click) and some odd harmonics for roughness."""
    count = int(RATE * seconds)
    fade = int(RATE * 0.008)
    samples, phase = [], 0.0
    for i in range(count):
        frequency = start_hz + (end_hz - start_hz) * i / count
        phase += 2 * math.pi * frequency / RATE
        value = math.sin(phase) + harmonics * math.sin(3 * phase) / 3
        envelope = min(1.0, i / fade, (count - i) / fade)
        samples.append(value * envelope / (1 + harmonics / 3))
    return samples


def render(parts: list[tuple[float, float, float, float] | float]) -> bytes:
    samples: list[float] = []
    for part in parts:
        if isinstance(part, float):
            samples += [0.0] * int(RATE * part)
        else:
            samples += beep(*part)
    return b"".join(struct.pack("<h", int(s * 0.6 * 32767)) for s in samples)


def main() -> None:
    for name, parts in TONES.items():
        with wave.open(str(HERE / f"{name}.wav"), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes(render(parts))


if __name__ == "__main__":
    main()
