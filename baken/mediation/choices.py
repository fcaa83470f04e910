"""Codes of restorative mediation (herstelbemiddeling). Codes are a contract (API, exports):
add, never rename. Labels are B1 and translated.

Source: seed `002_0a0fa3d22ab7600d.txt` (Perspectief Herstelbemiddeling); line numbers below.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrantRole(models.TextChoices):
    """Who fills in the registration: the person themselves or a referrer (002:257)."""

    VICTIM = "victim", _("It happened to me")
    ACCUSED = "accused", _("I have been accused, or I did it")
    REFERRER = "referrer", _("I am a professional and register someone else, with their consent")


class Side(models.TextChoices):
    """The two parties of a case: the victim and the accused (002:29-31)."""

    VICTIM = "victim", _("The person it happened to")
    ACCUSED = "accused", _("The person who is accused")

    @classmethod
    def other(cls, side: str) -> Side:
        return cls.ACCUSED if side == cls.VICTIM else cls.VICTIM


class Region(models.TextChoices):
    """Where the person lives, by province: mediators work in regions (002:15)."""

    GRONINGEN = "groningen", "Groningen"
    FRIESLAND = "friesland", "Fryslân"
    DRENTHE = "drenthe", "Drenthe"
    OVERIJSSEL = "overijssel", "Overijssel"
    FLEVOLAND = "flevoland", "Flevoland"
    GELDERLAND = "gelderland", "Gelderland"
    UTRECHT = "utrecht", "Utrecht"
    NOORD_HOLLAND = "noord_holland", "Noord-Holland"
    ZUID_HOLLAND = "zuid_holland", "Zuid-Holland"
    ZEELAND = "zeeland", "Zeeland"
    NOORD_BRABANT = "noord_brabant", "Noord-Brabant"
    LIMBURG = "limburg", "Limburg"
    UNKNOWN = "unknown", _("I'd rather not say")


class ContactForm(models.TextChoices):
    """Direct or indirect contact between the parties (002:3-5)."""

    MEETING = "meeting", _("A meeting, face to face")
    LETTERS = "letters", _("Letters, passed on by the mediator")
    SHUTTLE = "shuttle", _("The mediator talks with each of you in turn")
    VIDEO = "video", _("A video call")


class VictimGoal(models.TextChoices):
    """What a victim may want from contact with the accused (002:193-203)."""

    ANSWERS = "answers", _("Get answers to my questions")  # 195 "Antwoord op vragen"
    LESS_FEAR_ANGER = "less_fear_anger", _("Feel less fear and anger")  # 197
    ACKNOWLEDGEMENT = "acknowledgement", _("Be acknowledged for the impact it had on me")  # 199
    LESS_FEAR_ENCOUNTER = "less_fear_encounter", _("Be less afraid of meeting the other person")  # 201
    NOT_TO_BLAME = "not_to_blame", _("No longer feel that it was my fault")  # 202 "Ontschuldiging"
    AGREEMENTS = "agreements", _("Make agreements")  # 203


class AccusedGoal(models.TextChoices):
    """What an accused person may want from contact with the victim (002:212-224)."""

    COMPASSION_APOLOGY = "compassion_apology", _("Show compassion or say sorry")  # 214
    INSIGHT_CONSEQUENCES = "insight_consequences", _("Understand the consequences")  # 216
    ANSWER_QUESTIONS = "answer_questions", _("Answer questions")  # 218
    TELL_SIDE = "tell_side", _("Tell my side of the story")  # 220
    PERSON_BEHIND_ACT = "person_behind_act", _("Be seen as a person, not only as the act")  # 222
    FACING_FUTURE = "facing_future", _("Be able to face the future")  # 224 "Confrontatie toekomst"


GOALS_BY_SIDE: dict[str, type[models.TextChoices]] = {Side.VICTIM: VictimGoal, Side.ACCUSED: AccusedGoal}


class NoteKind(models.TextChoices):
    """Preparation of the contact, in content and in practice (002:242-246)."""

    CONTENT = "content", _("Content")
    PRACTICAL = "practical", _("Practical")


class Answer(models.TextChoices):
    """The invited party's answer."""

    AGREED = "agreed", _("Wants to take part")
    DECLINED = "declined", _("Does not want to take part")
