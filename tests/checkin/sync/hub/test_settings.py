"""Hub addresses as people type them, and where a hub folder keeps its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkin.sync.errors import HubSetupError
from checkin.sync.hub.liveness import running_server_pid
from checkin.sync.hub.settings import HubSettings, parse_host_port


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.0.0.5:4333", ("10.0.0.5", 4333)),
        ("10.0.0.5", ("10.0.0.5", 4222)),
        (":4333", ("127.0.0.1", 4333)),
        ("[::1]:4333", ("::1", 4333)),
        ("0.0.0.0:0", ("0.0.0.0", 0)),
    ],
)
def test_an_address_is_a_host_and_a_port(text: str, expected: tuple[str, int]) -> None:
    assert parse_host_port(text, 4222) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("hub:http", "is not HOST:PORT"), ("hub:70000", "port must be between 0 and 65535")],
)
def test_a_bad_address_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(HubSetupError, match=message):
        parse_host_port(text, 4222)


def test_settings_name_the_files_inside_the_hub_folder(tmp_path: Path) -> None:
    settings = HubSettings(tmp_path, port=4333)
    assert settings.name == "hub-4333"
    assert {p.parent for p in (settings.config_file, settings.log_file, settings.secrets_file)} == {
        tmp_path
    }


def test_no_server_runs_from_a_new_folder(tmp_path: Path) -> None:
    assert running_server_pid(HubSettings(tmp_path)) is None
