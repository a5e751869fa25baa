"""Three clustered hubs keep the event's stream three times over; losing one loses nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from checkin.model import Status
from checkin.sync.address import Credentials
from checkin.sync.engine import sync_once
from checkin.sync.errors import HubError, HubUnreachable
from checkin.sync.link import HubLink
from tests.checkin.sync.conftest import (
    Clock,
    Hub,
    HubFactory,
    LiveDesk,
    fact_ids,
    stats_json,
    wait_for,
)

MakeDesk = Callable[[Path, list[str], Credentials], LiveDesk]


def synced(path: Path, urls: list[str], credentials: Credentials, desk: str | None = None) -> bool:
    """One sync, or False while the cluster is still electing its leaders."""
    try:
        sync_once(path, urls, credentials, desk=desk)
    except (HubError, HubUnreachable):
        return False
    return True


def stream_placement(urls: list[str], credentials: Credentials) -> tuple[int, str]:
    async def ask() -> tuple[int, str]:
        link = await HubLink.open(urls, credentials, None)
        try:
            info = await link.stream_info()
            leader = info.cluster.leader if info.cluster else None
            return info.config.num_replicas or 1, leader or ""
        finally:
            await link.close()

    return asyncio.run(ask())


@pytest.mark.slow
def test_a_cluster_that_loses_a_node_keeps_accepting_and_serving_facts(
    event_db: Path, hubs: HubFactory, tmp_path: Path, live_desks: MakeDesk, clock: Clock
) -> None:
    nodes = hubs.cluster(3)
    urls = [node.url for node in nodes]
    credentials = nodes[0].credentials
    wait_for(lambda: synced(event_db, urls, credentials), timeout=60, what="the cluster to form")
    replicas, leader = stream_placement(urls, credentials)
    assert replicas == 3
    desk_b = tmp_path / "desk-b.db"
    assert synced(desk_b, urls[::-1], credentials, desk="desk-b")
    live_a = live_desks(event_db, urls, credentials)
    live_b = live_desks(desk_b, urls[::-1], credentials)
    for desk in (live_a, live_b):
        desk.wait_in_step()

    lost: Hub = next(node for node in nodes if node.settings.name == leader)
    lost.server.kill()
    alive = [node.url for node in nodes if node is not lost]
    for number in range(1, 6):
        assert live_a.scan(number, clock()).status is Status.ENTERED
    for number in range(6, 11):
        assert live_b.scan(number, clock()).status is Status.ENTERED

    for desk, other in ((live_a, desk_b), (live_b, event_db)):
        wait_for(
            lambda d=desk, o=other: (
                d.background.state.pending == 0  # type: ignore[misc]
                and fact_ids(d.path) >= fact_ids(o)
            ),
            timeout=60,
            what=f"{desk.path.name} in step without the lost node",
        )
    fresh = tmp_path / "fresh.db"
    wait_for(lambda: synced(fresh, alive, credentials, desk="fresh"), timeout=60, what="a join")
    assert fact_ids(fresh) == fact_ids(event_db) == fact_ids(desk_b)
    assert stats_json(fresh) == stats_json(event_db) == stats_json(desk_b)
