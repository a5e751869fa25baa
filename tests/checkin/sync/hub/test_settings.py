"""Hub addresses as people type them, and where a hub folder keeps its files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from checkin.sync.errors import HubSetupError
from checkin.sync.hub.liveness import running_server_pid
from checkin.sync.hub.remembered import HubOptions, PeersWithoutCluster, save_settings, settings_for
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


def test_a_new_folder_gets_the_built_in_defaults(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, HubOptions())
    assert (settings.host, settings.port, settings.tls, settings.cluster) == (
        "127.0.0.1",
        4222,
        False,
        None,
    )


def test_a_folder_comes_back_with_everything_it_ran_with(tmp_path: Path) -> None:
    ran = settings_for(
        tmp_path,
        HubOptions(
            listen="10.0.0.5:4333",
            name="north-hub",
            cluster="10.0.0.5:6333",
            peers=("10.0.0.6:6333", "10.0.0.7:6333"),
            secrets=tmp_path / "shared-secrets.json",
            tls=True,
        ),
    )
    save_settings(ran, 4333)
    assert stat.S_IMODE(ran.settings_file.stat().st_mode) == 0o600

    assert settings_for(tmp_path, HubOptions()) == ran


def test_an_explicit_option_wins_over_what_the_folder_remembers(tmp_path: Path) -> None:
    save_settings(settings_for(tmp_path, HubOptions(listen="10.0.0.5:4333", tls=True)), 4333)
    changed = settings_for(tmp_path, HubOptions(listen="10.0.0.5:4444", tls=False))
    assert (changed.port, changed.tls) == (4444, False)


def test_a_hub_on_any_free_port_is_remembered_on_the_port_it_got(tmp_path: Path) -> None:
    save_settings(settings_for(tmp_path, HubOptions(listen="127.0.0.1:0")), 45123)
    again = settings_for(tmp_path, HubOptions())
    assert (again.port, again.name) == (45123, "hub")


def test_peers_need_a_route_address_given_or_remembered(tmp_path: Path) -> None:
    with pytest.raises(PeersWithoutCluster):
        settings_for(tmp_path, HubOptions(peers=("10.0.0.6:6222",)))
    save_settings(settings_for(tmp_path, HubOptions(cluster="10.0.0.5:6222")), 4222)
    joined = settings_for(tmp_path, HubOptions(peers=("10.0.0.6:6222",)))
    assert joined.cluster is not None and joined.cluster.peers == (("10.0.0.6", 6222),)


def test_a_damaged_settings_file_says_how_to_recover(tmp_path: Path) -> None:
    HubSettings(tmp_path).settings_file.write_text("{not json")
    with pytest.raises(HubSetupError, match="is not a hub settings file"):
        settings_for(tmp_path, HubOptions())
