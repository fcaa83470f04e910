"""The staffed front door: queues, workers signed in to them, conversations (chat or phone)
and their messages.

A queue's opening hours are not stored here: they are the directory channel of type chat
whose `queue` is the queue's slug, so "open now", recommendations and coverage see it like
any other channel. Everything a visitor writes or answered is encrypted at rest; a
conversation's row and transcript are deleted when it ends (ADR 0070). What stays is
anonymous counts per hour.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.chat.workflow import Actor, Status
from baken.core.crypto import EncryptedJSONField, EncryptedTextField
from baken.core.history import AppendOnly
from baken.directory.models import Organisation

MAX_MESSAGE = 2000
MAX_REF = 64
MAX_CAPACITY = 10


class Kind(models.TextChoices):
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone call")


class Outcome(models.TextChoices):
    """What a worker records at the end. Codes only: never identifying text."""

    INFORMATION = "information", _("Information or a listening ear")
    RECOMMENDED = "recommended", _("Suggested organisations")
    HANDOVER = "handover", _("Warm handover started")
    TRANSFERRED = "transferred", _("Transferred to another queue")
    EMERGENCY = "emergency", _("Referred to 112")
    VISITOR_LEFT = "visitor_left", _("The person left")
    ABUSIVE = "abusive", _("Abusive, blocked")
    OTHER = "other", _("Other")


class Queue(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="chat_queues")
    active = models.BooleanField(default=True)
    # Rolling mean of the seconds people waited before a worker answered (no per-person data).
    mean_wait_seconds = models.FloatField(null=True, blank=True)
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return f"queue {self.slug}"


class WorkerPresence(models.Model):
    """A worker signed in to one or more queues, with how many conversations they take at once.
    Signing out deletes the row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence")
    queues = models.ManyToManyField(Queue, related_name="workers")
    capacity = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    signed_in_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"presence of user {self.user_id}"


class Conversation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A SHA-256 of the visitor's random token (128+ bits: a fast hash is enough). Empty for phone.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CHAT)
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="conversations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    share_answers = models.BooleanField(default=False)
    answers = EncryptedJSONField(default=dict, blank=True)
    # The person allowed the transcript to go along with a transfer.
    transcript_travels = models.BooleanField(default=False)
    transferred_from = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Keyed hash of session + address: lets a worker block without anyone seeing the address.
    client_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    idle_warned = models.BooleanField(default=False)
    # A proposal from the worker waiting for the visitor's yes (transfer or handover).
    proposal = EncryptedJSONField(default=dict, blank=True)

    class Meta:
        ordering = ["queued_at", "id"]
        permissions = [
            ("handle_conversation", "Can answer chats and record phone calls"),
            ("supervise_chat", "Can see all queues and take over or reassign conversations"),
        ]

    def __str__(self) -> str:
        return f"conversation {self.public_id}"


class ConversationEvent(AppendOnly):
    """One status change while the conversation lives (it goes with the conversation; the audit
    log keeps the metadata)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    actor_kind = models.CharField(max_length=10, choices=Actor.choices)
    queue_slug = models.SlugField(max_length=60)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.conversation} {self.from_status}->{self.to_status}"


class Message(models.Model):
    """One line of a transcript. The id is the order: within a conversation, messages are
    inserted under a lock on the conversation, so ids commit in increasing order and a client
    that resumes `after` the last id it saw misses nothing."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(max_length=10, choices=Actor.choices)
    text = EncryptedTextField()
    at = models.DateTimeField(auto_now_add=True)
    # The client's own random reference for a line sent over the socket: a line sent again
    # after a reconnect (its ack was lost) is stored once.
    client_ref = models.CharField(max_length=MAX_REF, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "sender", "client_ref"],
                condition=~models.Q(client_ref=""),
                name="chat_message_once_per_ref",
            )
        ]

    def __str__(self) -> str:
        return f"message {self.pk} from {self.sender}"  # never the text

    @property
    def display_text(self) -> str:
        """The text as shown now. Baken's own lines are stored as a message id and parameters and
        translated when read, so each side reads them in their own language."""
        if self.sender != Actor.SYSTEM or not self.text.startswith("{"):
            return self.text
        import json

        from django.utils.translation import gettext

        try:
            data = json.loads(self.text)
            return gettext(data["system"]) % data.get("params", {})
        except (ValueError, KeyError, TypeError):
            return self.text


class CannedText(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="canned_texts")
    title = models.CharField(max_length=80)
    text = models.TextField(max_length=MAX_MESSAGE)

    class Meta:
        ordering = ["organisation", "title"]
        permissions = [("manage_canned_texts", "Can keep their own organisation's canned chat texts")]

    def __str__(self) -> str:
        return self.title


class Block(models.Model):
    client_hash = models.CharField(max_length=64, db_index=True)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"block until {self.until:%Y-%m-%d %H:%M}"


class HourlyCount(models.Model):
    """Anonymous counters per queue and hour: offered, answered, abandoned (with waiting
    seconds) and one row per outcome code. Shown with small-cell suppression in insights."""

    class Metric(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ANSWERED = "answered", _("Answered")
        ABANDONED = "abandoned", _("Left before an answer")
        OUTCOME = "outcome", _("Outcome")

    hour = models.DateTimeField()
    queue_slug = models.SlugField(max_length=60)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    metric = models.CharField(max_length=10, choices=Metric.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    count = models.PositiveIntegerField(default=0)
    wait_seconds = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hour", "queue_slug", "kind", "metric", "outcome"], name="chat_count_cell")
        ]

    def __str__(self) -> str:
        return f"{self.queue_slug} {self.hour:%Y-%m-%d %H}h {self.metric} {self.outcome}"
