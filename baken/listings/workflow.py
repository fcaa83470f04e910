"""The statuses of a proposed change to a listing and who may move it on.

An ordinary change waits for a platform editor. An urgent change (a temporary closure, a
changed crisis number) is live the moment the organisation sends it and is reviewed
afterwards: the editor confirms it or sends it back, which undoes it. The table is the rule:
`baken.core.workflow.check(TRANSITIONS, current, target, actor)` is called by the one
service that changes a status.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    LIVE_UNREVIEWED = "live_unreviewed", _("Published at once, waiting for review")
    PUBLISHED = "published", _("Published")
    SENT_BACK = "sent_back", _("Sent back")
    REVERTED = "reverted", _("Sent back and undone")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Actor(models.TextChoices):
    ORGANISATION = "organisation", _("The organisation")
    EDITOR = "editor", _("Platform editor")


ORG = frozenset({Actor.ORGANISATION.value})
EDITOR = frozenset({Actor.EDITOR.value})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.SUBMITTED, Status.PUBLISHED): EDITOR,
    (Status.SUBMITTED, Status.SENT_BACK): EDITOR,
    (Status.SUBMITTED, Status.WITHDRAWN): ORG,
    (Status.LIVE_UNREVIEWED, Status.PUBLISHED): EDITOR,
    (Status.LIVE_UNREVIEWED, Status.REVERTED): EDITOR,
}

# Waiting for an editor: the review queue.
OPEN = frozenset({Status.SUBMITTED.value, Status.LIVE_UNREVIEWED.value})
