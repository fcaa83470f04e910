"""A warm referral: the answers and own words a person chose to send to one organisation,
how that organisation may contact them safely, and what happened since.

Everything a person wrote or that can identify them (story, answers, contact details, the
code, messages, notes) is stored encrypted. The code itself is looked up by a hash; the
passphrase is stored as a password hash. History is append-only.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.crypto import EncryptedJSONField, EncryptedTextField
from baken.core.history import AppendOnly, HistoryEvent
from baken.directory.models import Organisation
from baken.referrals.workflow import Actor, Status

MAX_STORY = 5000
MAX_MESSAGE = 5000
MAX_NOTE = 2000


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    CHAT = "chat", _("Chat")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SELF = "self", _("I will contact them myself with my code")


class DeclineReason(models.TextChoices):
    NOT_OUR_FIELD = "not_our_field", _("We do not offer the help that is needed")
    NO_CAPACITY = "no_capacity", _("We cannot take on new people right now")
    OUTSIDE_AREA = "outside_area", _("We do not work in this area")
    OTHER = "other", _("Another reason")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Help was given or has started")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to other help")
    NO_CONTACT = "no_contact", _("No contact was possible")
    PERSON_STOPPED = "person_stopped", _("The person did not want help (any more)")
    OTHER = "other", _("Other")


class DeletionReason(models.TextChoices):
    WITHDRAWN = "withdrawn", _("Withdrawn by the person")
    RETENTION = "retention", _("Retention period ended")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def for_organisation(self, organisation: Organisation) -> ReferralQuerySet:
        return self.filter(organisation=organisation)

    def expired(self, moment: Any) -> ReferralQuerySet:
        return self.filter(purge_after__isnull=False, purge_after__lte=moment)


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)

    # Access for the person: the code is found by its hash; its encrypted copy lets the
    # organisation confirm it when the person calls, and lets an idempotent retry answer it.
    code_lookup = models.CharField(max_length=64, unique=True)
    code = EncryptedTextField()
    passphrase_hash = models.CharField(max_length=200)
    # A hash of the client's Idempotency-Key and of the request it came with.
    idempotency_key_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)

    answers = EncryptedJSONField(default=dict, blank=True)
    story = EncryptedTextField(blank=True)
    contact = EncryptedJSONField(default=dict, blank=True)

    proposed_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_contact_at = models.DateTimeField(null=True, blank=True)
    purge_after = models.DateTimeField(null=True, blank=True, db_index=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the current organisation received it (changes when it travels on).
    received_at = models.DateTimeField(auto_now_add=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        permissions = [
            ("handle_referral", "Can accept, answer, decline, propose onward and close referrals"),
            ("view_all_audit", "Can read the audit log of every organisation"),
        ]

    def __str__(self) -> str:
        # Never the code or any content: this string can end up in logs and the admin.
        return f"referral {self.public_id}"


class ReferralEvent(HistoryEvent):
    """One step in a referral's history: a status change, a recorded first contact, a message.
    Append-only (core.history); it goes only with its referral (withdrawal, retention)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, default="status")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    actor_kind = models.CharField(max_length=20, choices=Actor.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organisation that held the referral when this happened; staff only see their own part.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    other_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=20, blank=True, help_text="Decline reason or outcome code.")
    # A decline explanation or a proposal is written for the person; other notes stay with staff.
    note_for_person = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.referral} {self.from_status}->{self.to_status} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def reason_label(self) -> str:
        """The decline reason or outcome in words."""
        choices = {Status.DECLINED: DeclineReason, Status.CLOSED: Outcome}.get(self.to_status)  # type: ignore[call-overload]
        if choices is None or not self.code:
            return ""
        try:
            return str(choices(self.code).label)
        except ValueError:
            return self.code


class ReferralMessage(AppendOnly):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    at = models.DateTimeField(auto_now_add=True)
    sender = models.CharField(max_length=20, choices=Actor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        # Never the body.
        return f"message on {self.referral} from {self.sender}"


class ReferralDeletion(models.Model):
    """What is left of a deleted referral: metadata only, so organisations and audits can see
    that something existed and why it is gone, without any content."""

    public_id = models.UUIDField(unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=DeletionReason.choices)
    status_at_deletion = models.CharField(max_length=20, choices=Status.choices)
    received_on = models.DateField()
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deleted_at", "-id"]

    def __str__(self) -> str:
        return f"deleted referral {self.public_id}"
