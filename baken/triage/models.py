"""Anonymous usage counters of the help finder (issue 7 defines them; insights only reads).

One row per day and combination of coarse answers, with a count. No free text, no address, no
cookie or session id, never linked to a referral: a row says only how many people with these
coarse answers reached this outcome on this day.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    RECOGNISING = "recognising", _("Recognising what happens")
    INFORMING = "informing", _("Looking for information")
    SEEKING_HELP = "seeking_help", _("Looking for help")


class AgeBand(models.TextChoices):
    UNDER_12 = "under_12", _("Under 12")
    FROM_12_TO_17 = "12_17", _("12 to 17")
    FROM_18_TO_24 = "18_24", _("18 to 24")
    FROM_25_TO_64 = "25_64", _("25 to 64")
    FROM_65 = "65_plus", _("65 or older")


class SinceBand(models.TextChoices):
    UNDER_7_DAYS = "under_7_days", _("Less than a week ago")
    FROM_7_DAYS_TO_3_MONTHS = "7_days_3_months", _("A week to three months ago")
    FROM_3_TO_12_MONTHS = "3_12_months", _("Three months to a year ago")
    OVER_1_YEAR = "over_1_year", _("More than a year ago")
    ONGOING = "ongoing", _("Still going on")


class Outcome(models.TextChoices):
    RESULTS_SHOWN = "results_shown", _("Results shown")
    INFORMATION_OPENED = "information_opened", _("Information page opened")
    HANDOVER_STARTED = "handover_started", _("Handover started")


DIMENSIONS = ("day", "role", "violence", "phase", "age_band", "since_band", "context", "language", "outcome")


class UsageCount(models.Model):
    day = models.DateField()
    role = models.CharField(max_length=20, blank=True, default="")
    # Sorted, comma-joined violence codes; "" when none was named.
    violence = models.CharField(max_length=255, blank=True, default="")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True, default="")
    since_band = models.CharField(max_length=20, choices=SinceBand.choices, blank=True, default="")
    context = models.CharField(max_length=20, blank=True, default="")
    language = models.CharField(max_length=2, blank=True, default="")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=list(DIMENSIONS), name="triage_usagecount_unique_cell")]
        indexes = [models.Index(fields=["day", "outcome"], name="triage_usage_day_outcome")]

    def __str__(self) -> str:
        return f"{self.day} {self.outcome} {self.phase}: {self.count}"
