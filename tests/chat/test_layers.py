"""The chat's channel layer against a real Redis: a nudge to a group reaches a consumer in
another process, and a consumer's own channel is never subscribed in Redis (so a process whose
sockets all reconnect at once sends half as many commands before nudges flow again)."""

from __future__ import annotations

import asyncio
import secrets

import pytest
import redis

from baken.chat.layers import GroupsOnlyPubSubChannelLayer
from tests.conftest import requires_redis

REDIS_URL = "redis://127.0.0.1:6379/15"


pytestmark = requires_redis


def _layer(prefix: str) -> GroupsOnlyPubSubChannelLayer:
    # Listed three times, as settings.CHAT_REDIS_CONNECTIONS does: channels spread over connections.
    return GroupsOnlyPubSubChannelLayer(hosts=[REDIS_URL] * 3, prefix=prefix)


def test_a_group_nudge_crosses_processes_and_own_channels_stay_local() -> None:
    prefix = f"test{secrets.token_hex(4)}"
    subscribed = redis.Redis.from_url(REDIS_URL)

    async def scenario() -> None:
        here, there = _layer(prefix), _layer(prefix)  # two ASGI processes
        try:
            channel = await here.new_channel()
            await here.group_add("chat.conv.abc", channel)
            names = {name.decode() for name in subscribed.pubsub_channels(f"{prefix}*")}
            assert names == {f"{prefix}__group__chat.conv.abc"}  # the group, not the consumer's own channel

            await there.group_send("chat.conv.abc", {"type": "chat.nudge", "id": 7})
            assert await asyncio.wait_for(here.receive(channel), timeout=5) == {"type": "chat.nudge", "id": 7}

            await here.send(channel, {"type": "chat.nudge", "id": 8})  # within the process
            assert await asyncio.wait_for(here.receive(channel), timeout=5) == {"type": "chat.nudge", "id": 8}
            with pytest.raises(ValueError):
                await there.send(channel, {"type": "chat.nudge"})  # another process's consumer: use a group

            await here.group_discard("chat.conv.abc", channel)
            await asyncio.sleep(0.1)
            assert not subscribed.pubsub_channels(f"{prefix}*")
        finally:
            await here.flush()
            await there.flush()

    asyncio.run(scenario())
