"""Opening hours as the engine reads them: memoised per expression and minute (opening hours
have minute precision), so a recommendation asks `hours` once per channel and minute."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from baken.directory import hours
from baken.directory.snapshot import ChannelData


@lru_cache(maxsize=16_384)
def _open_at_minute(expression: str, minute: int) -> bool | None:
    return hours.is_open(expression, datetime.fromtimestamp(minute * 60, tz=UTC))


@lru_cache(maxsize=4096)
def _next_open_at_minute(expression: str, minute: int) -> datetime | None:
    return hours.next_open(expression, datetime.fromtimestamp(minute * 60, tz=UTC))


def channel_open(channel: ChannelData, moment: datetime) -> bool | None:
    """Opening hours have minute precision, so the answer is memoised per minute."""
    if not channel.opening_hours:
        return None
    return _open_at_minute(channel.opening_hours, int(moment.timestamp()) // 60)


def channel_next_open(channel: ChannelData, moment: datetime) -> datetime | None:
    if not channel.opening_hours:
        return None
    if channel_open(channel, moment):
        return hours.local(moment)
    found = _next_open_at_minute(channel.opening_hours, int(moment.timestamp()) // 60)
    return hours.local(found) if found is not None else None
