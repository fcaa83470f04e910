"""Everything that changes a conversation, a queue sign-in or a block. Each function
validates, writes in one transaction, records an audit event (never content) and nudges
connected clients after commit (`realtime.py`).

Accept-next locks the oldest waiting conversation with `select_for_update(skip_locked=True)`
and then claims it with a conditional update, so two workers pressing at the same moment get
two different conversations (or one gets none), never the same one.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from baken.audit.services import record
from baken.chat import realtime, selectors
from baken.chat.models import (
    MAX_CAPACITY,
    MAX_MESSAGE,
    MAX_REF,
    Block,
    CannedText,
    Conversation,
    ConversationEvent,
    HourlyCount,
    Kind,
    Message,
    Outcome,
    WorkerPresence,
)
from baken.chat.workflow import TRANSITIONS, Actor, Status
from baken.core import access
from baken.core import workflow as core_workflow
from baken.core.errors import DomainError
from baken.core.history import audit_action

logger = logging.getLogger("baken.chat")
TARGET = "chat.conversation"
BLOCK_HOURS = 24
IDLE_WARN_SECONDS = 10 * 60
IDLE_END_SECONDS = 15 * 60
MEAN_WEIGHT = 0.2  # weight of the newest wait in the rolling mean


class ChatError(DomainError):
    """The kernel's domain error; a refused start also carries what is open now instead."""

    def __init__(self, message: Any, *, open_now: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.open_now = open_now


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    token: str


def client_hash(*, session_key: str, address: str) -> str:
    """What we keep to block someone: a keyed hash of their session and address, nothing else.
    (`session_key` is a random value kept in the session, which survives the key cycling of a grant.)"""
    return hmac.new(settings.SECRET_KEY.encode(), f"chat-client:{session_key}:{address}".encode(), "sha256").hexdigest()


def _audit(action: str, conversation: Conversation, *, actor: Any, **data: Any) -> None:
    record(
        actor=actor,
        action=action,
        target_type=TARGET,
        target_id=str(conversation.public_id),
        organisation_slug=conversation.queue.organisation.slug,
        data={"queue": conversation.queue.slug, "kind": conversation.kind, **data},
    )


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _count(queue_slug: str, kind: str, metric: str, *, outcome: str = "", wait: float = 0, now: Any = None) -> None:
    cell = {
        "hour": _hour(now or timezone.now()),
        "queue_slug": queue_slug,
        "kind": kind,
        "metric": metric,
        "outcome": outcome,
    }
    updates = {"count": F("count") + 1, "wait_seconds": F("wait_seconds") + int(wait)}
    if not HourlyCount.objects.filter(**cell).update(**updates):
        with transaction.atomic():
            _row, created = HourlyCount.objects.get_or_create(**cell, defaults={"count": 1, "wait_seconds": int(wait)})
        if not created:
            HourlyCount.objects.filter(**cell).update(**updates)


def _text(text: Any, field: str = "text") -> str:
    if not isinstance(text, str):
        raise ChatError(field=field, message=_("Write a message."))
    text = text.strip()
    if not text:
        raise ChatError(field=field, message=_("Write a message."))
    if len(text) > MAX_MESSAGE:
        raise ChatError(field=field, message=_("At most %(max)d characters.") % {"max": MAX_MESSAGE})
    if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise ChatError(field=field, message=_("This text contains a character that cannot be stored."))
    return text


def _lock(conversation_id: int, *, only: tuple[str, ...] = ()) -> Conversation:
    """Lock the conversation row only. A plain `select_for_update()` with `select_related`
    would lock the joined queue and organisation rows too, so every message of every
    conversation in a queue waited for every other one (and deadlocked with accept-next,
    which updates the queue row). `only`: just these fields, without the joined rows."""
    rows = Conversation.objects.select_for_update(of=("self",))
    rows = rows.only(*only) if only else rows.select_related("queue__organisation")
    try:
        return rows.get(pk=conversation_id)
    except Conversation.DoesNotExist:
        raise ChatError(_("This conversation has ended."), status=404) from None


def _move(conversation: Conversation, to: Status, actor: Actor) -> None:
    core_workflow.check(TRANSITIONS, conversation.status, to, actor)
    ConversationEvent.objects.create(
        conversation=conversation,
        from_status=conversation.status,
        to_status=to,
        actor_kind=actor,
        queue_slug=conversation.queue.slug,
    )
    conversation.status = to


def _system(conversation: Conversation, key: str, **params: Any) -> Message:
    """A line from Baken itself, stored untranslated (see `Message.display_text`)."""
    return _add(conversation, Actor.SYSTEM, json.dumps({"system": key, "params": params}, ensure_ascii=False))


def _add(
    conversation: Conversation, sender: Actor, text: str, *, ref: str = "", previous_id: int | None = None
) -> Message:
    """Store a line (under the conversation's lock). `previous_id`, when the caller knows it,
    is the conversation's message before this one: the nudge then carries the line."""
    message = Message.objects.create(conversation=conversation, sender=sender, text=text, client_ref=ref)
    Conversation.objects.filter(pk=conversation.pk).update(last_activity_at=timezone.now(), idle_warned=False)
    carried = realtime.sealed(message, previous_id=previous_id) if previous_id is not None else None
    realtime.nudge_on_commit(
        realtime.conversation_group(conversation.public_id), kind="message", message_id=message.pk, message=carried
    )
    return message


# --- workers: sign in and out --------------------------------------------------------------


@transaction.atomic
def worker_sign_in(*, user: Any, queue_slugs: list[str], capacity: int) -> WorkerPresence:
    if not 1 <= int(capacity) <= MAX_CAPACITY:
        raise ChatError(_("Choose from 1 to %(max)d conversations at once.") % {"max": MAX_CAPACITY}, field="capacity")
    allowed = {q.slug: q for q in selectors.queues_for_worker(user=user)}
    unknown = [slug for slug in queue_slugs if slug not in allowed]
    if unknown or not queue_slugs:
        raise ChatError(_("Choose one or more of your queues."), field="queues", valid_values=sorted(allowed))
    presence, _created = WorkerPresence.objects.update_or_create(user=user, defaults={"capacity": int(capacity)})
    presence.queues.set([allowed[slug] for slug in queue_slugs])
    record(
        actor=user,
        action=audit_action("chat", "worker", "signed_in"),
        data={"queues": sorted(queue_slugs), "capacity": capacity},
    )
    realtime.nudge_on_commit(*(realtime.queue_group(slug) for slug in queue_slugs))
    return presence


@transaction.atomic
def worker_sign_out(*, user: Any) -> None:
    presence = WorkerPresence.objects.filter(user=user).first()
    if presence is None:
        return
    slugs = list(presence.queues.values_list("slug", flat=True))
    presence.delete()
    record(actor=user, action=audit_action("chat", "worker", "signed_out"), data={"queues": sorted(slugs)})
    realtime.nudge_on_commit(*(realtime.queue_group(slug) for slug in slugs))


# --- the visitor ---------------------------------------------------------------------------


def conversation_start(
    *, queue_slug: Any, share_answers: bool, answers: dict[str, Any], client: str = "", now: Any = None
) -> Started:
    """Put a visitor in a queue. Refused (409, with what is open now) when the queue is outside
    its hours or nobody is signed in; refused (403) for 24 hours after a worker blocked them."""
    now = now or timezone.now()
    queue = selectors.queue_get(slug=queue_slug) if isinstance(queue_slug, str) else None
    if queue is None:
        raise ChatError(_("There is no chat with this name."), field="queue", valid_values=selectors.queue_slugs())
    if client and Block.objects.filter(client_hash=client, until__gt=now).exists():
        raise ChatError(_("You cannot start a chat right now."), status=403)
    state = selectors.queue_state(queue, now)
    if not state.takes_conversations:
        raise ChatError(
            state.reason, field="queue", status=409, open_now=selectors.open_now(now, exclude_queue=queue.slug)
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            token_hash=selectors.token_hash(token),
            queue=queue,
            share_answers=bool(share_answers),
            answers=answers if share_answers else {},
            client_hash=client,
        )
        _count(queue.slug, Kind.CHAT, HourlyCount.Metric.OFFERED, now=now)
        _audit(
            audit_action("chat", "conversation", "started"),
            conversation,
            actor="visitor",
            answers_shared=bool(share_answers),
        )
        realtime.nudge_on_commit(realtime.queue_group(queue.slug), kind="queue")
    return Started(conversation=conversation, token=token)


def message_send(*, conversation_id: int, text: Any, by: Any = None, ref: str = "") -> Message:
    """A line from the visitor (`by=None`) or from the worker who holds the conversation.
    `ref`: the client's reference for the line; sent again with the same ref (after a reconnect
    that lost the ack) it answers with the line already stored instead of storing it twice."""
    message, _conversation, _messages = message_send_and_read(
        conversation_id=conversation_id, text=text, by=by, ref=ref, after=None
    )
    return message


# What a socket reads of a conversation: not the answers (decrypted on every load otherwise)
# nor the queue and organisation rows (the queue only while someone waits, for the estimate).
SOCKET_FIELDS = ("id", "public_id", "status", "worker_id", "queue_id", "queued_at", "proposal")


@transaction.atomic
def message_send_and_read(
    *, conversation_id: int, text: Any, by: Any = None, ref: str = "", after: int | None
) -> tuple[Message, Conversation, list[Message]]:
    """`message_send` for a socket, in one transaction: also the conversation as locked and,
    unless `after` is None, the messages after `after` up to and including this line, read under
    the same lock (nothing else of this conversation can commit in between, so the list is
    complete). The socket then needs no second trip to the database thread pool, and the line
    it just sent is not read back and decrypted."""
    text = _text(text)
    if len(ref) > MAX_REF:
        raise ValueError("ref is longer than MAX_REF")  # the socket passes only valid refs
    conversation = _lock(conversation_id, only=SOCKET_FIELDS)
    if by is None:
        sender = Actor.VISITOR
    else:
        if conversation.worker_id != by.pk or conversation.status != Status.ACTIVE:
            raise ChatError(_("This conversation is not yours."), status=403)
        sender = Actor.WORKER
    # Under the conversation's lock, so two sends with one ref cannot both miss the stored one;
    # one query for both the line sent before with this ref and what came after `after`.
    wanted = Q(id__gt=after) if after is not None else None
    if ref:
        same = Q(sender=sender, client_ref=ref)
        wanted = same if wanted is None else wanted | same
    rows = list(Message.objects.filter(wanted, conversation_id=conversation.pk).order_by("id")) if wanted else []
    newer = [m for m in rows if after is not None and m.pk > after]
    stored = next((m for m in rows if ref and m.sender == sender and m.client_ref == ref), None)
    if stored is not None:
        # Nudge again: a process killed between the commit and its nudge told nobody.
        group = realtime.conversation_group(conversation.public_id)
        realtime.nudge_on_commit(group, kind="message", message_id=stored.pk)
        return stored, conversation, newer
    # Every message after `after` is in `newer`, so the last of them (or `after` itself) is the
    # one before this line: a socket that has sent exactly that id can take the line from the nudge.
    previous_id = max((m.pk for m in newer), default=after) if after is not None else None
    message = _add(conversation, sender, text, ref=ref, previous_id=previous_id)
    return message, conversation, [*newer, message]


def _finish(conversation: Conversation, *, actor: Any, actor_kind: Actor, outcome: str, now: Any = None) -> None:
    """End and delete: the transcript and answers go with the row (Message cascades)."""
    now = now or timezone.now()
    _move(conversation, Status.ENDED, actor_kind)
    if conversation.accepted_at is None and conversation.kind == Kind.CHAT:
        wait = (now - conversation.queued_at).total_seconds()
        _count(conversation.queue.slug, conversation.kind, HourlyCount.Metric.ABANDONED, wait=wait, now=now)
    else:
        _count(conversation.queue.slug, conversation.kind, HourlyCount.Metric.OUTCOME, outcome=outcome, now=now)
    _audit(audit_action("chat", "conversation", "ended"), conversation, actor=actor, outcome=outcome)
    groups = [realtime.conversation_group(conversation.public_id), realtime.queue_group(conversation.queue.slug)]
    if conversation.worker_id:
        groups.append(realtime.worker_group(conversation.worker_id))
    realtime.nudge_on_commit(*groups, kind="ended")
    conversation.delete()


@transaction.atomic
def conversation_end_by_visitor(*, conversation_id: int) -> None:
    """The visitor ends the chat (or leaves with the quick exit): it is deleted at once."""
    conversation = _lock(conversation_id)
    _finish(conversation, actor="visitor", actor_kind=Actor.VISITOR, outcome=Outcome.VISITOR_LEFT)


# --- the worker ----------------------------------------------------------------------------


def _presence(user: Any) -> WorkerPresence:
    presence = WorkerPresence.objects.filter(user=user).first()
    if presence is None:
        raise ChatError(_("Sign in to a queue first."), field="queues", status=409)
    return presence


@transaction.atomic
def conversation_accept_next(*, worker: Any, now: Any = None) -> Conversation | None:
    """Give the worker the longest-waiting conversation of their queues, or None."""
    now = now or timezone.now()
    presence = _presence(worker)
    load = Conversation.objects.filter(worker=worker, status=Status.ACTIVE).count()
    if load >= presence.capacity:
        raise ChatError(_("You have as many conversations as you chose to take."), field="capacity", status=409)
    queue_ids = list(presence.queues.values_list("pk", flat=True))
    candidates = (
        Conversation.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=Status.WAITING, queue_id__in=queue_ids)
        .order_by("queued_at", "id")
    )
    # LIMIT 1: lock only the row we take, so concurrent workers each skip to the next one.
    for conversation in candidates[:1]:
        # The conditional update is the claim; on databases without row locks it still
        # guarantees one winner.
        claimed = Conversation.objects.filter(pk=conversation.pk, status=Status.WAITING, worker__isnull=True).update(
            status=Status.ACTIVE, worker=worker, accepted_at=now, last_activity_at=now
        )
        if not claimed:
            continue
        ConversationEvent.objects.create(
            conversation=conversation,
            from_status=Status.WAITING,
            to_status=Status.ACTIVE,
            actor_kind=Actor.WORKER,
            queue_slug=conversation.queue.slug,
        )
        conversation.refresh_from_db()
        wait = (now - conversation.queued_at).total_seconds()
        queue = conversation.queue
        queue.mean_wait_seconds = (
            wait
            if queue.mean_wait_seconds is None
            else (1 - MEAN_WEIGHT) * queue.mean_wait_seconds + MEAN_WEIGHT * wait
        )
        queue.answered = F("answered") + 1
        queue.save(update_fields=["mean_wait_seconds", "answered"])
        _count(queue.slug, conversation.kind, HourlyCount.Metric.ANSWERED, wait=wait, now=now)
        _audit(audit_action("chat", "conversation", "accepted"), conversation, actor=worker)
        _system(conversation, gettext_noop("A worker has joined the chat."))
        realtime.nudge_on_commit(realtime.queue_group(queue.slug), kind="queue")
        return conversation
    return None


def _held(conversation_id: int, worker: Any) -> Conversation:
    conversation = _lock(conversation_id)
    if conversation.worker_id != worker.pk or conversation.status != Status.ACTIVE:
        raise ChatError(_("This conversation has ended."), status=404)
    return conversation


@transaction.atomic
def conversation_close(*, conversation_id: int, worker: Any, outcome: str) -> None:
    if outcome not in Outcome.values:
        raise ChatError(_("Choose an outcome."), field="outcome", valid_values=Outcome.values)
    conversation = _held(conversation_id, worker)
    _finish(conversation, actor=worker, actor_kind=Actor.WORKER, outcome=outcome)


def _transfer(
    conversation: Conversation, *, target: Any, transcript_travels: bool, actor: Any, actor_kind: Actor
) -> None:
    """Move the conversation to another queue on Baken. The answers go along; the transcript
    only when the person allowed it (otherwise it is deleted now)."""
    if not selectors.queue_state(target, timezone.now()).takes_conversations:
        raise ChatError(_("That queue takes no conversations right now."), field="queue", status=409)
    origin = conversation.queue
    _move(conversation, Status.WAITING, actor_kind)
    if not transcript_travels:
        conversation.messages.all().delete()
    conversation.transcript_travels = bool(transcript_travels)
    conversation.transferred_from = origin
    conversation.queue = target
    conversation.worker = None
    conversation.accepted_at = None
    conversation.queued_at = timezone.now()
    conversation.proposal = {}
    conversation.save()
    _count(origin.slug, conversation.kind, HourlyCount.Metric.OUTCOME, outcome=Outcome.TRANSFERRED)
    _count(target.slug, conversation.kind, HourlyCount.Metric.OFFERED)
    _audit(
        audit_action("chat", "conversation", "transferred"),
        conversation,
        actor=actor,
        origin=origin.slug,
        transcript=transcript_travels,
    )
    _system(
        conversation, gettext_noop("You are now waiting for %(organisation)s."), organisation=target.organisation.name
    )
    realtime.nudge_on_commit(realtime.queue_group(origin.slug), realtime.queue_group(target.slug), kind="queue")


def _transfer_target(conversation: Conversation, queue_slug: Any) -> Any:
    target = selectors.queue_get(slug=queue_slug) if isinstance(queue_slug, str) else None
    if target is None or target.pk == conversation.queue_id:
        raise ChatError(_("Choose another queue."), field="queue", valid_values=selectors.queue_slugs())
    return target


def _visitor_answers_in_chat(conversation: Conversation) -> None:
    if conversation.kind == Kind.CHAT:
        # The visitor gives their own yes on their chat page (`conversation_propose`); only a
        # phone caller's spoken consent is recorded by the worker.
        raise ChatError(_("The person answers in the chat: propose it to them."), field="consent")


@transaction.atomic
def conversation_transfer(
    *, conversation_id: int, worker: Any, queue_slug: str, consent: bool, transcript_travels: bool
) -> Conversation:
    """A phone call moved to another queue, with the caller's spoken consent recorded by the worker."""
    if not consent:
        raise ChatError(_("Ask the person first: a transfer needs their yes."), field="consent")
    conversation = _held(conversation_id, worker)
    _visitor_answers_in_chat(conversation)
    target = _transfer_target(conversation, queue_slug)
    _transfer(conversation, target=target, transcript_travels=transcript_travels, actor=worker, actor_kind=Actor.WORKER)
    return conversation


def _handover(
    conversation: Conversation, *, organisation_slug: str, passphrase: str, include_transcript: bool, actor: Any
) -> str:
    from baken.referrals import services as referral_services

    story = ""
    if include_transcript:
        lines = [
            f"{gettext('Person') if m.sender == Actor.VISITOR else gettext('Worker')}: {m.text}"
            for m in conversation.messages.exclude(sender=Actor.SYSTEM)
        ]
        story = "\n".join(lines)[-5000:]
    try:
        submitted = referral_services.referral_create(
            organisation_slug=organisation_slug,
            answers=conversation.answers if conversation.share_answers else {},
            story=story,
            contact={"channel": "self"},
            passphrase=passphrase,
        )
    except DomainError as error:
        raise ChatError(error.message, field=error.field, status=error.status) from None
    _audit(
        audit_action("chat", "conversation", "handed_over"),
        conversation,
        actor=actor,
        transcript=include_transcript,
    )
    if conversation.kind == Kind.CHAT:
        _system(conversation, gettext_noop("Your story was sent. Write down your code: %(code)s"), code=submitted.code)
    return submitted.code


def conversation_handover(
    *,
    conversation_id: int,
    worker: Any,
    organisation_slug: str,
    consent: bool,
    passphrase: str,
    include_transcript: bool,
) -> str:
    """A warm handover (a referral) from a phone call, with the caller's spoken consent; returns
    the code to tell them. The referral is made by the referrals app's own service."""
    if not consent:
        raise ChatError(_("Ask the person first: a handover needs their yes."), field="consent")
    with transaction.atomic():
        conversation = _held(conversation_id, worker)
        _visitor_answers_in_chat(conversation)
        return _handover(
            conversation,
            organisation_slug=organisation_slug,
            passphrase=passphrase,
            include_transcript=include_transcript,
            actor=worker,
        )


PROPOSAL_KINDS = ("transfer", "handover")


@transaction.atomic
def conversation_propose(
    *,
    conversation_id: int,
    worker: Any,
    kind: str,
    target: str,
    transcript_offered: bool = True,
) -> dict[str, Any]:
    """The worker proposes a transfer or a warm handover; nothing happens until the visitor says
    yes on their chat page (`conversation_consent`). A new proposal replaces an open one. A
    handover carries no passphrase: the visitor chooses their own when they say yes, so it is
    never in the chat and the worker never knows it."""
    if kind not in PROPOSAL_KINDS:
        raise ChatError(_("Choose transfer or handover."), field="kind", valid_values=list(PROPOSAL_KINDS))
    conversation = _held(conversation_id, worker)
    if conversation.kind != Kind.CHAT:
        raise ChatError(_("On the phone, record the caller's yes yourself."), field="kind")
    if kind == "transfer":
        queue = _transfer_target(conversation, target)
        if not selectors.queue_state(queue, timezone.now()).takes_conversations:
            raise ChatError(_("That queue takes no conversations right now."), field="queue", status=409)
        name = queue.organisation.name
    else:
        organisation = next((o for o in selectors.handover_organisations() if o.slug == target), None)
        if organisation is None:
            raise ChatError(
                _("Choose an organisation that receives handovers."),
                field="organisation",
                valid_values=[o.slug for o in selectors.handover_organisations()],
            )
        name = organisation.name
    proposal = {
        "id": secrets.token_hex(8),
        "kind": kind,
        "target": target,
        "name": name,
        "answers": bool(conversation.share_answers and conversation.answers),
        "transcript_offered": bool(transcript_offered),
    }
    conversation.proposal = proposal
    conversation.save(update_fields=["proposal"])
    _move(conversation, Status.ACTIVE, Actor.WORKER)
    _audit(audit_action("chat", "conversation", "proposed"), conversation, actor=worker, proposal=kind, to=target)
    _system(
        conversation,
        gettext_noop("The worker proposes to pass you on to %(organisation)s. You decide: see the question above."),
        organisation=name,
    )
    return proposal


@dataclass(frozen=True)
class Consented:
    accepted: bool
    kind: str
    code: str = ""


@transaction.atomic
def conversation_consent(
    *, conversation_id: int, proposal_id: Any, accept: Any, transcript: Any = False, passphrase: Any = None
) -> Consented:
    """The visitor's answer to the open proposal. Only a yes moves anything, and only with what
    they allowed: the answers they shared before, the transcript only if they tick it. A yes to
    a handover needs the passphrase the visitor chooses here (the kernel's rule); it goes only
    into the referral, hashed, never into the proposal, a message or a log."""
    if not isinstance(accept, bool):
        raise ChatError(_("Answer yes or no."), field="accept", valid_values=["true", "false"])
    if not isinstance(transcript, bool):
        raise ChatError(_("Answer yes or no."), field="transcript", valid_values=["true", "false"])
    conversation = _lock(conversation_id)
    proposal = conversation.proposal or {}
    if conversation.status != Status.ACTIVE or not proposal or proposal.get("id") != proposal_id:
        raise ChatError(_("This question is no longer open."), field="proposal", status=409)
    transcript = bool(transcript and proposal.get("transcript_offered"))
    kind = proposal["kind"]
    if accept and kind == "handover":
        try:
            access.check_passphrase_rule(passphrase)
        except DomainError as error:
            raise ChatError(error.message, field="passphrase") from None
    if not accept:
        conversation.proposal = {}
        conversation.save(update_fields=["proposal"])
        _move(conversation, Status.ACTIVE, Actor.VISITOR)
        _audit(audit_action("chat", "conversation", "proposal_declined"), conversation, actor="visitor", proposal=kind)
        _system(conversation, gettext_noop("You said no. Nothing was sent. You can keep chatting."))
        return Consented(accepted=False, kind=kind)
    _audit(
        audit_action("chat", "conversation", "proposal_accepted"),
        conversation,
        actor="visitor",
        proposal=kind,
        transcript=transcript,
    )
    if kind == "transfer":
        target = _transfer_target(conversation, proposal["target"])
        _transfer(conversation, target=target, transcript_travels=transcript, actor="visitor", actor_kind=Actor.VISITOR)
        return Consented(accepted=True, kind=kind)
    code = _handover(
        conversation,
        organisation_slug=proposal["target"],
        passphrase=passphrase,
        include_transcript=transcript,
        actor="visitor",
    )
    conversation.proposal = {}
    conversation.save(update_fields=["proposal"])
    _move(conversation, Status.ACTIVE, Actor.VISITOR)
    return Consented(accepted=True, kind=kind, code=code)


@transaction.atomic
def phone_call_record(*, worker: Any, queue_slug: str, answers: dict[str, Any]) -> Conversation:
    """A worker takes a phone call: it lands in the same triage record as a chat, held by them."""
    queue = selectors.queue_get(slug=queue_slug)
    if queue is None or queue not in selectors.queues_for_worker(user=worker):
        raise ChatError(_("Choose one of your queues."), field="queue", valid_values=selectors.queue_slugs())
    now = timezone.now()
    conversation = Conversation.objects.create(
        kind=Kind.PHONE,
        queue=queue,
        status=Status.ACTIVE,
        worker=worker,
        share_answers=True,
        answers=answers,
        accepted_at=now,
    )
    _count(queue.slug, Kind.PHONE, HourlyCount.Metric.OFFERED, now=now)
    _count(queue.slug, Kind.PHONE, HourlyCount.Metric.ANSWERED, now=now)
    _audit(audit_action("chat", "phone", "recorded"), conversation, actor=worker, answers_given=len(answers))
    return conversation


@transaction.atomic
def conversation_answers_set(*, conversation_id: int, worker: Any, answers: dict[str, Any]) -> Conversation:
    conversation = _held(conversation_id, worker)
    if conversation.kind != Kind.PHONE:
        raise ChatError(_("Only a phone call's answers are entered by the worker."), field="answers")
    conversation.answers = answers
    conversation.save(update_fields=["answers"])
    _audit(audit_action("chat", "phone", "answers_set"), conversation, actor=worker, answers_given=len(answers))
    return conversation


@transaction.atomic
def visitor_block(*, conversation_id: int, worker: Any) -> None:
    """Block an abusive visitor for 24 hours (by the keyed hash; nobody sees an address) and end."""
    conversation = _held(conversation_id, worker)
    if conversation.client_hash:
        Block.objects.create(client_hash=conversation.client_hash, until=timezone.now() + timedelta(hours=BLOCK_HOURS))
    _audit(audit_action("chat", "visitor", "blocked"), conversation, actor=worker, hours=BLOCK_HOURS)
    _finish(conversation, actor=worker, actor_kind=Actor.WORKER, outcome=Outcome.ABUSIVE)


@transaction.atomic
def conversation_reassign(*, conversation_id: int, supervisor: Any, to: Any) -> Conversation:
    """A supervisor takes a conversation over (`to` = themselves) or gives it to another worker."""
    conversation = _lock(conversation_id)
    if conversation.status not in (Status.WAITING, Status.ACTIVE):
        raise ChatError(_("This conversation has ended."), status=404)
    if not WorkerPresence.objects.filter(user=to, queues=conversation.queue).exists():
        raise ChatError(_("That worker is not signed in to this queue."), field="worker")
    previous = conversation.worker_id
    _move(conversation, Status.ACTIVE, Actor.WORKER)
    now = timezone.now()
    if conversation.accepted_at is None:
        conversation.accepted_at = now
        _count(
            conversation.queue.slug,
            conversation.kind,
            HourlyCount.Metric.ANSWERED,
            wait=(now - conversation.queued_at).total_seconds(),
            now=now,
        )
    conversation.worker = to
    conversation.save()
    _audit(audit_action("chat", "conversation", "reassigned"), conversation, actor=supervisor, to=to.get_username())
    groups = [realtime.worker_group(to.pk), realtime.queue_group(conversation.queue.slug)]
    if previous:
        groups.append(realtime.worker_group(previous))
    realtime.nudge_on_commit(*groups, kind="queue")
    return conversation


WAITING_NOTICE_SECONDS = 5 * 60
ABANDONED_HOURS = 2


def conversations_sweep_idle(*, now: Any = None) -> int:
    """Announce, then end, chats where nobody wrote for a while; tell staff when someone waits
    unanswered for 5 minutes. Returns how many ended."""
    now = now or timezone.now()
    ended = 0
    for slug in selectors.waiting_longer_than(WAITING_NOTICE_SECONDS, now):
        _notify_waiting(slug)
    warn_before = now - timedelta(seconds=IDLE_WARN_SECONDS)
    for conversation_id in Conversation.objects.filter(
        kind=Kind.CHAT, status=Status.ACTIVE, idle_warned=False, last_activity_at__lte=warn_before
    ).values_list("pk", flat=True):
        with transaction.atomic():
            conversation = _lock(conversation_id)
            minutes = (IDLE_END_SECONDS - IDLE_WARN_SECONDS) // 60
            _system(
                conversation,
                gettext_noop("Nobody wrote for a while. This chat ends in %(minutes)d minutes unless you write."),
                minutes=minutes,
            )
            Conversation.objects.filter(pk=conversation_id).update(idle_warned=True, last_activity_at=now)
    end_before = now - timedelta(seconds=IDLE_END_SECONDS - IDLE_WARN_SECONDS)
    for conversation_id in Conversation.objects.filter(
        kind=Kind.CHAT, status=Status.ACTIVE, idle_warned=True, last_activity_at__lte=end_before
    ).values_list("pk", flat=True):
        with transaction.atomic():
            conversation = _lock(conversation_id)
            _finish(conversation, actor="system", actor_kind=Actor.SYSTEM, outcome=Outcome.VISITOR_LEFT, now=now)
            ended += 1
    return ended


def _notify_waiting(queue_slug: str) -> None:
    from baken.chat.tasks import notify_waiting

    try:
        notify_waiting.enqueue(queue_slug)
    except Exception:
        logger.warning("waiting notice not queued", extra={"event": "chat.notify_failed"})


def chat_purge_expired(now: datetime) -> int:
    """The kernel's retention contract for chats. A conversation is deleted the moment it ends,
    so nothing of an ended one is left to purge; this is the backstop for the ones nobody ended
    (a closed tab, a crashed worker): idle for ABANDONED_HOURS, they are ended and deleted now.
    Expired blocks go too."""
    deleted = conversations_sweep_idle(now=now)
    cutoff = now - timedelta(hours=ABANDONED_HOURS)
    for conversation_id in Conversation.objects.filter(last_activity_at__lte=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            try:
                conversation = _lock(conversation_id)
            except ChatError:
                continue
            _finish(conversation, actor="system", actor_kind=Actor.SYSTEM, outcome=Outcome.VISITOR_LEFT, now=now)
            deleted += 1
    Block.objects.filter(until__lte=now).delete()
    return deleted


# --- canned texts (per organisation) -------------------------------------------------------

MANAGE_CANNED = "chat.manage_canned_texts"


def canned_organisation(user: Any) -> Any:
    """The organisation whose canned texts this user keeps, or None: an organisation admin
    (the role holds `manage_canned_texts`) keeps only their own organisation's."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    if membership is None or not user.has_perm(MANAGE_CANNED):
        return None
    return membership.organisation


def _canned_fields(title: Any, text: Any) -> tuple[str, str]:
    title = title.strip() if isinstance(title, str) else ""
    if not title:
        raise ChatError(_("Give the text a short title."), field="title")
    if len(title) > 80:
        raise ChatError(_("At most %(max)d characters.") % {"max": 80}, field="title")
    return title, _text(text)


def _canned_own(user: Any, canned_id: int) -> CannedText:
    organisation = canned_organisation(user)
    canned = CannedText.objects.filter(pk=canned_id, organisation=organisation).first() if organisation else None
    if canned is None:
        raise ChatError(_("No such text in your organisation."), status=404)
    return canned


def _audit_canned(verb: str, canned: CannedText, *, user: Any) -> None:
    record(
        actor=user,
        action=audit_action("chat", "canned_text", verb),
        target_type="chat.cannedtext",
        target_id=str(canned.pk),
        organisation_slug=canned.organisation.slug,
    )


@transaction.atomic
def canned_text_create(*, user: Any, title: Any, text: Any) -> CannedText:
    organisation = canned_organisation(user)
    if organisation is None:
        raise ChatError(_("Only an organisation admin keeps canned texts."), status=403)
    title, text = _canned_fields(title, text)
    canned = CannedText.objects.create(organisation=organisation, title=title, text=text)
    _audit_canned("created", canned, user=user)
    return canned


@transaction.atomic
def canned_text_update(*, user: Any, canned_id: int, title: Any, text: Any) -> CannedText:
    canned = _canned_own(user, canned_id)
    canned.title, canned.text = _canned_fields(title, text)
    canned.save(update_fields=["title", "text"])
    _audit_canned("updated", canned, user=user)
    return canned


@transaction.atomic
def canned_text_delete(*, user: Any, canned_id: int) -> None:
    canned = _canned_own(user, canned_id)
    _audit_canned("deleted", canned, user=user)
    canned.delete()
