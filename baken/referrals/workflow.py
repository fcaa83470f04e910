"""The warm handover's statuses and who may move a referral from one to the next.

The table is the rule: `baken.core.workflow.check(TRANSITIONS, current, target, actor)` is
called by the one service that changes a status. The person can always withdraw, whatever
the status; withdrawal deletes the content at once (see `services.referral_withdraw`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("Sent, waiting for the organisation")
    ACCEPTED = "accepted", _("Accepted")
    IN_CONTACT = "in_contact", _("In contact")
    ONWARD_PROPOSED = "onward_proposed", _("Another organisation proposed")
    ONWARD_REFUSED = "onward_refused", _("Other organisation not wanted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    PERSON = "person", _("The person")
    ORGANISATION = "organisation", _("The organisation")
    SYSTEM = "system", _("Baken")


ORG = frozenset({Actor.ORGANISATION.value})
PERSON = frozenset({Actor.PERSON.value})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.NEW, Status.ACCEPTED): ORG,
    (Status.NEW, Status.DECLINED): ORG,
    (Status.NEW, Status.ONWARD_PROPOSED): ORG,
    (Status.ACCEPTED, Status.IN_CONTACT): ORG,
    (Status.ACCEPTED, Status.ONWARD_PROPOSED): ORG,
    (Status.ACCEPTED, Status.CLOSED): ORG,
    (Status.IN_CONTACT, Status.ONWARD_PROPOSED): ORG,
    (Status.IN_CONTACT, Status.CLOSED): ORG,
    # The person decides whether the story travels on: approved, it arrives as new at the
    # other organisation; refused, it stays with this one.
    (Status.ONWARD_PROPOSED, Status.NEW): PERSON,
    (Status.ONWARD_PROPOSED, Status.ONWARD_REFUSED): PERSON,
    (Status.ONWARD_REFUSED, Status.ACCEPTED): ORG,
    (Status.ONWARD_REFUSED, Status.IN_CONTACT): ORG,
    (Status.ONWARD_REFUSED, Status.DECLINED): ORG,
    (Status.ONWARD_REFUSED, Status.ONWARD_PROPOSED): ORG,
    (Status.ONWARD_REFUSED, Status.CLOSED): ORG,
    **{(status, Status.WITHDRAWN): PERSON for status in Status if status != Status.WITHDRAWN},
}

# After these the organisation's work is done; the content is deleted after the retention period.
FINISHED = frozenset({Status.DECLINED.value, Status.CLOSED.value})
# The person can still exchange messages with the organisation.
OPEN_FOR_MESSAGES = frozenset(
    {
        Status.NEW.value,
        Status.ACCEPTED.value,
        Status.IN_CONTACT.value,
        Status.ONWARD_PROPOSED.value,
        Status.ONWARD_REFUSED.value,
    }
)
