"""The restorative mediation workflow: which status may follow which, and who may make the
change. Checked by `baken.core.workflow`; one service (`services.case_transition`) applies it.

Actors: the mediator handling the case, the party who registered (`registrant`) and the other
party (`other_party`), who only becomes an actor after the mediator invited them. A person
without an account acts through their code and passphrase.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New: waiting for the mediator")
    INTAKE = "intake", _("The mediator talks with the person who registered")
    OTHER_PARTY_INVITED = "other_party_invited", _("The other person has been asked")
    PREPARATION = "preparation", _("Preparing the contact")
    CONTACT = "contact", _("Contact is taking place")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("The other person does not want to take part")
    WITHDRAWN = "withdrawn", _("Stopped by one of the people involved")


class Actor(models.TextChoices):
    MEDIATOR = "mediator", _("Mediator")
    REGISTRANT = "registrant", _("Person who registered")
    OTHER_PARTY = "other_party", _("Other person")
    SYSTEM = "system", _("System")


S, A = Status, Actor

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.NEW, S.INTAKE): frozenset({A.MEDIATOR}),
    (S.NEW, S.WITHDRAWN): frozenset({A.REGISTRANT, A.MEDIATOR}),
    # Only with the registering party's consent: see services.case_invite_other_party.
    (S.INTAKE, S.OTHER_PARTY_INVITED): frozenset({A.MEDIATOR}),
    (S.INTAKE, S.CLOSED): frozenset({A.MEDIATOR}),
    (S.INTAKE, S.WITHDRAWN): frozenset({A.REGISTRANT, A.MEDIATOR}),
    # The other party answers on their status page, or tells the mediator who records it.
    (S.OTHER_PARTY_INVITED, S.PREPARATION): frozenset({A.OTHER_PARTY, A.MEDIATOR}),
    (S.OTHER_PARTY_INVITED, S.DECLINED): frozenset({A.OTHER_PARTY, A.MEDIATOR}),
    # Either party may stop at any moment; for the invited party this is saying no and erasing.
    (S.OTHER_PARTY_INVITED, S.WITHDRAWN): frozenset({A.REGISTRANT, A.OTHER_PARTY, A.MEDIATOR}),
    (S.PREPARATION, S.CONTACT): frozenset({A.MEDIATOR}),
    (S.PREPARATION, S.CLOSED): frozenset({A.MEDIATOR}),
    (S.PREPARATION, S.WITHDRAWN): frozenset({A.REGISTRANT, A.OTHER_PARTY, A.MEDIATOR}),
    (S.CONTACT, S.CLOSED): frozenset({A.MEDIATOR}),
    (S.CONTACT, S.WITHDRAWN): frozenset({A.REGISTRANT, A.OTHER_PARTY, A.MEDIATOR}),
}

# No status follows these; the retention task deletes the case after BAKEN_RETENTION_DAYS.
TERMINAL = frozenset({S.CLOSED, S.DECLINED, S.WITHDRAWN})
# Statuses in which the other party exists and may act.
OTHER_PARTY_ACTIVE = frozenset({S.OTHER_PARTY_INVITED, S.PREPARATION, S.CONTACT})
# The registering party may change their consent only before anything reached the other party.
CONSENT_CHANGEABLE = frozenset({S.NEW, S.INTAKE})
