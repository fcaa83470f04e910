"""Tell connected clients that something changed. The database is the source of truth: each
consumer reads what it has not sent yet, so a lost nudge costs latency, never a message.

A nudge for a new message carries its id, so a consumer that has already sent it skips the
read. A line written over a socket also carries itself, sealed with the field key (never
plain text in Redis), with the id of the message before it: a consumer whose last id is that
one sends it straight on without reading; any other consumer reads, so a gap is never skipped."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from cryptography.fernet import InvalidToken
from django.db import transaction

from baken.core.crypto import decrypt, encrypt

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


def sealed(message: Any, *, previous_id: int) -> dict[str, Any]:
    """A message as a nudge carries it: `previous` is the id of the conversation's message
    before it (read under the conversation's lock), the text is encrypted."""
    return {
        "previous": previous_id,
        "from": message.sender,
        "sealed": encrypt(message.text),
        "at": message.at.isoformat(),
    }


def unsealed(message_id: int, carried: dict[str, Any]) -> Any:
    """The carried message as an unsaved Message (for `api.message_json`), or None if malformed."""
    from baken.chat.models import Message

    try:
        return Message(
            pk=message_id,
            sender=str(carried["from"]),
            text=decrypt(str(carried["sealed"])),
            at=datetime.fromisoformat(str(carried["at"])),
        )
    except (KeyError, ValueError, InvalidToken):
        return None


def nudge_on_commit(
    *groups: str, kind: str = "changed", message_id: int | None = None, message: dict[str, Any] | None = None
) -> None:
    wanted = [g for g in groups if g]
    event: dict[str, Any] = {"type": "chat.nudge", "kind": kind}
    if message_id is not None:
        event["id"] = message_id
        if message is not None:
            event["message"] = message
    transaction.on_commit(lambda: _send(wanted, event))
