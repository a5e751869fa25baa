"""Operator settings: declared once as data, kept in one file, guarded by a PIN.

``SETTINGS`` is the only list of what an operator can change; the settings
dialog, the file format and the defaults are all derived from it.  The file
also holds the PIN, as a salted scrypt hash (never the PIN itself), and the
count of wrong PINs, so that restarting the kiosk does not reset a lockout.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from checkin.errors import UserError
from checkin.files import write_private
from ui.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from ui.i18n.marker import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

DEFAULT_PIN = "2026"  # the demo's PIN; `checkin kiosk --set-pin` replaces it
MAX_FAILURES = 5
LOCKOUT_SECONDS = 300
PIN_DIGITS = (4, 12)
# scrypt at 2**14 x 8: about 16 MB and tens of milliseconds per try, which
# makes guessing a stolen file's 4-digit PIN slow and a volunteer's try instant.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


SettingValue = str | int | float | bool
T = TypeVar("T", str, int, float, bool)
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One thing an operator can change: its name in the file, its type, default and help."""

    name: str
    type: type[T]
    default: T
    help: str
    # A fixed list of values, or the name of a list the kiosk supplies ("gates").
    choices: tuple[str, ...] | str = ()
    minimum: float | None = None
    maximum: float | None = None

    def coerce(self, value: object) -> T:
        """The value as this setting's type, or the default when it cannot be one."""
        try:
            result = self._convert(value)
        except (TypeError, ValueError):
            log.warning("setting %s: %r is not a %s", self.name, value, self.type.__name__)
            return self.default
        if isinstance(self.choices, tuple) and self.choices and result not in self.choices:
            return self.default
        if isinstance(result, int | float):
            if self.minimum is not None and result < self.minimum:
                return self.type(self.minimum)
            if self.maximum is not None and result > self.maximum:
                return self.type(self.maximum)
        return result

    def _convert(self, value: object) -> T:
        if self.type is bool and not isinstance(value, bool):
            return self.type(str(value).lower() in _TRUE)
        return self.type(value if isinstance(value, str | int | float) else str(value))


GATE = Setting("gate", str, "", QT_TRANSLATE_NOOP("Settings", "Gate this desk guards"), "gates")
DIRECTION = Setting(
    "direction",
    str,
    "entry",
    QT_TRANSLATE_NOOP("Settings", "Entry or exit"),
    ("entry", "exit"),
)
CAMERA = Setting(
    "camera",
    int,
    0,
    QT_TRANSLATE_NOOP("Settings", "Camera number (0 is the first camera)"),
    minimum=0,
    maximum=9,
)
SOUND = Setting("sound", bool, True, QT_TRANSLATE_NOOP("Settings", "Play a tone for each verdict"))
HOLD_SECONDS = Setting(
    "hold_seconds",
    float,
    2.0,
    QT_TRANSLATE_NOOP("Settings", "Seconds a verdict stays on screen"),
    minimum=0.5,
    maximum=10.0,
)
SELF_SERVICE_SECONDS = Setting(
    "self_service_seconds",
    float,
    8.0,
    QT_TRANSLATE_NOOP("Settings", "Seconds the self-service screen shows a verdict"),
    minimum=2.0,
    maximum=30.0,
)
LANGUAGE = Setting(
    "language",
    str,
    DEFAULT_LANGUAGE,
    QT_TRANSLATE_NOOP("Settings", "Language"),
    tuple(LANGUAGES),
)
KioskSetting = Setting[str] | Setting[int] | Setting[float] | Setting[bool]
SETTINGS: tuple[KioskSetting, ...] = (
    GATE,
    DIRECTION,
    CAMERA,
    SOUND,
    HOLD_SECONDS,
    SELF_SERVICE_SECONDS,
    LANGUAGE,
)
BY_NAME: dict[str, KioskSetting] = {setting.name: setting for setting in SETTINGS}


class SettingsError(UserError):
    """The settings file cannot be read or written, or a new PIN is not acceptable."""


@dataclass
class PinCheck:
    ok: bool
    locked_for: int = 0  # seconds left in a lockout
    tries_left: int = MAX_FAILURES


def default_settings_path() -> Path:
    from checkin.paths import config_dir

    return config_dir() / "kiosk.json"


def hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 2**20, **SCRYPT)


@dataclass
class SettingsFile:
    """The kiosk's settings and PIN on disk (JSON, owner-only)."""

    path: Path
    values: dict[str, SettingValue] = field(default_factory=dict)
    pin: dict[str, str] = field(default_factory=dict)
    failures: int = 0
    locked_until: float = 0.0
    clock: Callable[[], float] = time.time

    @classmethod
    def load(cls, path: Path, *, clock: Callable[[], float] = time.time) -> SettingsFile:
        data: dict[str, Any] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise SettingsError(
                    f"settings file {path} cannot be read ({error}); fix or delete it"
                ) from None
        stored = data.get("settings", {})
        values = {s.name: s.coerce(stored[s.name]) for s in SETTINGS if s.name in stored}
        lock = data.get("lock", {})
        return cls(
            path,
            values,
            dict(data.get("pin", {})),
            int(lock.get("failures", 0)),
            float(lock.get("until", 0.0)),
            clock,
        )

    def get(self, name: str) -> SettingValue:
        """A setting by its name, for code that handles every setting alike (the form, the CLI)."""
        return self.values.get(name, BY_NAME[name].default)

    def value(self, setting: Setting[T]) -> T:
        """A setting as its own type: ``settings.value(CAMERA)`` is an int."""
        return setting.coerce(self.values.get(setting.name, setting.default))

    def set(self, name: str, value: object) -> None:
        self.values[name] = BY_NAME[name].coerce(value)

    def save(self) -> None:
        data = {
            "settings": self.values,
            "pin": self.pin,
            "lock": {"failures": self.failures, "until": self.locked_until},
        }
        try:
            write_private(
                self.path, json.dumps(data, indent=1, ensure_ascii=False), make_folder=True
            )
        except OSError as error:
            raise SettingsError(f"cannot write settings file {self.path}: {error}") from None

    # -- the PIN -----------------------------------------------------------

    @property
    def default_pin_in_use(self) -> bool:
        return not self.pin

    def set_pin(self, pin: str) -> None:
        low, high = PIN_DIGITS
        if not (pin.isdigit() and pin.isascii() and low <= len(pin) <= high):
            raise SettingsError(f"a PIN is {low} to {high} digits")
        salt = secrets.token_bytes(16)
        self.pin = {"salt": salt.hex(), "hash": hash_pin(pin, salt).hex(), "kdf": "scrypt"}
        self.failures = 0
        self.locked_until = 0.0
        self.save()

    def check_pin(self, pin: str) -> PinCheck:
        """Verify a PIN; after ``MAX_FAILURES`` wrong ones, refuse every try for a while."""
        now = self.clock()
        if now < self.locked_until:
            return PinCheck(False, locked_for=int(self.locked_until - now) + 1, tries_left=0)
        if self.pin:
            salt = bytes.fromhex(self.pin["salt"])
            ok = hmac.compare_digest(hash_pin(pin, salt), bytes.fromhex(self.pin["hash"]))
        else:
            ok = hmac.compare_digest(pin.encode(), DEFAULT_PIN.encode())
        if ok:
            if self.failures:
                self.failures = 0
                self.save()
            return PinCheck(True)
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            self.locked_until = now + LOCKOUT_SECONDS
            log.warning(
                "settings locked for %d s after %d wrong PINs", LOCKOUT_SECONDS, MAX_FAILURES
            )
            self.save()
            return PinCheck(False, locked_for=LOCKOUT_SECONDS, tries_left=0)
        self.save()
        return PinCheck(False, tries_left=MAX_FAILURES - self.failures)
