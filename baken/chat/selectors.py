"""Reads of the front door. `conversation_for_visitor` answers the same way for a wrong token
and an unknown id: not found."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from baken.chat.models import Conversation, Message, Queue, WorkerPresence
from baken.chat.workflow import Status
from baken.directory.models import Channel
from baken.directory.selectors import directory_snapshot


@dataclass(frozen=True)
class QueueState:
    within_hours: bool
    workers: int
    waiting: int

    @property
    def takes_conversations(self) -> bool:
        return self.within_hours and self.workers > 0

    @property
    def reason(self) -> Any:
        if not self.within_hours:
            return _("This chat is closed now.")
        if not self.workers:
            return _("Nobody is available in this chat right now.")
        return ""


def queue_get(*, slug: str) -> Queue | None:
    """A queue exists where the directory has a chat channel hosted on Baken with its slug.
    Its row (which only holds the rolling mean wait) is made on first use."""
    queue = Queue.objects.select_related("organisation").filter(slug=slug).first()
    if queue is not None:
        return queue if queue.active and queue_channel(queue) is not None else None
    channel = (
        Channel.objects.select_related("organisation")
        .filter(queue=slug, type="chat", organisation__active=True)
        .first()
    )
    if channel is None:
        return None
    queue, _created = Queue.objects.get_or_create(slug=slug, defaults={"organisation": channel.organisation})
    return queue


def queue_slugs() -> list[str]:
    hosted = Channel.objects.filter(type="chat", organisation__active=True).exclude(queue="")
    return sorted(set(hosted.values_list("queue", flat=True)))


def queues_all() -> list[Queue]:
    return [q for slug in queue_slugs() if (q := queue_get(slug=slug)) is not None]


def queue_channel(queue: Queue) -> Channel | None:
    """The directory channel that holds the queue's hours."""
    return Channel.objects.filter(queue=queue.slug, type="chat", organisation__active=True).first()


def queue_state(queue: Queue, now: datetime) -> QueueState:
    channel = queue_channel(queue)
    within = bool(channel is not None and channel.open_at(now) is True)
    workers = WorkerPresence.objects.filter(queues=queue).count()
    waiting = Conversation.objects.filter(queue=queue, status=Status.WAITING).count()
    return QueueState(within_hours=within, workers=workers, waiting=waiting)


def position_and_estimate(conversation: Conversation) -> tuple[int | None, int | None]:
    """Place in the queue (1 = next) and an honest estimate from the queue's recent waits
    (None while there is no history to go on)."""
    if conversation.status != Status.WAITING:
        return None, None
    ahead = Conversation.objects.filter(
        Q(queued_at__lt=conversation.queued_at) | Q(queued_at=conversation.queued_at, pk__lt=conversation.pk),
        queue_id=conversation.queue_id,
        status=Status.WAITING,
    ).count()
    position = ahead + 1
    mean = conversation.queue.mean_wait_seconds
    if mean is None:
        return position, None
    workers = max(1, WorkerPresence.objects.filter(queues=conversation.queue_id).count())
    return position, round(mean * position / workers)


def token_hash(token: str) -> str:
    """What is stored of a visitor's token (256 random bits: a fast hash is enough)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _read(queryset: Any, fields: tuple[str, ...]) -> Conversation | None:
    """The one conversation, with its queue and organisation; or, for a socket, only `fields`
    (it opens on every reconnect, and a dead process's sockets all reconnect at once)."""
    return first(queryset.only(*fields) if fields else queryset.select_related("queue__organisation"))


def conversation_for_visitor(*, public_id: Any, token: str, fields: tuple[str, ...] = ()) -> Conversation | None:
    """The visitor's conversation, or None for an unknown id and a wrong token alike."""
    conversation = (
        _read(Conversation.objects.filter(public_id=public_id), (*fields, "token_hash") if fields else ())
        if _is_uuid(public_id)
        else None
    )
    expected = conversation.token_hash if conversation is not None else "0" * 64
    # Compare even when nothing was found, so timing does not tell the two apart.
    matches = hmac.compare_digest(expected, token_hash(token or ""))
    if conversation is None or not matches or not conversation.token_hash:
        return None
    return conversation


def conversation_for_grant(*, public_id: str | None, fields: tuple[str, ...] = ()) -> Conversation | None:
    """The conversation a browser session was granted when it started it (no-JS page, socket)."""
    if not public_id or not _is_uuid(public_id):
        return None
    return _read(Conversation.objects.filter(public_id=public_id, kind="chat").exclude(token_hash=""), fields)


def first(queryset: Any) -> Any:
    """The one row of a lookup by a unique key, or None, without the ORDER BY that `first()`
    adds from the model's ordering (a conversation's queued_at, id): these run for every socket
    and every nudge, and compiling ORDER BY clauses showed up in a server's CPU profile."""
    return next(iter(queryset.order_by()[:1]), None)


def canonical_public_id(value: Any) -> str | None:
    """A conversation id spelled as the database and the nudges' group names spell it (any
    spelling of the same UUID is one conversation), or None if it is not one."""
    import uuid

    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _is_uuid(value: Any) -> bool:
    return canonical_public_id(value) is not None


def messages_after(conversation: Conversation, after: int = 0) -> list[Message]:
    return messages_after_id(conversation.pk, after)


def messages_after_id(conversation_id: int, after: int = 0) -> list[Message]:
    return list(Message.objects.filter(conversation_id=conversation_id, id__gt=after).order_by("id"))


def messages_after_public_id(public_id: str, after: int = 0) -> list[Message]:
    """The same by the conversation's public id: a socket reads its backlog before the row."""
    return list(Message.objects.filter(conversation__public_id=public_id, id__gt=after).order_by("id"))


def open_now(now: datetime, *, exclude_queue: str = "") -> list[dict[str, Any]]:
    """Organisations with a conversation channel open now (what to show instead of a closed chat)."""
    result = []
    for organisation in directory_snapshot():
        channels = [
            {"type": c.type, "value": c.value, "queue": c.queue or None}
            for c in organisation.staffed_channels
            if c.open_at(now) is True and c.queue != exclude_queue
        ]
        if channels:
            result.append({"organisation": organisation.slug, "name": organisation.name, "channels": channels})
    return result


# --- staff ---------------------------------------------------------------------------------


def _organisation_of(user: Any) -> Any:
    membership = getattr(user, "membership", None)
    return membership.organisation if membership is not None else None


def queues_for_worker(*, user: Any) -> list[Queue]:
    """Queues a worker may sign in to: their own organisation's. A platform supervisor may join all."""
    queues = queues_all()
    organisation = _organisation_of(user)
    if organisation is None:
        return queues if user.has_perm("chat.supervise_chat") else []
    return [q for q in queues if q.organisation_id == organisation.pk]


def console_for(*, user: Any) -> dict[str, Any]:
    presence = WorkerPresence.objects.filter(user=user).prefetch_related("queues").first()
    mine = list(
        Conversation.objects.select_related("queue__organisation")
        .filter(worker=user, status=Status.ACTIVE)
        .order_by("accepted_at", "id")
    )
    signed_in = list(presence.queues.all()) if presence else []
    waiting = Conversation.objects.filter(queue__in=signed_in, status=Status.WAITING).count() if signed_in else 0
    return {"presence": presence, "conversations": mine, "waiting": waiting, "queues": queues_for_worker(user=user)}


def conversation_for_worker(*, user: Any, public_id: Any, fields: tuple[str, ...] = ()) -> Conversation | None:
    if not _is_uuid(public_id):
        return None
    return _read(Conversation.objects.filter(public_id=public_id, worker=user, status=Status.ACTIVE), fields)


def supervisor_overview(*, user: Any) -> list[dict[str, Any]]:
    """Per queue: waiting, longest wait, workers and their load."""
    from django.utils import timezone

    now = timezone.now()
    organisation = _organisation_of(user)
    queues = [q for q in queues_all() if organisation is None or q.organisation_id == organisation.pk]
    rows = []
    for queue in queues:
        waiting = list(Conversation.objects.filter(queue=queue, status=Status.WAITING).order_by("queued_at"))
        workers = WorkerPresence.objects.filter(queues=queue).select_related("user")
        loads = {
            row["worker"]: row["n"]
            for row in Conversation.objects.filter(status=Status.ACTIVE, queue=queue)
            .values("worker")
            .annotate(n=Count("id"))
        }
        rows.append(
            {
                "queue": queue,
                "state": queue_state(queue, now),
                "waiting": waiting,
                "longest_wait": int((now - waiting[0].queued_at).total_seconds()) if waiting else 0,
                "workers": [{"user": p.user, "capacity": p.capacity, "load": loads.get(p.user_id, 0)} for p in workers],
                "active": list(Conversation.objects.filter(queue=queue, status=Status.ACTIVE).select_related("worker")),
            }
        )
    return rows


def queues_for_transfer() -> list[Queue]:
    return queues_all()


def handover_organisations() -> list[Any]:
    from baken.referrals.selectors import receiving_organisations

    return list(receiving_organisations())


def organisation_card(slug: str) -> str:
    """A suggested organisation as a message: name, how to reach them and their hours."""
    from django.utils.translation import gettext

    for organisation in directory_snapshot():
        if organisation.slug != slug:
            continue
        lines = [organisation.name]
        for channel in organisation.staffed_channels:
            value = channel.value or gettext("see their website")
            hours = channel.opening_hours or gettext("hours unknown")
            lines.append(f"- {channel.type}: {value} ({hours})")
        if organisation.website:
            lines.append(organisation.website)
        return "\n".join(lines)
    return ""


def staff_addresses(*, queue_slug: str) -> list[str]:
    """E-mail addresses of the staff who may answer this queue (for a notice without content)."""
    from django.contrib.auth.models import Permission

    from baken.accounts.models import User

    queue = Queue.objects.filter(slug=queue_slug).first()
    if queue is None:
        return []
    permission = Permission.objects.get(content_type__app_label="chat", codename="handle_conversation")
    users = User.objects.filter(is_active=True, membership__organisation=queue.organisation).filter(
        Q(groups__permissions=permission) | Q(user_permissions=permission)
    )
    return sorted({u.email for u in users if u.email})


def waiting_longer_than(seconds: int, now: datetime) -> list[str]:
    """Queue slugs where someone waits longer than this."""
    from datetime import timedelta

    cutoff = now - timedelta(seconds=seconds)
    return sorted(
        set(
            Conversation.objects.filter(status=Status.WAITING, queued_at__lte=cutoff).values_list(
                "queue__slug", flat=True
            )
        )
    )
