"""The directory (sociale kaart): organisations and their channels.

Every fact carries where it came from (`source_*`) and when it was last checked
(`last_verified`). Unknown stays unknown: nullable booleans, null hours, empty language lists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError

from baken.directory import hours, texts
from baken.directory.offers import OfferSchema
from baken.directory.vocabulary import (
    CONVERSATION_CHANNELS,
    ChannelType,
    Context,
    HelpType,
    PoliceInvolvement,
    Scope,
    StaffedBy,
    TargetGroup,
    Violence,
)


def _check_codes(values: Any, valid: type[models.TextChoices], field: str) -> None:
    if not isinstance(values, list):
        raise ValidationError({field: _("Must be a list of codes.")})
    unknown = [v for v in values if v not in valid.values]
    if unknown:
        raise ValidationError(
            {
                field: _("Unknown codes: %(unknown)s. Valid codes: %(valid)s.")
                % {"unknown": ", ".join(map(str, unknown)), "valid": ", ".join(valid.values)}
            }
        )


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> OrganisationQuerySet:
        return self.filter(active=True)

    def with_channels(self) -> OrganisationQuerySet:
        return self.prefetch_related("channels")


class Organisation(texts.OrganisationTexts, models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    description_nl = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    website = models.URLField(blank=True)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.NATIONAL)
    local = models.BooleanField(
        default=False, help_text=_("A general local service listed nationally: you go to the one in your area.")
    )
    violence = models.JSONField(default=list, blank=True, help_text=_("Violence type codes."))
    help_types = models.JSONField(default=list, blank=True, help_text=_("Help type codes."))
    target_groups = models.JSONField(
        default=list, blank=True, help_text=_('List of {"code": ..., "age_min": ..., "age_max": ..., "faith": ...}.')
    )
    offers = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Who the service is for: a list of offers, each a set of conditions that must all hold."),
    )
    contexts = models.JSONField(default=list, blank=True, help_text=_("Context codes the service is specifically for."))
    staffed_by = models.JSONField(default=list, blank=True)
    duty_to_act = models.BooleanField(null=True, blank=True, help_text=_("Has a legal duty to act on reports."))
    police = models.CharField(max_length=20, choices=PoliceInvolvement.choices, blank=True)
    anonymous = models.BooleanField(null=True, blank=True, help_text=_("Can you stay anonymous?"))
    on_contact_note_nl = models.TextField(blank=True)
    on_contact_note_en = models.TextField(blank=True)
    cost_free = models.BooleanField(null=True, blank=True)
    cost_note_nl = models.TextField(blank=True)
    cost_note_en = models.TextField(blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    source_lines = models.CharField(max_length=40, blank=True)
    source_also = models.JSONField(default=list, blank=True)
    source_note = models.TextField(blank=True)
    needs_verification = models.BooleanField(default=False)
    last_verified = models.DateField(help_text=_("A person last confirmed the whole listing on this day."))
    # Opening hours and contact details age faster (3 months) than the rest (12 months); see
    # `freshness.py`. Empty: as old as `last_verified`.
    contact_verified = models.DateField(
        null=True, blank=True, help_text=_("A person last confirmed the opening hours and contact details on this day.")
    )
    last_edited = models.DateTimeField(null=True, blank=True, help_text=_("A published change last altered a fact."))
    # A short-term notice ("closed until 2 January"), shown on the listing and in results until it expires.
    alert_nl = models.CharField(max_length=300, blank=True)
    alert_en = models.CharField(max_length=300, blank=True)
    alert_until = models.DateField(
        null=True, blank=True, help_text=_("The alert is shown up to and including this day.")
    )
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        _check_codes(self.violence, Violence, "violence")
        _check_codes(self.help_types, HelpType, "help_types")
        _check_codes(self.contexts, Context, "contexts")
        _check_codes(self.staffed_by, StaffedBy, "staffed_by")
        if not isinstance(self.target_groups, list) or not all(
            isinstance(g, dict) and g.get("code") in TargetGroup.values for g in self.target_groups
        ):
            raise ValidationError(
                {
                    "target_groups": _("Each target group needs a known code. Valid codes: %(valid)s.")
                    % {"valid": ", ".join(TargetGroup.values)}
                }
            )

        if not isinstance(self.offers, list) or not all(isinstance(offer, dict) for offer in self.offers):
            raise ValidationError({"offers": _("Must be a list of offers.")})
        for offer in self.offers:
            conditions = {k: v for k, v in offer.items() if k not in {"source_file", "source_lines", "note"}}
            if offer.get("source_file"):
                conditions["source"] = {"file": offer["source_file"], "lines": offer.get("source_lines") or "0"}
            else:
                conditions["note"] = offer.get("note") or "entered by staff"
            try:
                OfferSchema.model_validate(conditions)
            except PydanticValidationError as error:
                raise ValidationError({"offers": error.errors()[0]["msg"].removeprefix("Value error, ")}) from None

    def staffed_channels(self) -> list[Channel]:
        return [c for c in self.channels.all() if c.reachable_for_conversation]

    def open_at(self, moment: datetime) -> bool | None:
        """Open when one of its staffed channels is; None when no staffed channel has known hours."""
        states = [c.open_at(moment) for c in self.staffed_channels()]
        if any(s is True for s in states):
            return True
        if any(s is False for s in states):
            return False
        return None

    def next_open(self, moment: datetime) -> datetime | None:
        moments = [m for c in self.staffed_channels() if (m := c.next_open(moment)) is not None]
        return min(moments) if moments else None


class Channel(texts.ChannelTexts, models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="channels")
    position = models.PositiveSmallIntegerField(default=0)
    type = models.CharField(max_length=20, choices=ChannelType.choices)
    value = models.CharField(max_length=300, blank=True, help_text=_("Number, address or URL; empty when unknown."))
    free = models.BooleanField(null=True, blank=True)
    anonymous = models.BooleanField(null=True, blank=True)
    staffed = models.BooleanField(default=False, help_text=_("A person answers. A website or forum is not staffed."))
    languages = models.JSONField(default=list, blank=True, help_text=_("ISO 639-1 codes; empty when unknown."))
    opening_hours = models.CharField(
        max_length=500, blank=True, help_text=_("OpenStreetMap opening_hours syntax; empty when unknown.")
    )
    hours_assumed = models.BooleanField(default=False, help_text=_('"Office hours" stored as Mo-Fr 09:00-17:00.'))
    notes_nl = models.TextField(blank=True)
    notes_en = models.TextField(blank=True)
    # A chat hosted on Baken itself: the slug of its queue in `baken/chat`. The channel's
    # opening hours are the queue's hours, so "open now", recommendations and coverage count it.
    queue = models.SlugField(max_length=60, blank=True, default="")

    class Meta:
        ordering = ["organisation", "position", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.get_type_display()} {self.value}"

    def clean(self) -> None:
        if self.opening_hours:
            try:
                hours.validate(self.opening_hours)
            except hours.InvalidHours as error:
                raise ValidationError(
                    {"opening_hours": _("These opening hours cannot be read: %(reason)s") % {"reason": error}}
                ) from None
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and len(code) == 2 and code.isalpha() and code.islower() for code in self.languages
        ):
            raise ValidationError({"languages": _('Give a list of two-letter ISO 639-1 codes, e.g. ["nl", "en"].')})

    @property
    def reachable_for_conversation(self) -> bool:
        return self.staffed and self.type in CONVERSATION_CHANNELS

    def open_at(self, moment: datetime) -> bool | None:
        return hours.is_open(self.opening_hours or None, moment)

    def next_open(self, moment: datetime) -> datetime | None:
        return hours.next_open(self.opening_hours or None, moment)


class OrganisationMember(models.Model):
    """A staff account belongs to one organisation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


slug_validator = RegexValidator(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
