"""The buddy programme: buddies (users with a BuddyProfile), cases of people who applied,
matches, plan-of-approach versions, check-ins, messages and the append-only case history.

Everything personal (contact details, intake answers and preferences, notes, plans,
messages, a buddy's lived experience) is stored encrypted; codes that the dashboard counts
or filters on (status, region, dates) are not.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from baken.buddies.choices import (
    Channel,
    CheckInKind,
    CheckInWith,
    Outcome,
    PlanState,
    Region,
    Source,
)
from baken.buddies.workflow import Actor, Status
from baken.core.crypto import EncryptedJSONField, EncryptedTextField
from baken.core.history import HistoryEvent

MAX_CAPACITY = 3


class BuddyProfile(models.Model):
    """A trained volunteer with lived experience. Capacity: how many people at once (1-3)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buddy_profile")
    display_name = models.CharField(_("first name shown to the person"), max_length=80)
    training_completed_on = models.DateField(_("multi-day training completed on"), null=True, blank=True)
    workshops = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)
    meeting_modes = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    active = models.BooleanField(default=True, help_text=_("Paused buddies get no new matches."))
    # Gender, birth year, background and own reporting experience: lived experience, so encrypted.
    personal = EncryptedJSONField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY), name="buddy_capacity_1_to_3"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def personal_data(self) -> dict[str, Any]:
        return self.personal or {}


class BuddyCase(models.Model):
    """One person's way through the programme. The person has no account: they come back with
    a reference code (only its hash is stored) and a passphrase they chose."""

    code_key = models.CharField(max_length=64, unique=True)
    passphrase_hash = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APPLIED, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.WEBSITE)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referring_organisation = models.SlugField(max_length=120, blank=True)
    # {"name", "phone", "email", "safe_times"}
    contact = EncryptedJSONField(null=True, blank=True)
    contact_language = models.CharField(max_length=2, default="nl")
    applicant_note = EncryptedTextField(blank=True)
    intake_at = models.DateTimeField(null=True, blank=True)
    intake_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    # {"languages", "support", "support_other", "preferences": {...}, "notes"}; see forms.IntakeForm
    intake = EncryptedJSONField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(blank=True)
    content_removed_at = models.DateTimeField(null=True, blank=True)
    # When the case ended (finished, declined or withdrawn): retention counts from here.
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [
            ("coordinate", "Can coordinate the buddy programme (all cases)"),
            ("act_as_buddy", "Can act as a buddy (own matches only)"),
            ("refer_person", "Can refer a person to the buddy programme"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def label(self) -> str:
        return f"#{self.pk}"

    @property
    def intake_data(self) -> dict[str, Any]:
        return self.intake or {}

    @property
    def contact_data(self) -> dict[str, Any]:
        return self.contact or {}


class CaseEvent(HistoryEvent):
    """One status change. Append-only (core.history): withdrawal erases the note; retention
    deletes the row with its case."""

    case = models.ForeignKey(BuddyCase, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_role = models.CharField(max_length=20, choices=Actor.choices)

    def __str__(self) -> str:
        return f"{self.case} {self.from_status or '-'} -> {self.to_status}"


class Match(models.Model):
    """A buddy confirmed for a case by a coordinator. At most one open match per case."""

    case = models.ForeignKey(BuddyCase, on_delete=models.CASCADE, related_name="matches")
    buddy = models.ForeignKey(BuddyProfile, on_delete=models.PROTECT, related_name="matches")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    value = models.PositiveIntegerField(default=0)
    # Criterion codes that were met (never the values themselves).
    met_criteria = models.JSONField(default=list, blank=True)
    introduced_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_status = models.CharField(max_length=20, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(ended_at__isnull=True), name="one_open_match_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.buddy}"


class PlanVersion(models.Model):
    """One saved version of the plan of approach. Content is written once; only the review
    fields change (submitted → approved / returned)."""

    case = models.ForeignKey(BuddyCase, on_delete=models.CASCADE, related_name="plan_versions")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField()
    # {"support", "actions", "contact_frequency", "contact_channel", "location", "reachability"}
    content = EncryptedJSONField(null=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=20, choices=Actor.choices)
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT)
    review_comment = EncryptedTextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.case} plan v{self.number}"

    @property
    def content_data(self) -> dict[str, Any]:
        return self.content or {}


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def open(self) -> CheckInQuerySet:
        return self.filter(done_at__isnull=True, cancelled=False)

    def overdue(self, today: Any) -> CheckInQuerySet:
        return self.open().filter(due_on__lt=today)


class CheckIn(models.Model):
    """A coordinator's check-in with the person or the buddy, every BAKEN_CHECKIN_INTERVAL_DAYS."""

    case = models.ForeignKey(BuddyCase, on_delete=models.CASCADE, related_name="checkins")
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="checkins")
    with_whom = models.CharField(max_length=10, choices=CheckInWith.choices)
    kind = models.CharField(max_length=10, choices=CheckInKind.choices, default=CheckInKind.REGULAR)
    due_on = models.DateField(db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concern = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True)
    cancelled = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} check-in {self.with_whom} {self.due_on}"


class Message(models.Model):
    """A message in the case. While a buddy is matched, their messages and the person's are
    shared with that buddy (`match`); earlier messages stay between person and coordinator."""

    case = models.ForeignKey(BuddyCase, on_delete=models.CASCADE, related_name="messages")
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=20, choices=Actor.choices)
    body = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} message {self.pk}"
