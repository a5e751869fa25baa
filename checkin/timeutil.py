"""Times as the store keeps them (epoch milliseconds) and as people read them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def to_millis(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("times must carry a time zone")
    return int(moment.timestamp() * 1000)


def from_millis(millis: int, timezone: str = "UTC") -> datetime:
    return datetime.fromtimestamp(millis / 1000, tz=ZoneInfo(timezone))


def iso(millis: int, timezone: str = "UTC") -> str:
    """ISO 8601 with the event's UTC offset, to the second."""
    return from_millis(millis, timezone).isoformat(timespec="seconds")


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_iso(text: str, timezone: str = "UTC") -> datetime:
    """Parse ISO 8601; a time without an offset is taken in the event's zone."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment
