"""Tell connected clients that something changed. Only a nudge travels over the channel
layer (an id, never text): the database is the source of truth and each consumer reads what
it has not sent yet, so a lost nudge costs latency, never a message. A nudge for a new
message carries its id, so a consumer that has already sent it skips the read."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger("baken.chat")
Nudge = tuple[list[str], dict[str, Any]]
_held_back: ContextVar[list[Nudge] | None] = ContextVar("chat_held_back_nudges", default=None)


def conversation_group(public_id: Any) -> str:
    return f"chat.conv.{str(public_id).replace('-', '')}"


def queue_group(slug: str) -> str:
    return f"chat.queue.{slug}"


def worker_group(user_id: int) -> str:
    return f"chat.worker.{user_id}"


@contextmanager
def held_back() -> Iterator[list[Nudge]]:
    """Collect the nudges committed inside instead of sending them, for a caller on the event
    loop to `publish`: a socket's database thread then does not wait for the loop to send them."""
    nudges: list[Nudge] = []
    token = _held_back.set(nudges)
    try:
        yield nudges
    finally:
        _held_back.reset(token)


async def publish(layer: Any, nudges: list[Nudge]) -> None:
    for groups, event in nudges:
        for group in groups:
            try:
                await layer.group_send(group, event)
            except Exception:
                logger.warning("nudge not sent", extra={"event": "chat.nudge_failed"})


def _send(groups: list[str], event: dict[str, Any]) -> None:
    held = _held_back.get()
    if held is not None:
        held.append((groups, event))
        return
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
