"""Logs never carry what makes a badge valid (its tag), nor personal contact data."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from checkin.desk import Desk
from checkin.store import Store
from tests.checkin.conftest import code_for


def test_scanning_logs_no_badge_tag_even_when_the_store_fails(
    small_store: Store, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    desk = Desk(small_store, gate="Main")
    codes = [code_for(small_store, n) for n in (1, 2, 3, 5)]
    for offset, code in enumerate(codes):
        desk.scan(code, now + timedelta(seconds=10 * offset))
    small_store.conn.execute("PRAGMA query_only = 1")  # every write now fails
    for offset, code in enumerate(codes):
        desk.scan(code, now + timedelta(minutes=5, seconds=10 * offset))
    assert any("not recorded" in r.getMessage() for r in caplog.records)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for code in codes:
        assert code.rsplit("-", 1)[1] not in logged
    assert "li@example.com" not in logged
