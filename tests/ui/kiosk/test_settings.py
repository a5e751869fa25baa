"""Operator settings and the PIN that guards them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.kiosk.conftest import WallClock
from ui.kiosk.settings import (
    CAMERA,
    DEFAULT_PIN,
    GATE,
    HOLD_SECONDS,
    LOCKOUT_SECONDS,
    MAX_FAILURES,
    SETTINGS,
    SOUND,
    KioskSetting,
    Setting,
    SettingsError,
    SettingsFile,
)
from ui.kiosk.settings_dialog import SettingsDialog


def test_the_pin_is_stored_as_a_salted_slow_hash_never_as_itself(
    tmp_path: Path, wall: WallClock
) -> None:
    file = SettingsFile.load(tmp_path / "kiosk.json", clock=wall)
    file.set_pin("482913")
    text = (tmp_path / "kiosk.json").read_text()
    assert "482913" not in text
    stored = json.loads(text)["pin"]
    assert stored["kdf"] == "scrypt" and len(bytes.fromhex(stored["salt"])) == 16
    again = SettingsFile.load(tmp_path / "kiosk.json", clock=wall)
    assert again.check_pin("482913").ok
    assert not again.check_pin(DEFAULT_PIN).ok


def test_two_files_with_the_same_pin_store_different_hashes(tmp_path: Path) -> None:
    a, b = SettingsFile(tmp_path / "a.json"), SettingsFile(tmp_path / "b.json")
    a.set_pin("1234")
    b.set_pin("1234")
    assert a.pin["hash"] != b.pin["hash"]


def test_the_demo_pin_works_until_one_is_set(tmp_path: Path) -> None:
    file = SettingsFile(tmp_path / "kiosk.json")
    assert file.default_pin_in_use
    assert file.check_pin(DEFAULT_PIN).ok


def test_the_lockout_survives_a_restart(tmp_path: Path, wall: WallClock) -> None:
    path = tmp_path / "kiosk.json"
    file = SettingsFile.load(path, clock=wall)
    results = [file.check_pin("0000") for _ in range(MAX_FAILURES)]
    assert [r.tries_left for r in results] == [4, 3, 2, 1, 0]
    assert results[-1].locked_for == LOCKOUT_SECONDS
    restarted = SettingsFile.load(path, clock=wall)
    assert restarted.check_pin(DEFAULT_PIN).locked_for > 0
    wall.seconds += LOCKOUT_SECONDS
    assert restarted.check_pin(DEFAULT_PIN).ok


@pytest.mark.parametrize("pin", ["123", "12ab", "１２３４", "1234567890123", ""])
def test_a_new_pin_must_be_4_to_12_digits(tmp_path: Path, pin: str) -> None:
    with pytest.raises(SettingsError, match="4 to 12 digits"):
        SettingsFile(tmp_path / "kiosk.json").set_pin(pin)


def test_a_damaged_settings_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text("{not json")
    with pytest.raises(SettingsError, match="cannot be read"):
        SettingsFile.load(path)


@pytest.mark.parametrize(
    ("name", "given", "kept"),
    [
        ("hold_seconds", "3", 3.0),
        ("hold_seconds", 99, 10.0),
        ("hold_seconds", "soon", 2.0),
        ("direction", "sideways", "entry"),
        ("sound", "off", False),
        ("language", "zh_CN", "zh_CN"),
        ("camera", "2", 2),
    ],
)
def test_values_are_coerced_to_their_declared_type_and_range(
    tmp_path: Path, name: str, given: object, kept: object
) -> None:
    file = SettingsFile(tmp_path / "kiosk.json")
    file.set(name, given)
    assert file.get(name) == kept


@pytest.mark.parametrize(
    ("setting", "stored", "read"),
    [
        (CAMERA, "3", 3),
        (CAMERA, 2.7, 2),
        (CAMERA, -1, 0),
        (SOUND, "no", False),
        (SOUND, True, True),
        (HOLD_SECONDS, "20", 10.0),
        (HOLD_SECONDS, 1, 1.0),
        (GATE, 7, "7"),
    ],
)
def test_reading_a_setting_from_the_file_gives_its_declared_type(
    tmp_path: Path, setting: KioskSetting, stored: object, read: object
) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"settings": {setting.name: stored}}))
    value = SettingsFile.load(path).value(setting)
    assert (value, type(value)) == (read, setting.type)


def test_an_unset_setting_reads_as_its_typed_default(tmp_path: Path) -> None:
    file = SettingsFile(tmp_path / "kiosk.json")
    assert [file.value(setting) for setting in SETTINGS] == [s.default for s in SETTINGS]
    assert (file.value(CAMERA), file.value(SOUND), file.value(HOLD_SECONDS)) == (0, True, 2.0)


def test_settings_round_trip_through_the_file(tmp_path: Path) -> None:
    file = SettingsFile(tmp_path / "kiosk.json")
    file.set("gate", "VIP")
    file.set("hold_seconds", 4.5)
    file.save()
    again = SettingsFile.load(tmp_path / "kiosk.json")
    assert (again.get("gate"), again.get("hold_seconds"), again.get("sound")) == ("VIP", 4.5, True)


def test_the_form_has_one_editor_per_declared_setting(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(SettingsFile(tmp_path / "kiosk.json"), {"gates": ["North Hall"]})
    qtbot.addWidget(dialog)
    assert list(dialog.editors) == [setting.name for setting in SETTINGS]
    assert all(isinstance(setting, Setting) and setting.help for setting in SETTINGS)
