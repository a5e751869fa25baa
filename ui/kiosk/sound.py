"""Accept / attention / reject tones, played without blocking the next scan.

QtMultimedia needs a sound system (PulseAudio's libpulse on Linux); where
it is missing the import fails, and the kiosk runs silently and says so
once.  The import is tried once, here, so nothing else has to care.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QObject, QUrl

from checkin.model import Color
from checkin.paths import asset_path

log = logging.getLogger(__name__)

SOUNDS = asset_path("sounds")

try:
    from PySide6.QtMultimedia import QSoundEffect

    MULTIMEDIA_PROBLEM: str | None = None
except ImportError as error:  # no libpulse, or a PySide6 build without QtMultimedia
    QSoundEffect = None  # type: ignore[assignment,misc]
    MULTIMEDIA_PROBLEM = str(error)


class Tone(StrEnum):
    ACCEPT = "accept"
    ATTENTION = "attention"
    REJECT = "reject"


TONE_FOR_COLOR = {Color.GREEN: Tone.ACCEPT, Color.AMBER: Tone.ATTENTION, Color.RED: Tone.REJECT}


class SoundPlayer(QObject):
    """Plays a tone per verdict colour, or nothing when the machine has no audio.

    ``last`` records the tone asked for even when silent, so tests (and a
    volunteer reading the log) can see what would have sounded.
    """

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.last: Tone | None = None
        self._effects: dict[Tone, QSoundEffect] = {}
        self.problem = MULTIMEDIA_PROBLEM
        if QSoundEffect is None:
            log.warning("no audio output, the kiosk runs silently: %s", self.problem)
            return
        for tone in Tone:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(SOUNDS / f"{tone.value}.wav")))
            effect.setVolume(0.8)
            self._effects[tone] = effect

    @property
    def available(self) -> bool:
        return self.problem is None

    def play(self, tone: Tone) -> None:
        """Start the tone and return at once (QSoundEffect plays asynchronously)."""
        self.last = tone
        if not self.enabled:
            return
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()

    def play_for(self, color: Color) -> None:
        self.play(TONE_FOR_COLOR[color])
