"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os

# Before any Qt import: tests never open a real window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from checkin.demo import create_demo_event, morning_start  # noqa: E402
from checkin.store import Store  # noqa: E402

_TEMPLATE_CACHE: dict[int, bytes] = {}


@pytest.fixture
def now() -> datetime:
    """09:00 on the demo day, in Shanghai."""
    return morning_start().replace(hour=9)


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the demo event (3,000 attendees, no scans yet).

    Built once per test session and copied, because building it takes a
    second and many tests need one.
    """
    path = tmp_path / "demo.db"
    if 3000 not in _TEMPLATE_CACHE:
        template = tmp_path / "template.db"
        with create_demo_event(template) as store:
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATE_CACHE[3000] = template.read_bytes()
    path.write_bytes(_TEMPLATE_CACHE[3000])
    os.chmod(path, 0o600)
    store = Store.open(path)
    yield store
    store.close()
