"""The front door's rules, through its services: who can start, accept-next, transfer,
handover, phone calls, deletion at the end, blocks and the anonymous counters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone, translation

from baken.audit.models import AuditEvent
from baken.chat import selectors, services
from baken.chat.models import Block, Conversation, HourlyCount, Message
from baken.chat.workflow import Status
from baken.directory.models import Channel
from baken.referrals.models import Referral

from .conftest import ANSWERS, CSG_QUEUE, VT_QUEUE, start

pytestmark = pytest.mark.django_db


def test_a_queue_without_a_signed_in_worker_refuses_and_shows_what_is_open(personas: dict[str, Any]) -> None:
    with pytest.raises(services.ChatError) as caught:
        start()
    assert caught.value.status == 409
    assert caught.value.field == "queue"
    open_now = caught.value.open_now
    # The Veilig Thuis chat (24/7 in the fixture) is open by its hours; the refused queue is not listed.
    assert any(item["organisation"] == "veilig-thuis" for item in open_now)
    assert not any(c["queue"] == CSG_QUEUE for item in open_now for c in item["channels"])


def test_a_queue_outside_its_hours_refuses_even_with_a_worker(on_duty: dict[str, Any]) -> None:
    Channel.objects.filter(queue=CSG_QUEUE).update(opening_hours="Mo-Su 00:00-00:01")
    with pytest.raises(services.ChatError) as caught:
        services.conversation_start(
            queue_slug=CSG_QUEUE, share_answers=False, answers={}, now=timezone.now().replace(hour=12)
        )
    assert caught.value.status == 409


def test_unknown_queue_names_the_field_and_the_valid_values(on_duty: dict[str, Any]) -> None:
    with pytest.raises(services.ChatError) as caught:
        services.conversation_start(queue_slug="nope", share_answers=False, answers={})
    assert caught.value.field == "queue" and caught.value.status == 400
    assert caught.value.valid_values == [CSG_QUEUE, VT_QUEUE]


def test_answers_are_kept_only_when_the_visitor_shares_them(on_duty: dict[str, Any]) -> None:
    kept = start(share=True).conversation
    not_kept = start(share=False).conversation
    assert Conversation.objects.get(pk=kept.pk).answers == ANSWERS
    assert Conversation.objects.get(pk=not_kept.pk).answers == {}


def test_messages_are_encrypted_at_rest(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.message_send(conversation_id=conversation.pk, text="Ik durf het niet te zeggen")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM chat_message")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT answers FROM chat_conversation")
        answers = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("fernet:") for value in stored)
    assert "durf" not in " ".join(stored)
    assert all(value.startswith("fernet:") and "victim" not in value for value in answers)


def test_a_line_sent_again_with_its_ref_is_stored_once(
    on_duty: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation_id = started.conversation.pk
    first = services.message_send(conversation_id=conversation_id, text="Hoi", ref="r1")
    with django_capture_on_commit_callbacks() as nudges:
        again = services.message_send(conversation_id=conversation_id, text="Hoi", ref="r1")  # the ack was lost
    assert len(nudges) == 1  # told again: the first nudge may have died with its process
    other = services.message_send(conversation_id=conversation_id, text="Hoi", ref="r2")
    worker = services.message_send(conversation_id=conversation_id, text="Dag", by=on_duty["anna"], ref="r1")
    assert again.pk == first.pk
    assert len({first.pk, other.pk, worker.pk}) == 3  # another ref, or the other side's, is another line
    assert Message.objects.filter(conversation_id=conversation_id, sender="visitor").count() == 2


def test_a_socket_send_reads_what_came_after_in_the_same_transaction(
    on_duty: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    """The socket's one trip: the line, and everything after the id it last sent up to and
    including this line, in order; a resend answers with the stored line and no new one."""
    started = start()
    services.conversation_accept_next(worker=on_duty["anna"])
    conversation_id = started.conversation.pk
    joined = Message.objects.get(conversation_id=conversation_id)  # "a worker has joined"
    hello = services.message_send(conversation_id=conversation_id, text="Hoi", by=on_duty["anna"])
    # savepoint or transaction, lock, one read (the ref and what is new), insert, update, release
    with django_assert_max_num_queries(6):
        line, conversation, messages = services.message_send_and_read(
            conversation_id=conversation_id, text="Dag", ref="r1", after=joined.pk
        )
    assert [m.pk for m in messages] == [hello.pk, line.pk]
    assert [m.text for m in messages] == ["Hoi", "Dag"]
    assert conversation.status == Status.ACTIVE
    again, _conversation, messages = services.message_send_and_read(
        conversation_id=conversation_id, text="Dag", ref="r1", after=hello.pk
    )
    assert again.pk == line.pk
    assert [m.pk for m in messages] == [line.pk]  # after `after`: the stored line, once
    _again, _conversation, messages = services.message_send_and_read(
        conversation_id=conversation_id, text="Dag", ref="r1", after=line.pk
    )
    assert messages == []
    assert Message.objects.filter(conversation_id=conversation_id, sender="visitor").count() == 1
    with pytest.raises(services.ChatError):
        services.message_send_and_read(conversation_id=conversation_id, text="Dag", by=on_duty["chris"], after=0)


def test_accept_next_gives_the_longest_waiting_and_respects_capacity(on_duty: dict[str, Any]) -> None:
    anna = on_duty["anna"]
    first, second, third = (start().conversation for _ in range(3))
    assert services.conversation_accept_next(worker=anna).pk == first.pk
    assert services.conversation_accept_next(worker=anna).pk == second.pk
    with pytest.raises(services.ChatError) as caught:
        services.conversation_accept_next(worker=anna)  # capacity 2
    assert caught.value.field == "capacity"
    assert Conversation.objects.get(pk=third.pk).status == Status.WAITING
    # A worker of another organisation's queue never gets this queue's conversations.
    assert services.conversation_accept_next(worker=on_duty["chris"]) is None


def test_position_and_estimate_come_from_the_queue(on_duty: dict[str, Any]) -> None:
    start()
    second = start().conversation
    assert selectors.position_and_estimate(second) == (2, None)  # no history yet: no estimate
    services.conversation_accept_next(worker=on_duty["anna"])
    second.refresh_from_db()
    position, estimate = selectors.position_and_estimate(Conversation.objects.select_related("queue").get(pk=second.pk))
    assert position == 1 and estimate is not None


def test_ending_deletes_the_transcript_and_counts_without_content(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    services.message_send(conversation_id=conversation.pk, text="hallo")
    services.conversation_close(conversation_id=conversation.pk, worker=on_duty["anna"], outcome="recommended")
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not Message.objects.exists()
    cells = {(c.metric, c.outcome): c.count for c in HourlyCount.objects.filter(queue_slug=CSG_QUEUE)}
    assert cells == {("offered", ""): 1, ("answered", ""): 1, ("outcome", "recommended"): 1}
    actions = list(
        AuditEvent.objects.filter(target_type="chat.conversation").order_by("id").values_list("action", flat=True)
    )
    assert actions == ["chat.conversation_started", "chat.conversation_accepted", "chat.conversation_ended"]


def test_an_outcome_is_a_code_never_text(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    with pytest.raises(services.ChatError) as caught:
        services.conversation_close(conversation_id=conversation.pk, worker=on_duty["anna"], outcome="Jan (16) uit Ede")
    assert caught.value.field == "outcome" and "recommended" in caught.value.valid_values


def test_leaving_while_waiting_counts_as_abandoned(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.conversation_end_by_visitor(conversation_id=conversation.pk)
    assert not Conversation.objects.exists()
    assert HourlyCount.objects.get(metric="abandoned").count == 1


def _proposed(on_duty: dict[str, Any], *, kind: str = "transfer", target: str = VT_QUEUE, **extra: Any) -> Any:
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    services.message_send(conversation_id=conversation.pk, text="Het gebeurt thuis")
    proposal = services.conversation_propose(
        conversation_id=conversation.pk, worker=on_duty["anna"], kind=kind, target=target, **extra
    )
    return conversation, proposal


def test_a_worker_cannot_transfer_or_hand_over_a_chat_by_ticking_consent(on_duty: dict[str, Any]) -> None:
    anna = on_duty["anna"]
    conversation = start().conversation
    services.conversation_accept_next(worker=anna)
    with pytest.raises(services.ChatError) as caught:
        services.conversation_transfer(
            conversation_id=conversation.pk, worker=anna, queue_slug=VT_QUEUE, consent=True, transcript_travels=True
        )
    assert caught.value.field == "consent"
    with pytest.raises(services.ChatError):
        services.conversation_handover(
            conversation_id=conversation.pk,
            worker=anna,
            organisation_slug="veilig-thuis",
            consent=True,
            passphrase="blue kettle on the hill",
            include_transcript=True,
        )
    assert Conversation.objects.get(pk=conversation.pk).queue.slug == CSG_QUEUE
    assert not Referral.objects.exists()


def test_a_proposal_moves_nothing_until_the_visitor_says_yes(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty)
    held = Conversation.objects.get(pk=conversation.pk)
    assert held.queue.slug == CSG_QUEUE and held.status == Status.ACTIVE
    assert held.proposal["id"] == proposal["id"]
    assert [e.actor_kind for e in held.events.all()][-1] == "worker"
    assert AuditEvent.objects.filter(action="chat.conversation_proposed").count() == 1


def test_transfer_on_the_visitors_yes_carries_the_answers_and_only_an_allowed_transcript(
    on_duty: dict[str, Any],
) -> None:
    conversation, proposal = _proposed(on_duty)
    done = services.conversation_consent(
        conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True, transcript=False
    )
    assert done.accepted and done.kind == "transfer"
    moved = Conversation.objects.get(pk=conversation.pk)
    assert moved.queue.slug == VT_QUEUE and moved.status == Status.WAITING and moved.worker is None
    assert moved.answers == ANSWERS and moved.proposal == {}
    assert [m.sender for m in moved.messages.all()] == ["system"]  # the transcript stayed behind
    last = moved.events.last()
    assert (last.from_status, last.to_status, last.actor_kind) == ("active", "waiting", "visitor")
    assert AuditEvent.objects.filter(action="chat.conversation_proposal_accepted").count() == 1
    assert AuditEvent.objects.get(action="chat.conversation_transferred").actor_label in ("visitor", "")
    assert services.conversation_accept_next(worker=on_duty["chris"]).pk == conversation.pk


def test_transfer_with_the_visitors_transcript_yes_keeps_it(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty)
    services.conversation_consent(
        conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True, transcript=True
    )
    assert "Het gebeurt thuis" in [m.text for m in Message.objects.filter(conversation_id=conversation.pk)]


def test_the_visitors_no_sends_nothing_and_the_chat_goes_on(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty)
    done = services.conversation_consent(
        conversation_id=conversation.pk, proposal_id=proposal["id"], accept=False, transcript=True
    )
    assert not done.accepted
    held = Conversation.objects.get(pk=conversation.pk)
    assert held.queue.slug == CSG_QUEUE and held.status == Status.ACTIVE and held.proposal == {}
    assert "Het gebeurt thuis" in [m.text for m in held.messages.all()]
    assert AuditEvent.objects.filter(action="chat.conversation_proposal_declined").count() == 1
    # The answered question is closed: a late yes changes nothing.
    with pytest.raises(services.ChatError) as caught:
        services.conversation_consent(conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True)
    assert caught.value.field == "proposal" and caught.value.status == 409


def test_consent_names_the_bad_field(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty)
    with pytest.raises(services.ChatError) as caught:
        services.conversation_consent(conversation_id=conversation.pk, proposal_id=proposal["id"], accept="ja")
    assert caught.value.field == "accept"
    with pytest.raises(services.ChatError) as caught:
        services.conversation_consent(conversation_id=conversation.pk, proposal_id="other", accept=True)
    assert caught.value.field == "proposal"
    with pytest.raises(services.ChatError) as caught:
        services.conversation_propose(
            conversation_id=conversation.pk, worker=on_duty["anna"], kind="teleport", target=VT_QUEUE
        )
    assert caught.value.field == "kind"
    with pytest.raises(services.ChatError) as caught:
        services.conversation_propose(
            conversation_id=conversation.pk, worker=on_duty["anna"], kind="handover", target="nowhere"
        )
    assert caught.value.field == "organisation"


PASSPHRASE = "blue kettle on the hill"


def test_the_worker_proposes_a_handover_without_a_passphrase(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    assert "passphrase" not in proposal
    assert "passphrase" not in Conversation.objects.get(pk=conversation.pk).proposal
    with pytest.raises(TypeError):
        services.conversation_propose(
            conversation_id=conversation.pk,
            worker=on_duty["anna"],
            kind="handover",
            target="veilig-thuis",
            passphrase=PASSPHRASE,
        )


@pytest.mark.parametrize("passphrase", [None, "", "short", 12345678, "x" * 201])
def test_a_yes_to_a_handover_needs_the_visitors_own_passphrase(on_duty: dict[str, Any], passphrase: Any) -> None:
    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    with pytest.raises(services.ChatError) as caught:
        services.conversation_consent(
            conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True, passphrase=passphrase
        )
    assert caught.value.field == "passphrase" and caught.value.status == 400
    assert not Referral.objects.exists()
    assert Conversation.objects.get(pk=conversation.pk).proposal["id"] == proposal["id"]  # still open
    assert not AuditEvent.objects.filter(action="chat.conversation_proposal_accepted").exists()


def test_a_no_to_a_handover_needs_no_passphrase(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    done = services.conversation_consent(conversation_id=conversation.pk, proposal_id=proposal["id"], accept=False)
    assert not done.accepted and not Referral.objects.exists()


def test_the_visitors_passphrase_opens_the_handover_and_is_kept_nowhere_else(
    on_duty: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    from baken.core import access

    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    caplog.set_level("DEBUG")
    done = services.conversation_consent(
        conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True, passphrase=PASSPHRASE
    )
    referral = Referral.objects.get()
    assert access.passphrase_matches(PASSPHRASE, referral.passphrase_hash)
    assert PASSPHRASE not in referral.passphrase_hash
    held = Conversation.objects.get(pk=conversation.pk)
    assert held.proposal == {}
    assert not [m for m in held.messages.all() if PASSPHRASE in m.text or PASSPHRASE in m.display_text]
    assert PASSPHRASE not in referral.story
    for event in AuditEvent.objects.all():
        assert PASSPHRASE not in str(event.data)
    assert PASSPHRASE not in caplog.text
    assert done.code == referral.code


def test_warm_handover_on_the_visitors_yes_makes_a_referral(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    assert not Referral.objects.exists()
    done = services.conversation_consent(
        conversation_id=conversation.pk,
        proposal_id=proposal["id"],
        accept=True,
        transcript=True,
        passphrase=PASSPHRASE,
    )
    referral = Referral.objects.get()
    assert referral.organisation.slug == "veilig-thuis"
    assert referral.answers == ANSWERS and "Het gebeurt thuis" in referral.story
    assert referral.code == done.code
    # The visitor sees the code in the chat, which goes on.
    assert done.code in Message.objects.filter(conversation_id=conversation.pk).last().display_text
    assert Conversation.objects.get(pk=conversation.pk).status == Status.ACTIVE


def test_warm_handover_without_the_transcript_yes_sends_no_story(on_duty: dict[str, Any]) -> None:
    conversation, proposal = _proposed(on_duty, kind="handover", target="veilig-thuis")
    services.conversation_consent(
        conversation_id=conversation.pk, proposal_id=proposal["id"], accept=True, passphrase=PASSPHRASE
    )
    assert Referral.objects.get().story == ""


def test_a_phone_call_gets_answers_recommendations_and_a_handover(on_duty: dict[str, Any]) -> None:
    anna = on_duty["anna"]
    call = services.phone_call_record(worker=anna, queue_slug=CSG_QUEUE, answers={"role": "relative"})
    assert call.kind == "phone" and call.status == Status.ACTIVE and call.worker == anna
    services.conversation_answers_set(conversation_id=call.pk, worker=anna, answers=ANSWERS)
    services.conversation_handover(
        conversation_id=call.pk,
        worker=anna,
        organisation_slug="centrum-seksueel-geweld",
        consent=True,
        passphrase="blue kettle on the hill",
        include_transcript=False,
    )
    assert Referral.objects.get().answers == ANSWERS
    services.conversation_close(conversation_id=call.pk, worker=anna, outcome="handover")
    assert HourlyCount.objects.get(kind="phone", metric="outcome").outcome == "handover"


def test_a_block_lasts_24_hours_by_keyed_hash(on_duty: dict[str, Any]) -> None:
    client = services.client_hash(session_key="s1", address="192.0.2.1")
    assert "192.0.2.1" not in client
    conversation = services.conversation_start(queue_slug=CSG_QUEUE, share_answers=False, answers={}, client=client)
    services.conversation_accept_next(worker=on_duty["anna"])
    services.visitor_block(conversation_id=conversation.conversation.pk, worker=on_duty["anna"])
    with pytest.raises(services.ChatError) as caught:
        services.conversation_start(queue_slug=CSG_QUEUE, share_answers=False, answers={}, client=client)
    assert caught.value.status == 403
    later = timezone.now() + timedelta(hours=24, minutes=1)
    services.conversation_start(queue_slug=CSG_QUEUE, share_answers=False, answers={}, client=client, now=later)
    assert Block.objects.count() == 1


def test_inactivity_is_announced_before_the_chat_ends(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    now = timezone.now()
    assert services.conversations_sweep_idle(now=now + timedelta(minutes=11)) == 0
    with translation.override("en"):
        assert "ends in 5 minutes" in Message.objects.filter(conversation_id=conversation.pk).last().display_text
    assert services.conversations_sweep_idle(now=now + timedelta(minutes=17)) == 1
    assert not Conversation.objects.filter(pk=conversation.pk).exists()


def test_a_worker_cannot_write_in_someone_elses_conversation(on_duty: dict[str, Any]) -> None:
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    with pytest.raises(services.ChatError):
        services.message_send(conversation_id=conversation.pk, text="hoi", by=on_duty["chris"])


def test_supervisor_reassigns_to_a_signed_in_worker(on_duty: dict[str, Any]) -> None:
    bram = on_duty["bram"]
    services.worker_sign_in(user=bram, queue_slugs=[CSG_QUEUE], capacity=1)
    conversation = start().conversation
    services.conversation_accept_next(worker=on_duty["anna"])
    services.conversation_reassign(conversation_id=conversation.pk, supervisor=bram, to=bram)
    assert Conversation.objects.get(pk=conversation.pk).worker == bram
    with pytest.raises(services.ChatError):
        services.conversation_reassign(conversation_id=conversation.pk, supervisor=bram, to=on_duty["chris"])
