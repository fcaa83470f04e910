"""Codes of the buddy programme (a contract like the directory vocabulary: add, never rename).

The codes are what is stored and what the matching engine compares; labels are translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The organisation that runs the programme; audit events of buddy cases carry its slug.
PROGRAMME_ORGANISATION = "no-need-to-hide"


class Source(models.TextChoices):
    WEBSITE = "website", _("The website")
    HELP_FINDER = "help_finder", _("The help finder")
    PARTNER = "partner", _("A partner organisation")


class Support(models.TextChoices):
    """The support a person can get from a buddy (seed 000, 'Werkwijze')."""

    FIND_PROFESSIONAL = "find_professional", _("Finding a suitable psychologist or lawyer")
    WEIGH_REPORTING = "weigh_reporting", _("Weighing the pros and cons of reporting to the police")
    LISTENING = "listening", _("A listening ear and sharing experiences")
    OTHER = "other", _("Something else")


class Channel(models.TextChoices):
    """How an intake or a buddy meeting takes place."""

    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    CHAT = "chat", _("Chat")


class BuddyGender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")


class Background(models.TextChoices):
    """Parts of a buddy's background a person may want to share with their buddy."""

    LGBTIQ = "lgbtiq", _("LGBTIQ+")
    MIGRATION = "migration", _("A migration background")
    FAITH = "faith", _("Grew up in a faith community")
    DISABILITY = "disability", _("Lives with a disability")
    CHILDHOOD = "childhood", _("Abused as a child")
    FAMILY = "family", _("Abuse within the family")
    PARTNER = "partner", _("Violence by a partner")
    SPORT = "sport", _("Abuse in sport")
    WORK = "work", _("Abuse at work")


class ReportingExperience(models.TextChoices):
    """Whether the buddy went to the police themselves (aangifte / melding / neither)."""

    POLICE_REPORT = "police_report", _("Filed a police report (aangifte)")
    REPORT = "report", _("Reported it without a police report (melding)")
    NEITHER = "neither", _("Did not report it")


class Region(models.TextChoices):
    GRONINGEN = "groningen", _("Groningen")
    FRIESLAND = "friesland", _("Friesland")
    DRENTHE = "drenthe", _("Drenthe")
    OVERIJSSEL = "overijssel", _("Overijssel")
    FLEVOLAND = "flevoland", _("Flevoland")
    GELDERLAND = "gelderland", _("Gelderland")
    UTRECHT = "utrecht", _("Utrecht")
    NOORD_HOLLAND = "noord_holland", _("Noord-Holland")
    ZUID_HOLLAND = "zuid_holland", _("Zuid-Holland")
    ZEELAND = "zeeland", _("Zeeland")
    NOORD_BRABANT = "noord_brabant", _("Noord-Brabant")
    LIMBURG = "limburg", _("Limburg")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays during the day")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")


class Workshop(models.TextChoices):
    LEGAL = "legal", _("Legal aspects of sexual abuse")
    COMMUNICATION = "communication", _("Communication and conversation skills")
    RESILIENCE = "resilience", _("Own resilience")


class Importance(models.TextChoices):
    NICE = "nice", _("Nice to have")
    REQUIRED = "required", _("Required")


class Outcome(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("The goals of the plan were reached")
    PARTLY_REACHED = "partly_reached", _("Some goals were reached")
    REFERRED_ON = "referred_on", _("The person now gets help elsewhere")
    STOPPED_BY_PERSON = "stopped_by_person", _("The person wanted to stop")
    STOPPED_BY_BUDDY = "stopped_by_buddy", _("The buddy had to stop")
    OTHER = "other", _("Other")


class CheckInWith(models.TextChoices):
    PERSON = "person", _("The person")
    BUDDY = "buddy", _("The buddy")


class CheckInKind(models.TextChoices):
    REGULAR = "regular", _("Regular check-in")
    AFTERCARE = "aftercare", _("Aftercare check-in")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the coordinator")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Sent back with comments")


class Eligibility(models.TextChoices):
    """Answers to 'Is it about sexual violence?' on the application form."""

    YES = "yes", _("Yes")
    NOT_SURE = "not_sure", _("I'm not sure")
    NO = "no", _("No")


class Timing(models.TextChoices):
    """When it happened (the last time)."""

    OVER_7_DAYS = "over_7_days", _("7 days ago or longer")
    UNDER_7_DAYS = "under_7_days", _("Less than 7 days ago")
    ONGOING = "ongoing", _("It is still happening")


# Languages offered in the forms (ISO 639-1). The matching engine accepts any code.
LANGUAGE_CHOICES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("fa", _("Persian")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("bg", _("Bulgarian")),
    ("ro", _("Romanian")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))
