"""Tell connected clients that something changed. Only a nudge travels over the channel
layer (an id, never text): the database is the source of truth and each consumer reads what
it has not sent yet, so a lost nudge costs latency, never a message. A nudge for a new
message carries its id, so a consumer that has already sent it skips the read."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("baken.chat")


def conversation_group(public_id: Any) -> str:
    return f"chat.conv.{str(public_id).replace('-', '')}"


def queue_group(slug: str) -> str:
    return f"chat.queue.{slug}"


def worker_group(user_id: int) -> str:
    return f"chat.worker.{user_id}"


def _send(groups: list[str], event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group in groups:
        try:
            async_to_sync(layer.group_send)(group, event)
        except Exception:
            # Clients still poll or resume from the database; a nudge is an optimisation.
            logger.warning("nudge not sent", extra={"event": "chat.nudge_failed"})


def nudge_on_commit(*groups: str, kind: str = "changed", message_id: int | None = None) -> None:
    wanted = [g for g in groups if g]
    event: dict[str, Any] = {"type": "chat.nudge", "kind": kind}
    if message_id is not None:
        event["id"] = message_id
    transaction.on_commit(lambda: _send(wanted, event))
