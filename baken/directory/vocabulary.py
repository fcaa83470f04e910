"""The codes Baken speaks (a contract: see ../shared/design/vocabulary.md and docs/glossary.md).

Codes never change once published; labels are translated and written at level B1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VICTIM = "victim", _("It happens or happened to me")
    PERPETRATOR = "perpetrator", _("I am worried about my own behaviour or feelings")
    RELATIVE = "relative", _("Someone close to me is affected")
    BYSTANDER = "bystander", _("I saw or heard something")
    PROFESSIONAL = "professional", _("I work with someone and I am worried")
    ACCUSED = "accused", _("I have been accused")


class Violence(models.TextChoices):
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    CHILD_SEXUAL_ABUSE = "child_sexual_abuse", _("Sexual abuse of a child")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Violence at home or by a (former) partner")
    CHILD_ABUSE = "child_abuse", _("Child abuse")
    ELDER_ABUSE = "elder_abuse", _("Abuse of an older person")
    HUMAN_TRAFFICKING = "human_trafficking", _("Human trafficking and exploitation")
    HONOUR_BASED_VIOLENCE = "honour_based_violence", _("Honour-based violence")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage or being left abroad")
    FGM = "fgm", _("Female genital mutilation")
    ONLINE_ABUSE = "online_abuse", _("Online sexual abuse")
    BOUNDARY_CROSSING = "boundary_crossing", _("Boundary-crossing behaviour")


class Context(models.TextChoices):
    FAMILY = "family", _("In the family")
    PARTNER = "partner", _("With a (former) partner")
    SPORT = "sport", _("In sport")
    RELIGIOUS = "religious", _("In a church, mosque or faith community")
    CULTURE = "culture", _("In the culture sector (arts, film, television)")
    CARE = "care", _("In care")
    WORK = "work", _("At work")
    SCHOOL = "school", _("At school")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Somewhere else")


class Faith(models.TextChoices):
    CHRISTIAN = "christian", _("Christian")
    CATHOLIC = "catholic", _("Catholic")
    REFORMED = "reformed", _("Reformed (reformatorisch)")
    EVANGELICAL = "evangelical", _("Evangelical")
    MUSLIM = "muslim", _("Muslim")
    JEWISH = "jewish", _("Jewish")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddhist", _("Buddhist")
    OTHER = "other", _("Another faith")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")
    UNSPECIFIED = "unspecified", _("I'd rather not say")


class Disability(models.TextChoices):
    PHYSICAL = "physical", _("A physical disability")
    INTELLECTUAL = "intellectual", _("An intellectual disability")
    NONE = "none", _("No")


class Need(models.TextChoices):
    NOW = "now", _("Someone I can reach right now")
    ANONYMOUS = "anonymous", _("Without giving my name")
    FREE = "free", _("Free of charge")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("Meet in person")
    LISTENING = "listening", _("Someone who listens")
    INFORMATION = "information", _("Understand what happened and what I can do")
    ADVICE = "advice", _("Advice on what to do")
    REPORT = "report", _("Report it to a reporting point")
    POLICE_REPORT = "police_report", _("Report it to the police")
    MEDICAL = "medical", _("Medical care")
    SHELTER = "shelter", _("A safe place to stay")
    PEER_EXPERT = "peer_expert", _("Someone who went through it too")
    PEER_CONTACT = "peer_contact", _("Contact with others who went through it")
    BUDDY = "buddy", _("A buddy who stays with me for a while")
    MEDIATION = "mediation", _("Contact with the other person through a mediator")
    LEGAL = "legal", _("Legal information or support")
    OUTREACH = "outreach", _("Someone who comes to me")
    EASY_READ = "easy_read", _("Simple words and pictures")


class HelpType(models.TextChoices):
    ACUTE_HELP = "acute_help", _("Acute help")
    LATER_HELP = "later_help", _("Help later on")
    REPORTING = "reporting", _("Reporting point")
    INFORMATION = "information", _("Information")
    NAVIGATION = "navigation", _("Finding your way to help")
    LISTENING = "listening", _("A listening ear")
    ADVICE = "advice", _("Advice")
    CARE = "care", _("Help and care")
    PEER_CONTACT = "peer_contact", _("Contact with others who went through it")
    PEER_EXPERT = "peer_expert", _("People with lived experience")
    BUDDY = "buddy", _("Buddy")
    OUTREACH = "outreach", _("They come to you")
    LEGAL_SUPPORT = "legal_support", _("Legal support")
    SHELTER = "shelter", _("A safe place to stay")
    REFERRAL = "referral", _("Referral")
    MEDIATION = "mediation", _("Mediation")
    MEDICAL_FORENSIC = "medical_forensic", _("Medical and forensic care")
    POLICE_REPORT = "police_report", _("Police report")
    TRAINING = "training", _("Training")


class ChannelType(models.TextChoices):
    PHONE = "phone", _("Phone")
    CHAT = "chat", _("Chat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    CONTACT_FORM = "contact_form", _("Contact form")
    IN_PERSON = "in_person", _("In person")
    FORUM = "forum", _("Forum")
    APP = "app", _("App")
    WEBSITE = "website", _("Website")
    LETTER = "letter", _("Letter")


class StaffedBy(models.TextChoices):
    PROFESSIONALS = "professionals", _("Professionals")
    VOLUNTEERS = "volunteers", _("Volunteers")
    PEER_EXPERTS = "peer_experts", _("People with lived experience")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    YOUTH = "youth", _("Young people")
    YOUNG_ADULTS = "young_adults", _("Young adults")
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    LGBTIQ = "lgbtiq", _("LGBTIQ+ people")
    MIGRANTS = "migrants", _("Migrants")
    NON_DUTCH_SPEAKERS = "non_dutch_speakers", _("People who do not speak Dutch")
    FAITH_COMMUNITY = "faith_community", _("People of a faith community")
    PHYSICAL_DISABILITY = "physical_disability", _("People with a physical disability")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("People with an intellectual disability")
    ELDERLY = "elderly", _("Older people")
    ATHLETES = "athletes", _("Athletes")
    CULTURE_SECTOR = "culture_sector", _("People in the culture sector")
    PERPETRATORS = "perpetrators", _("People worried about their own behaviour")
    RELATIVES = "relatives", _("People close to someone it happens to")
    BYSTANDERS = "bystanders", _("Bystanders")
    PROFESSIONALS = "professionals", _("Professionals")
    ACCUSED = "accused", _("People who have been accused")


class Scope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class PoliceInvolvement(models.TextChoices):
    NEVER = "never", _("The police are not involved")
    ONLY_IF_YOU_WANT = "only_if_you_want", _("The police are only involved if you want")
    MAY_INVOLVE = "may_involve", _("They may involve the police")
    IS_POLICE = "is_police", _("This is the police")


# Channels where a person talks with a person; only these count as "reachable now".
CONVERSATION_CHANNELS = frozenset({"phone", "chat", "whatsapp", "in_person"})
ISO_LANGUAGE = r"^[a-z]{2}$"


# ---- how the kinds of violence relate ---------------------------------------------------------


class Implication(models.TextChoices):
    """Ids of the implications below (stable, shown in the API and staff views only)."""

    CSA_IS_CHILD_ABUSE = "V-CSA-CHILD-ABUSE", _("Sexual abuse of a child is child abuse")
    HOME_IS_DOMESTIC = "V-HOME-DOMESTIC", _("What happens at home counts as domestic violence")
    MINOR_AT_HOME_IS_CHILD_ABUSE = "V-MINOR-HOME-CHILD-ABUSE", _("Violence against a child at home is child abuse")
    FORCED_MARRIAGE_IS_HONOUR = "V-FORCED-MARRIAGE-HONOUR", _("Forced marriage is honour-based violence")
    FORCED_MARRIAGE_MINOR = "V-FORCED-MARRIAGE-MINOR", _("Forced marriage of a child is child abuse")
    ELDER_IS_DOMESTIC = "V-ELDER-DOMESTIC", _("Abuse of an older person by family or a carer is domestic violence")


@dataclass(frozen=True, slots=True)
class ImplicationRule:
    """When the answers name `when_violence` (any of them; empty: any violence or none) in one
    of `when_context` (empty: any setting), and, where `minor` is set, the person is a minor,
    the answers also count as `adds` (only when some violence was named: with none named,
    every kind already counts). Applied by the help finder and named in its reasons."""

    id: str
    adds: str
    when_violence: frozenset[str] = frozenset()
    when_context: frozenset[str] = frozenset()
    minor: bool | None = None
    source: tuple[str, ...] = ()
    reason_nl: str = ""
    reason_en: str = ""


_HOME = frozenset({"family", "partner"})
_VOCABULARY_MD = "design/vocabulary.md"
IMPLICATIONS: tuple[ImplicationRule, ...] = (
    ImplicationRule(
        id=Implication.CSA_IS_CHILD_ABUSE.value,
        adds="child_abuse",
        when_violence=frozenset({"child_sexual_abuse"}),
        minor=True,
        source=(f"{_VOCABULARY_MD}:43-48", "001_816fd686fdf3165a.txt:2189"),
        reason_nl="Seksueel misbruik van een kind telt ook als kindermishandeling.",
        reason_en="Sexual abuse of a child also counts as child abuse.",
    ),
    ImplicationRule(
        id=Implication.HOME_IS_DOMESTIC.value,
        adds="domestic_violence",
        when_context=_HOME,
        source=(f"{_VOCABULARY_MD}:38-42", "001_816fd686fdf3165a.txt:943"),
        reason_nl="Wat thuis of door een (ex-)partner gebeurt, telt ook als huiselijk geweld.",
        reason_en="What happens at home or by a (former) partner also counts as domestic violence.",
    ),
    ImplicationRule(
        id=Implication.MINOR_AT_HOME_IS_CHILD_ABUSE.value,
        adds="child_abuse",
        when_context=frozenset({"family"}),
        minor=True,
        source=(f"{_VOCABULARY_MD}:43-48",),
        reason_nl="Geweld tegen een kind in het gezin telt ook als kindermishandeling.",
        reason_en="Violence against a child in the family also counts as child abuse.",
    ),
    ImplicationRule(
        id=Implication.FORCED_MARRIAGE_IS_HONOUR.value,
        adds="honour_based_violence",
        when_violence=frozenset({"forced_marriage"}),
        source=(f"{_VOCABULARY_MD}:49-50", "001_816fd686fdf3165a.txt:3016-3019"),
        reason_nl="Huwelijksdwang en achterlating tellen ook als eergerelateerd geweld.",
        reason_en="Forced marriage and being left abroad also count as honour-based violence.",
    ),
    ImplicationRule(
        id=Implication.FORCED_MARRIAGE_MINOR.value,
        adds="child_abuse",
        when_violence=frozenset({"forced_marriage"}),
        minor=True,
        source=(f"{_VOCABULARY_MD}:46-48",),
        reason_nl="Huwelijksdwang van een kind telt ook als kindermishandeling.",
        reason_en="Forced marriage of a child also counts as child abuse.",
    ),
    ImplicationRule(
        id=Implication.ELDER_IS_DOMESTIC.value,
        adds="domestic_violence",
        when_violence=frozenset({"elder_abuse"}),
        source=(f"{_VOCABULARY_MD}:38-42", "001_816fd686fdf3165a.txt:2107"),
        reason_nl="Mishandeling van een oudere door een kind, partner of verzorger telt ook als huiselijk geweld.",
        reason_en="Abuse of an older person by a child, partner or carer also counts as domestic violence.",
    ),
)


def implied_violence(
    violence: Iterable[str], context: str | None, minor: bool | None
) -> tuple[tuple[str, ...], tuple[ImplicationRule, ...]]:
    """The violence codes the answers also count as, and the implications that said so, applied
    until nothing new follows (forced marriage of a minor at home: honour, child abuse, ...)."""
    named = list(dict.fromkeys(violence))
    have = set(named)
    applied: list[ImplicationRule] = []
    changed = True
    while changed:
        changed = False
        for rule in IMPLICATIONS:
            if rule in applied or rule.adds in have:
                continue
            if not have:  # nothing named: every kind already counts, nothing to widen
                break
            if rule.when_violence and rule.when_violence.isdisjoint(have):
                continue
            if rule.when_context and context not in rule.when_context:
                continue
            if rule.minor is not None and minor is not rule.minor:
                continue
            applied.append(rule)
            have.add(rule.adds)
            changed = True
    added = tuple(code for code in (r.adds for r in applied))
    return added, tuple(applied)
