"""The chat's channel layer: channels_redis' pub/sub layer, for groups only.

The pub/sub layer subscribes every consumer's own channel in Redis when the consumer starts and
unsubscribes it when it stops, one command at a time per connection. Baken's consumers never
receive on their own channel from another process: every nudge goes to a conversation's group,
which the layer already hands to the consumers of this process in that group. So a consumer's
own channel stays in this process, and a process whose sockets all reconnect at once (the other
process was killed) sends half as many subscriptions to Redis before nudges flow again.
"""

from __future__ import annotations

import asyncio
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer, RedisPubSubLoopLayer, _wrap_close


class _GroupsOnlyLoopLayer(RedisPubSubLoopLayer):
    async def _subscribe_to_channel(self, channel: str) -> None:
        self.channels[channel] = asyncio.Queue()

    async def send(self, channel: str, message: Any) -> None:
        """To a consumer of this process only; between processes, use a group."""
        queue = self.channels.get(channel)
        if queue is None:
            raise ValueError("this channel layer sends to groups, or to a consumer in this process")
        queue.put_nowait(self.channel_layer.serialize(message))


class GroupsOnlyPubSubChannelLayer(RedisPubSubChannelLayer):
    def _get_layer(self) -> Any:
        loop = asyncio.get_running_loop()
        layer = self._layers.get(loop)
        if layer is None:
            layer = _GroupsOnlyLoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
        return layer
