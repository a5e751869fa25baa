"""The hub runs the nats-server that comes with checkin, unless told to run another."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checkin.sync.errors import HubSetupError
from checkin.sync.hub.binary import SERVER_ENV, find_nats_server


def test_the_shipped_server_is_found_and_runnable() -> None:
    shipped = find_nats_server()
    assert shipped.is_file() and os.access(shipped, os.X_OK)


def test_a_chosen_server_that_is_missing_is_named_in_the_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SERVER_ENV, str(tmp_path / "missing"))
    with pytest.raises(HubSetupError, match=SERVER_ENV):
        find_nats_server()
