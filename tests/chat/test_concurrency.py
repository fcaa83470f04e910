"""Accept-next under real concurrency on PostgreSQL: workers pressing at the same moment never
get the same conversation. Real threads, each with its own connection (SQLite serialises all
writers, so the race cannot happen there)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from baken.chat import services
from baken.chat.models import Conversation, ConversationEvent
from baken.chat.workflow import Status
from tests.referrals.test_concurrency import run_together

from .conftest import CSG_QUEUE, start

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite allows one writer at a time, so there is no race to test",
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_workers_accepting_at_once_get_exactly_one_conversation(attempt: int, on_duty: dict[str, Any]) -> None:
    anna, bram = on_duty["anna"], on_duty["bram"]
    services.worker_sign_in(user=bram, queue_slugs=[CSG_QUEUE], capacity=2)
    only = start().conversation
    results = run_together(
        [lambda: services.conversation_accept_next(worker=anna), lambda: services.conversation_accept_next(worker=bram)]
    )
    won = [r for r in results if isinstance(r, Conversation)]
    assert len(won) == 1 and won[0].pk == only.pk
    assert results.count(None) == 1  # the other found nobody waiting
    assert ConversationEvent.objects.filter(conversation=only, to_status=Status.ACTIVE).count() == 1


def test_many_workers_many_conversations_no_conversation_twice(on_duty: dict[str, Any]) -> None:
    workers = [on_duty["anna"], on_duty["bram"]]
    services.worker_sign_in(user=on_duty["bram"], queue_slugs=[CSG_QUEUE], capacity=6)
    services.worker_sign_in(user=on_duty["anna"], queue_slugs=[CSG_QUEUE], capacity=6)
    for _ in range(6):
        start()
    jobs = [lambda w=w: services.conversation_accept_next(worker=w) for w in workers for _ in range(4)]
    results = run_together(jobs)
    taken = [r.pk for r in results if isinstance(r, Conversation)]
    assert len(taken) == len(set(taken)) == 6
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, services.ChatError)]


def test_a_message_does_not_wait_for_a_lock_on_its_queue(on_duty: dict[str, Any]) -> None:
    """A message locks its conversation only. Locking the joined queue and organisation rows
    too made every message in a queue wait for every other one and for accept-next (which
    updates the queue row), and deadlocked with it under load."""
    import threading

    from django.db import transaction

    from baken.chat.models import Message, Queue

    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    queue_locked, release = threading.Event(), threading.Event()

    def hold_the_queue() -> None:
        try:
            with transaction.atomic():
                Queue.objects.select_for_update().get(slug=CSG_QUEUE)
                queue_locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_queue)
    holder.start()
    try:
        assert queue_locked.wait(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # blocked would raise instead of hanging
        services.message_send(conversation_id=started.conversation.pk, text="Hoi")
    finally:
        release.set()
        holder.join(timeout=10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert Message.objects.filter(conversation=started.conversation, sender="visitor").count() == 1
