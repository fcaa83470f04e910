"""Restorative mediation cases. A case has two parties; each party's own words, contact
details and goals are encrypted and belong to that party alone: the other party never sees
them. History is append-only; the only edit is erasing content (withdrawal, retention)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from baken.core.crypto import EncryptedJSONField, EncryptedTextField
from baken.core.history import HistoryEvent
from baken.mediation.choices import Answer, ContactForm, NoteKind, Region, RegistrantRole, Side
from baken.mediation.workflow import TERMINAL, Actor, Status


class MediatorProfile(models.Model):
    """A mediator and the regions they work in. Workload is counted from their open cases."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediator_profile")
    regions = models.JSONField(default=list, blank=True, help_text="Region codes, e.g. ['utrecht', 'gelderland'].")
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({', '.join(self.regions) or '-'})"


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(status__in=TERMINAL)


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW, db_index=True)
    registrant_role = models.CharField(max_length=12, choices=RegistrantRole.choices)
    region = models.CharField(max_length=20, choices=Region.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="mediation_cases"
    )
    contact_form = models.CharField(max_length=12, choices=ContactForm.choices, blank=True)
    # A referrer's own name and how to reach them; empty when the person registered themselves.
    referrer = EncryptedJSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    content_erased_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("handle_case", "Can handle restorative mediation cases")]

    def __str__(self) -> str:
        return f"mediation case {self.public_id} ({self.status})"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL


class Party(models.Model):
    """One side of a case. The registrant exists from registration; the other party only once
    the mediator invites them, which needs the registrant's consent."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(max_length=10, choices=Side.choices)
    is_registrant = models.BooleanField()
    # Access: sha256 of the normalised code (see baken.core.access) and the passphrase hash.
    # An invitation has a code but no passphrase until the person claims it.
    code_key = models.CharField(max_length=64, unique=True)
    passphrase_hash = models.CharField(max_length=200, blank=True)
    consent_contact_other_party = models.BooleanField(default=False)
    answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    description = EncryptedTextField(blank=True)
    contact = EncryptedJSONField(null=True, blank=True)
    goals = EncryptedJSONField(null=True, blank=True)
    preferred_forms = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrew_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_registrant", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "side"], name="mediation_one_party_per_side"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(is_registrant=True), name="mediation_one_registrant_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} of {self.case_id}"

    @property
    def actor(self) -> str:
        return Actor.REGISTRANT if self.is_registrant else Actor.OTHER_PARTY

    @property
    def goal_codes(self) -> list[str]:
        return list(self.goals or [])


class Message(models.Model):
    """A message between one party and the mediator. Never shown to the other party."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="messages")
    from_party = models.BooleanField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message {self.pk} ({'from' if self.from_party else 'to'} party {self.party_id})"


class PreparationNote(models.Model):
    """The mediator's own notes to prepare the contact (content or practical). Parties never see them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    text = EncryptedTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} note {self.pk} on case {self.case_id}"


class CaseEvent(HistoryEvent):
    """One status change. Append-only (core.history): saved once, never changed or deleted one
    by one; withdrawal erases the note, retention deletes it with the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)  # "" at registration
    to_status = models.CharField(max_length=24, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=12, choices=Actor.choices)

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} by {self.actor_role}"


class CaseDeletion(models.Model):
    """What remains after the retention task deleted a case: metadata only, no content."""

    public_id = models.UUIDField(unique=True)
    final_status = models.CharField(max_length=24, choices=Status.choices)
    registrant_role = models.CharField(max_length=12, choices=RegistrantRole.choices)
    region = models.CharField(max_length=20, choices=Region.choices)
    registered_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True)
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"deleted mediation case {self.public_id} ({self.final_status})"
