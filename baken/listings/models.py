"""Proposed changes to a listing and the listing's history.

Every change to a listing is a `ListingProposal` with its source; nothing reaches the
directory without one. `ListingEvent` is the listing's history: written once, never edited
(the case kernel's `AppendOnly`: no update, no delete).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.history import AppendOnly
from baken.directory.models import Organisation
from baken.listings.workflow import Actor, Status


class SourceKind(models.TextChoices):
    URL = "url", _("A web page")
    DOCUMENT = "document", _("A document")
    CONFIRMED = "confirmed", _("Confirmed by the organisation")


class ListingProposal(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="proposals")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    urgent = models.BooleanField(default=False)
    # "Everything else in the listing is still correct": publishing also renews last_verified.
    confirms_all = models.BooleanField(default=False)
    changes = models.JSONField(default=dict, blank=True)
    # The values the change set replaces, captured when it was proposed (for the diff and for undoing).
    before = models.JSONField(default=dict, blank=True)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_ref = models.CharField(max_length=500, blank=True, help_text=_("The URL or the document's name."))
    source_date = models.DateField(help_text=_("The day the source says this."))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text=_("Why it was sent back."))

    class Meta:
        ordering = ["-proposed_at", "-id"]
        permissions = [
            ("propose_listing_change", "Can propose changes to the listing of their own organisation"),
            ("propose_any_listing_change", "Can propose changes to every listing"),
            ("review_listing_change", "Can publish or send back proposed listing changes"),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} for {self.organisation.slug} ({self.status})"

    def source_text(self) -> str:
        if self.source_kind == SourceKind.CONFIRMED:
            return str(_("Confirmed by the organisation on %(day)s") % {"day": _day(self.source_date)})
        return f"{self.source_ref} ({_day(self.source_date)})"


def _day(day: date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


class ListingEvent(AppendOnly):
    """One step in a listing's history: who did what, when, with which change set and source."""

    class Action(models.TextChoices):
        PROPOSED = "proposed", _("Proposed a change")
        PUBLISHED_AT_ONCE = "published_at_once", _("Published an urgent change at once")
        PUBLISHED = "published", _("Published")
        SENT_BACK = "sent_back", _("Sent back")
        REVERTED = "reverted", _("Sent back and undid an urgent change")
        WITHDRAWN = "withdrawn", _("Withdrew a proposal")
        REMINDED = "reminded", _("Sent a verification reminder")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="listing_events")
    proposal = models.ForeignKey(
        ListingProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor_kind = models.CharField(max_length=20, choices=Actor.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    before = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=600, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.slug} {self.action} at {self.at:%Y-%m-%d %H:%M}"
