"""WebSockets for the chat. The database is the source of truth: a consumer remembers the
last message id it sent and, on every nudge from the channel layer (or a reconnect with
`after`), sends what came after it, in id order. So a dropped connection, a lost nudge or a
restarted server process costs a moment, never a message, and nothing arrives twice.

A nudge for a new message carries its id: a consumer that has already sent that id (the
sender's own socket, right after its ack) skips the read. A line written over a socket rides
along, sealed, with the id before it; a consumer at exactly that id sends it on without
reading (realtime.py). The sender's socket writes and reads in one trip to the database
thread pool.

Visitor: `/ws/chat/visitor/` with the conversation from the session (the no-JS page's
session) or, for API clients, a first frame `{"type": "auth", "id", "token", "after"}`.
A line is `{"type": "message", "text", "ref"}`; the answer is `{"type": "ack", "id", "ref"}`.
A client that lost the ack (a dropped socket) sends the line again with the same `ref` and
gets the same id: the line is stored once.
Worker: `/ws/chat/work/<id>/`, a verified staff session holding the conversation.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import SyncToAsync
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import close_old_connections, connections

from baken.chat import api, realtime, selectors, services
from baken.chat.models import MAX_REF

CLOSE_NOT_FOUND = 4404


def _threads() -> int:
    raw = os.environ.get("BAKEN_CHAT_DB_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else DB_THREADS


DB_THREADS = 6
# The sockets' own pool for their database work (each thread keeps one database connection).
_executor = ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="chat-db")


OPEN_THREADS = 2
# Opening a socket (finding its conversation, reading the backlog) has a pool of its own: when a
# process dies, its sockets all reconnect to the others at once, and their opens must not queue
# ahead of the lines that connected sockets are sending.
_open_executor = ThreadPoolExecutor(max_workers=OPEN_THREADS, thread_name_prefix="chat-open")


POOL_CONNECTION_SECONDS = 600


class _PoolSyncToAsync(SyncToAsync):
    """Like Channels' `DatabaseSyncToAsync` (old connections closed around each call), for the
    sockets' own pools. Their threads live as long as the process, so each keeps its database
    connection even where app nodes connect per request (`DATABASE_CONN_MAX_AGE=0`,
    docs/deploy.md: that is for Django's thread per request, whose connection would be left
    behind). A new connection per line would cost more than the line, and a reconnect storm
    would open one per socket."""

    def thread_handler(self, loop: Any, *args: Any, **kwargs: Any) -> Any:
        close_old_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _keep_pool_connections()
            close_old_connections()  # still closes one that failed or outlived POOL_CONNECTION_SECONDS


def _keep_pool_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.settings_dict["CONN_MAX_AGE"] != 0 or connection.connection is None:
            continue  # a lifetime of its own (Django ends it), or nothing open
        if getattr(connection, "_pool_kept", None) is not connection.connection:  # opened in this job
            connection._pool_kept = connection.connection  # type: ignore[attr-defined]
            connection.close_at = time.monotonic() + POOL_CONNECTION_SECONDS


def database_sync_to_async(func: Any, *, opening: bool = False) -> Any:
    """In a thread pool: Channels' default runs every consumer's queries on one thread per
    process, one after another."""
    return _PoolSyncToAsync(func, thread_sensitive=False, executor=_open_executor if opening else _executor)


class _ConversationConsumer(AsyncJsonWebsocketConsumer):
    conversation_pk: int | None = None
    group: str = ""
    last_id: int = 0
    last_status: tuple[Any, ...] | None = None
    last_proposal: str = ""

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' dispatch without its `aclose_old_connections()` before every handler: that
        runs on the process's one thread for sync code (shared with every HTTP view), so each
        frame and each nudge of every socket queued there first. These handlers reach the
        database only through `database_sync_to_async`, which closes old connections around
        each call on the thread that holds them."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def _initial_after(self) -> int:
        raw = parse_qs(self.scope.get("query_string", b"").decode()).get("after", ["0"])[0]
        return int(raw) if raw.isdigit() and len(raw) < 18 else 0

    async def _open(self, public_id: str | None, find: Callable[[], Any], after: int) -> dict[str, Any] | None:
        """Subscribe to the conversation's nudges, then in one trip to the thread pool read what
        the client has not seen and find the conversation (`find` decides who may see it; it must
        read the row, not hand back one read before). Subscribed first: a line committed after
        the read has its nudge waiting here (a consumer handles one event at a time). None, and
        unsubscribed, when it is not theirs to see."""
        if public_id is None:
            return None
        self.group = realtime.conversation_group(public_id)
        self._lock = asyncio.Lock()
        await self.channel_layer.group_add(self.group, self.channel_name)
        state = await database_sync_to_async(self._opened, opening=True)(public_id, find, after)
        if state is None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group, self.conversation_pk = "", None
        return state

    def _opened(self, public_id: str, find: Callable[[], Any], after: int) -> dict[str, Any] | None:
        # The backlog before the row, as in `_state`; it is only sent if `find` allows it.
        messages = selectors.messages_after_public_id(public_id, after)
        conversation = find()
        if conversation is None or not self._still_allowed(conversation):
            return None
        self.conversation_pk = conversation.pk
        self.last_id = after
        return self._state_json(conversation, messages)

    async def _deliver_first(self, state: dict[str, Any]) -> None:
        async with self._lock:
            await self._deliver(state)

    def _state(self) -> dict[str, Any] | None:
        from baken.chat.models import Conversation

        if self.conversation_pk is None:
            return None
        # Messages before the conversation row: whatever committed with a message we send here
        # (a proposal, a status) is then in the row we read, so skipping a later nudge for an
        # id we already sent never skips a change.
        messages = selectors.messages_after_id(self.conversation_pk, self.last_id)
        # No ORDER BY (`first()` would order by the model's queued_at, id, compiled every time).
        row = Conversation.objects.only(*services.SOCKET_FIELDS).filter(pk=self.conversation_pk)
        conversation = selectors.first(row)
        if conversation is None or not self._still_allowed(conversation):
            return None
        return self._state_json(conversation, messages)

    def _state_json(self, conversation: Any, messages: list[Any]) -> dict[str, Any]:
        from django.utils import translation

        with translation.override(self._language()):
            return api.state_json(conversation, messages=messages)

    def _still_allowed(self, conversation: Any) -> bool:
        return True

    def _language(self) -> str:
        from django.conf import settings

        raw = parse_qs(self.scope.get("query_string", b"").decode()).get("lang", [""])[0]
        return raw if raw in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    async def _flush(self, upto: int | None = None) -> None:
        async with self._lock:
            if upto is not None and upto <= self.last_id:
                return  # already sent (by the flush after this socket's own send, or an earlier nudge)
            state = await database_sync_to_async(self._state)()
            await self._deliver(state)

    async def _deliver(self, state: dict[str, Any] | None) -> None:
        """Send what is new in this state; called with `_lock` held."""
        if state is None:
            await self.send_json({"type": "ended"})
            await self.close(code=CLOSE_NOT_FOUND)
            return
        for message in state["messages"]:
            if message["id"] > self.last_id:
                await self.send_json({"type": "message", **message})
                self.last_id = message["id"]
        proposal = state.get("proposal")
        proposal_id = proposal["id"] if proposal else ""
        if proposal_id != self.last_proposal:
            # The first flush sends it too: a reconnecting page compares with what it shows.
            self.last_proposal = proposal_id
            await self.send_json({"type": "proposal", "proposal": proposal})
        status = (state["status"], state["position"], state["estimated_wait_seconds"])
        if status != self.last_status:
            self.last_status = status
            await self.send_json(
                {
                    "type": "status",
                    "status": state["status"],
                    "position": state["position"],
                    "estimated_wait_seconds": state["estimated_wait_seconds"],
                }
            )

    async def chat_nudge(self, event: dict[str, Any]) -> None:
        if self.conversation_pk is None:
            return
        upto = event.get("id")
        upto = upto if isinstance(upto, int) else None
        carried = event.get("message")
        if upto is not None and isinstance(carried, dict):
            async with self._lock:
                if upto <= self.last_id:
                    return
                if carried.get("previous") == self.last_id and await self._send_carried(upto, carried):
                    return
        await self._flush(upto)

    async def _send_carried(self, message_id: int, carried: dict[str, Any]) -> bool:
        """Send a line the nudge carried, without reading; called with `_lock` held, only when
        this socket's last id is the line's predecessor (nothing can be missing in between)."""
        from django.utils import translation

        message = realtime.unsealed(message_id, carried)
        if message is None:
            return False
        with translation.override(self._language()):
            frame = api.message_json(message)
        await self.send_json({"type": "message", **frame})
        self.last_id = message_id
        return True

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    def _sender(self) -> Any:
        """The worker for `message_send`, None for the visitor."""
        return None

    def _send_and_read(self, text: Any, ref: str) -> tuple[int, dict[str, Any] | None, list[realtime.Nudge]]:
        """Write the line and read what is new (the line itself included) in one transaction
        and one trip to the thread pool: the nudge for it then finds this socket up to date. The
        nudge is returned, not sent, so the thread does not wait for the event loop to send it."""
        assert self.conversation_pk is not None
        with realtime.held_back() as nudges:
            message, conversation, messages = services.message_send_and_read(
                conversation_id=self.conversation_pk, text=text, by=self._sender(), ref=ref, after=self.last_id
            )
        if not self._still_allowed(conversation):
            return message.pk, None, nudges
        return message.pk, self._state_json(conversation, messages), nudges

    async def _receive_text(self, content: dict[str, Any]) -> None:
        ref = content.get("ref")
        ref = ref if isinstance(ref, str) and len(ref) <= MAX_REF else ""
        async with self._lock:
            try:
                message_id, state, nudges = await database_sync_to_async(self._send_and_read)(content.get("text"), ref)
            except services.ChatError as error:
                await self.send_json({"type": "error", "status": error.status, "message": str(error.message)})
                if error.status == 404:
                    await self.close(code=CLOSE_NOT_FOUND)
                return
            await realtime.publish(self.channel_layer, nudges)
            await self.send_json({"type": "ack", "id": message_id, "ref": content.get("ref")})
            await self._deliver(state)


class VisitorConsumer(_ConversationConsumer):
    def _granted_id(self) -> str | None:
        from baken.chat.views import SCOPE
        from baken.core import access

        # The page's session grant (the kernel's one policy); the socket reads it like a request.
        granted = access.granted_id(SimpleNamespace(session=self.scope["session"]), scope=SCOPE)  # type: ignore[arg-type]
        return selectors.canonical_public_id(granted) if granted else None

    async def connect(self) -> None:
        from django.conf import settings

        await self.accept()
        if settings.SESSION_COOKIE_NAME not in self.scope.get("cookies", {}) or "session" not in self.scope:
            return  # no page session to read (an API client authenticates with its first frame)
        public_id = await database_sync_to_async(self._granted_id, opening=True)()
        state = await self._open(
            public_id,
            lambda: selectors.conversation_for_grant(public_id=public_id, fields=services.SOCKET_FIELDS),
            self._initial_after(),
        )
        if state is not None:
            await self._deliver_first(state)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        if kind == "auth" and self.conversation_pk is None:
            public_id = selectors.canonical_public_id(content.get("id"))
            token = str(content.get("token") or "")
            after = content.get("after")
            state = await self._open(
                public_id,
                lambda: selectors.conversation_for_visitor(
                    public_id=public_id, token=token, fields=services.SOCKET_FIELDS
                ),
                after if isinstance(after, int) and after >= 0 else 0,
            )
            if state is None:
                await self.send_json({"type": "error", "status": 404, "message": api.NOT_FOUND})
                await self.close(code=CLOSE_NOT_FOUND)
                return
            await self._deliver_first(state)
            return
        if self.conversation_pk is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        if kind == "message":
            await self._receive_text(content)


class WorkerConsumer(_ConversationConsumer):
    user: Any = None

    def _worker_conversation(self) -> Any:
        """The conversation, if the session is a verified staff session, not older than staff
        sessions may be, of a worker who may handle chats and holds this one. The user is read
        here, in the same trip to the pool, not by Channels' auth middleware on the process's
        one thread for sync code (a restarted process's workers all reconnect at once)."""
        from django.conf import settings
        from django.contrib.auth import get_user
        from django_otp import DEVICE_ID_SESSION_KEY

        from baken.accounts.middleware import SESSION_STARTED

        session = self.scope.get("session")
        if session is None or not session.get(DEVICE_ID_SESSION_KEY):
            return None
        if time.time() - session.get(SESSION_STARTED, 0) > settings.STAFF_SESSION_ABSOLUTE_SECONDS:
            return None
        user = get_user(SimpleNamespace(session=session))  # type: ignore[arg-type]
        if not user.is_authenticated or not user.has_perm("chat.handle_conversation"):
            return None
        self.user = user
        public_id = self.scope["url_route"]["kwargs"]["public_id"]
        return selectors.conversation_for_worker(user=user, public_id=public_id, fields=services.SOCKET_FIELDS)

    def _still_allowed(self, conversation: Any) -> bool:
        return self.user is not None and conversation.worker_id == self.user.pk

    async def connect(self) -> None:
        public_id = selectors.canonical_public_id(self.scope["url_route"]["kwargs"]["public_id"])
        state = await self._open(public_id, self._worker_conversation, self._initial_after())
        if state is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.accept()
        await self._deliver_first(state)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "message":
            await self._receive_text(content)

    def _sender(self) -> Any:
        return self.user
