"""WebSockets with the Channels communicator: live delivery both ways, and a reconnect after
a dropped connection receives every message exactly once (the database is the source of
truth; the socket resumes after the last id it saw)."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from baken.chat import services
from baken.chat.consumers import VisitorConsumer, WorkerConsumer
from baken.chat.models import Conversation
from tests.conftest import verified_client

from .conftest import CSG_QUEUE, start
from .test_pages import start_without_js

# Consumers reach the database from another thread, so these tests commit for real. Every
# committing test outside the browser suite restores the migrated data (roles) by serialized
# rollback; a plain flush would re-run post_migrate and break the next restore.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def visitor_socket(after: int = 0) -> WebsocketCommunicator:
    return WebsocketCommunicator(VisitorConsumer.as_asgi(), f"/ws/chat/visitor/?after={after}&lang=en")


async def drain(communicator: WebsocketCommunicator, kind: str = "message", quiet: float = 0.5) -> list[dict[str, Any]]:
    """Every frame of this kind until the socket is quiet (`receive_nothing` does not cancel the
    consumer the way a timed-out receive does)."""
    frames = []
    while not await communicator.receive_nothing(timeout=quiet):
        output = await communicator.receive_output(timeout=2)
        if output["type"] == "websocket.close":
            return frames
        frame = json.loads(output["text"])
        if frame["type"] == kind:
            frames.append(frame)
    return frames


def test_visitor_and_worker_talk_live(on_duty: dict[str, Any]) -> None:
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    worker_client = verified_client(on_duty["anna"])
    session = worker_client.session

    async def scenario() -> None:
        visitor = visitor_socket()
        connected, _ = await visitor.connect()
        assert connected
        await visitor.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        backlog = await drain(visitor)
        assert [f["text"] for f in backlog] == ["A worker has joined the chat."]

        worker = WebsocketCommunicator(WorkerConsumer.as_asgi(), f"/ws/chat/work/{conversation.public_id}/?lang=en")
        worker.scope["user"] = on_duty["anna"]
        worker.scope["session"] = session
        worker.scope["url_route"] = {"kwargs": {"public_id": str(conversation.public_id)}}
        connected, _ = await worker.connect()
        assert connected
        await drain(worker)

        await visitor.send_json_to({"type": "message", "text": "Hoi", "ref": "a"})
        ack = await visitor.receive_json_from(timeout=2)
        assert ack["type"] == "ack" and ack["ref"] == "a"
        # The visitor's own line comes back in the stream with its id: the stream is the transcript.
        assert [f["id"] for f in await drain(visitor)] == [ack["id"]]
        received = await drain(worker)
        assert [(f["from"], f["text"]) for f in received] == [("visitor", "Hoi")]

        await worker.send_json_to({"type": "message", "text": "Dag, ik ben Anna"})
        received = await drain(visitor)
        assert [(f["from"], f["text"]) for f in received] == [("worker", "Dag, ik ben Anna")]
        await visitor.disconnect()
        await worker.disconnect()

    async_to_sync(scenario)()


def test_a_reconnect_receives_every_message_once(on_duty: dict[str, Any]) -> None:
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    anna = on_duty["anna"]

    async def scenario() -> None:
        first = visitor_socket()
        await first.connect()
        await first.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        seen = await drain(first)
        await sync_to_async(services.message_send)(conversation_id=conversation.pk, text="een", by=anna)
        seen += await drain(first)
        # The connection drops; the worker keeps writing meanwhile.
        await first.disconnect()
        for text in ("twee", "drie"):
            await sync_to_async(services.message_send)(conversation_id=conversation.pk, text=text, by=anna)
        last = seen[-1]["id"]
        second = visitor_socket()
        await second.connect()
        await second.send_json_to(
            {"type": "auth", "id": str(conversation.public_id), "token": started.token, "after": last}
        )
        seen += await drain(second)
        await sync_to_async(services.message_send)(conversation_id=conversation.pk, text="vier", by=anna)
        seen += await drain(second)
        await second.disconnect()
        texts = [f["text"] for f in seen]
        assert texts == ["A worker has joined the chat.", "een", "twee", "drie", "vier"]
        ids = [f["id"] for f in seen]
        assert ids == sorted(set(ids))  # each once, in order

    async_to_sync(scenario)()


def test_a_wrong_token_closes_the_socket(on_duty: dict[str, Any]) -> None:
    start()
    conversation = Conversation.objects.get()

    async def scenario() -> None:
        socket = visitor_socket()
        await socket.connect()
        await socket.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": "wrong"})
        frame = await socket.receive_json_from(timeout=2)
        assert frame["type"] == "error" and frame["status"] == 404
        assert (await socket.receive_output(timeout=2))["type"] == "websocket.close"

    async_to_sync(scenario)()


def test_ending_tells_the_other_side(on_duty: dict[str, Any]) -> None:
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()

    async def scenario() -> None:
        socket = visitor_socket()
        await socket.connect()
        await socket.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        await drain(socket)
        await sync_to_async(services.conversation_close)(
            conversation_id=conversation.pk, worker=on_duty["anna"], outcome="information"
        )
        frames = await drain(socket, kind="ended")
        assert frames == [{"type": "ended"}]

    async_to_sync(scenario)()


def test_a_worker_socket_needs_a_verified_session_holding_the_conversation(on_duty: dict[str, Any]) -> None:
    """The socket reads its user from the session, as a page would: a verified staff session of
    the worker who holds the conversation, not older than a staff session may be."""
    import time

    from django.conf import settings

    from baken.accounts.middleware import SESSION_STARTED

    start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    anna_session = verified_client(on_duty["anna"]).session
    chris_session = verified_client(on_duty["chris"]).session
    unverified = Client()
    unverified.force_login(on_duty["anna"])
    stale = verified_client(on_duty["anna"]).session
    stale[SESSION_STARTED] = int(time.time()) - settings.STAFF_SESSION_ABSOLUTE_SECONDS - 60
    stale.save()

    async def attempt(session: Any, public_id: str = str(conversation.public_id)) -> bool:
        socket = WebsocketCommunicator(WorkerConsumer.as_asgi(), f"/ws/chat/work/{public_id}/?lang=en")
        socket.scope["user"] = on_duty["anna"]  # what an auth middleware would say: not trusted
        socket.scope["session"] = session
        socket.scope["url_route"] = {"kwargs": {"public_id": public_id}}
        connected, _ = await socket.connect()
        if connected:
            await socket.disconnect()
        return connected

    assert DEVICE_ID_SESSION_KEY not in unverified.session
    assert async_to_sync(attempt)(anna_session) is True
    assert async_to_sync(attempt)(anna_session, str(conversation.public_id).upper()) is True  # one id, any spelling
    assert async_to_sync(attempt)(anna_session, "not-a-conversation") is False
    assert async_to_sync(attempt)(chris_session) is False  # not his conversation
    assert async_to_sync(attempt)(unverified.session) is False  # no second factor
    assert async_to_sync(attempt)(stale) is False  # signed in more than 12 hours ago


def test_a_nudge_for_a_message_already_sent_skips_the_read(on_duty: dict[str, Any]) -> None:
    """A message's nudge carries its id; a socket that has sent that id already (its own line,
    read right after the ack) does not read again. A nudge for a newer id does read."""
    from channels.layers import get_channel_layer

    from baken.chat import realtime

    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    group = realtime.conversation_group(conversation.public_id)

    async def scenario() -> None:
        visitor = visitor_socket()
        await visitor.connect()
        await visitor.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        await drain(visitor)
        await visitor.send_json_to({"type": "message", "text": "Hoi", "ref": "a"})
        ack = await visitor.receive_json_from(timeout=2)
        assert [f["id"] for f in await drain(visitor)] == [ack["id"]]  # once, though its nudge came too
        # The row goes without a nudge: only a socket that reads notices it has ended.
        await sync_to_async(Conversation.objects.filter(pk=conversation.pk).delete)()
        layer = get_channel_layer()
        await layer.group_send(group, {"type": "chat.nudge", "kind": "message", "id": ack["id"]})
        assert await drain(visitor, kind="ended") == []  # no read
        await layer.group_send(group, {"type": "chat.nudge", "kind": "message", "id": ack["id"] + 1})
        assert await drain(visitor, kind="ended") == [{"type": "ended"}]  # read: gone

    async_to_sync(scenario)()


def test_a_line_rides_with_its_nudge_only_to_a_socket_with_nothing_missing(on_duty: dict[str, Any]) -> None:
    """A line written over a socket reaches the other side from the nudge itself (sealed, with
    the id before it). A socket whose last id is not that predecessor reads the database, so a
    line whose nudge it missed is never skipped."""
    from channels.layers import get_channel_layer
    from django.utils import timezone

    from baken.chat import realtime
    from baken.chat.models import Message

    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    group = realtime.conversation_group(conversation.public_id)
    worker_client = verified_client(on_duty["anna"])

    async def scenario() -> None:
        visitor = visitor_socket()
        await visitor.connect()
        await visitor.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        await drain(visitor)
        worker = WebsocketCommunicator(WorkerConsumer.as_asgi(), f"/ws/chat/work/{conversation.public_id}/?lang=en")
        worker.scope.update(
            user=on_duty["anna"],
            session=worker_client.session,
            url_route={"kwargs": {"public_id": str(conversation.public_id)}},
        )
        await worker.connect()
        seen = await drain(worker)
        last = seen[-1]["id"]

        # A real line: the worker gets it with the sender's text and time.
        await visitor.send_json_to({"type": "message", "text": "Is er iemand?", "ref": "a"})
        ack = await visitor.receive_json_from(timeout=2)
        assert [(f["id"], f["text"]) for f in await drain(worker)] == [(ack["id"], "Is er iemand?")]
        last = ack["id"]

        # From here the row is gone without a nudge: only a socket that reads notices.
        await sync_to_async(Conversation.objects.filter(pk=conversation.pk).delete)()
        layer = get_channel_layer()
        line = Message(sender="visitor", text="Hallo?", at=timezone.now())
        carried = realtime.sealed(line, previous_id=last)
        assert "Hallo?" not in json.dumps(carried)  # sealed: no plain text in Redis
        await layer.group_send(group, {"type": "chat.nudge", "kind": "message", "id": last + 5, "message": carried})
        assert [(f["id"], f["text"]) for f in await drain(worker)] == [(last + 5, "Hallo?")]  # no read

        gap = realtime.sealed(line, previous_id=last + 6)  # the worker never had last + 6
        await layer.group_send(group, {"type": "chat.nudge", "kind": "message", "id": last + 7, "message": gap})
        assert await drain(worker, kind="ended") == [{"type": "ended"}]  # it read, and found the end

    async_to_sync(scenario)()


def test_a_line_sent_again_after_a_lost_ack_arrives_once(on_duty: dict[str, Any]) -> None:
    """The socket drops after the line was stored but before the ack arrived; the client sends
    it again with the same ref on a new socket, gets the same id, and the worker reads it once."""
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    auth = {"type": "auth", "id": str(conversation.public_id), "token": started.token}

    async def scenario() -> None:
        first = visitor_socket()
        await first.connect()
        await first.send_json_to(auth)
        seen = await drain(first)
        await first.send_json_to({"type": "message", "text": "Hoi", "ref": "line-1"})
        stored = await first.receive_json_from(timeout=2)
        await first.disconnect()  # as if the ack had not arrived
        second = visitor_socket()
        await second.connect()
        await second.send_json_to({**auth, "after": seen[-1]["id"]})
        await second.send_json_to({"type": "message", "text": "Hoi", "ref": "line-1"})
        frames = await drain(second, kind="ack") + await drain(second)
        await second.disconnect()
        assert frames[0]["id"] == stored["id"]

    async_to_sync(scenario)()
    assert Conversation.objects.get().messages.filter(sender="visitor").count() == 1


def page_socket(client: Client | None) -> WebsocketCommunicator:
    """The visitor's socket as the page opens it: the session cookie, no token."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    socket = visitor_socket()
    session = client.session if client is not None else SessionStore()
    socket.scope["session"] = session
    socket.scope["cookies"] = {settings.SESSION_COOKIE_NAME: session.session_key or ""} if client else {}
    return socket


def test_the_page_socket_opens_the_sessions_own_conversation(on_duty: dict[str, Any]) -> None:
    """The page's socket has no token: the session grant of the page that started the chat is
    its key, the same as the no-JS page's. A session without a grant, or no session cookie at
    all, opens nothing until it authenticates with a first frame."""
    visitor = Client()
    start_without_js(visitor)
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    stranger = Client()
    stranger.get(f"/chat/{CSG_QUEUE}/")  # a session of its own, without a grant

    own, others = page_socket(visitor), [page_socket(stranger), page_socket(None)]

    async def scenario() -> None:
        assert (await own.connect())[0]
        assert [f["text"] for f in await drain(own)] == ["A worker has joined the chat."]
        await own.send_json_to({"type": "message", "text": "Hoi", "ref": "p"})
        assert (await own.receive_json_from(timeout=2))["type"] == "ack"
        await own.disconnect()

        for socket in others:
            assert (await socket.connect())[0]
            assert await socket.receive_nothing(timeout=0.5)
            await socket.send_json_to({"type": "message", "text": "Hallo?", "ref": "q"})
            assert (await socket.receive_output(timeout=2))["type"] == "websocket.close"

    async_to_sync(scenario)()
    assert list(conversation.messages.filter(sender="visitor").values_list("text", flat=True)) == ["Hoi"]


def test_a_line_is_not_held_up_by_sockets_opening(on_duty: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """When a server process dies, its sockets all reconnect to the others at once. Opening a
    socket has a thread pool of its own, so the lines of sockets already open do not wait
    behind that queue (docs/benchmarks.md: the second after a kill)."""
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation = Conversation.objects.get()
    opens_may_go = threading.Event()
    opening = VisitorConsumer._opened

    def slow_open(self: VisitorConsumer, *args: Any) -> Any:
        opens_may_go.wait(10)
        return opening(self, *args)

    async def scenario() -> None:
        visitor = visitor_socket()
        await visitor.connect()
        await visitor.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        await drain(visitor)
        monkeypatch.setattr(VisitorConsumer, "_opened", slow_open)
        # More sockets opening at once than the process has database threads in all.
        storm = [visitor_socket() for _ in range(10)]
        for late in storm:
            await late.connect()
            await late.send_json_to({"type": "auth", "id": str(conversation.public_id), "token": started.token})
        try:
            await visitor.send_json_to({"type": "message", "text": "Ben je er nog?", "ref": "r"})
            ack = await visitor.receive_json_from(timeout=3)
            assert ack["type"] == "ack" and ack["ref"] == "r"
            assert await storm[0].receive_nothing(timeout=0.2)  # still opening
        finally:
            opens_may_go.set()
        for late in storm:
            assert [f["text"] for f in await drain(late, quiet=0.2)][-1] == "Ben je er nog?"
            await late.disconnect()
        await visitor.disconnect()

    async_to_sync(scenario)()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: Django never closes the in-memory SQLite database of the tests",
)
def test_the_sockets_threads_keep_their_database_connection_where_requests_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """App nodes connect per request (`DATABASE_CONN_MAX_AGE=0`, docs/deploy.md). The sockets'
    pool threads live as long as the process and keep theirs: a line, or a socket reopening
    after a process died, does not open a database connection."""
    from baken.chat import consumers

    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)

    def used() -> tuple[int, Any]:
        from django.db import connection

        connection.ensure_connection()
        return threading.get_ident(), connection.connection

    async def lines() -> list[tuple[int, Any]]:
        return [await consumers.database_sync_to_async(used, opening=opening)() for opening in [False, True] * 8]

    seen: dict[int, set[int]] = {}
    for thread, raw in async_to_sync(lines)():  # the raw connections stay referenced: ids are unique
        seen.setdefault(thread, set()).add(id(raw))
    assert seen and all(len(connections) == 1 for connections in seen.values())
