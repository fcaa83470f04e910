"""A conversation's statuses and who may move it from one to the next (checked by
`baken.core.workflow`). A conversation that ends is deleted (its transcript with it) unless
the person consented to a handover that carries the transcript; see ADR 0070."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting for a worker")
    ACTIVE = "active", _("In conversation")
    ENDED = "ended", _("Ended")


class Actor(models.TextChoices):
    VISITOR = "visitor", _("The visitor")
    WORKER = "worker", _("The worker")
    SYSTEM = "system", _("Baken")


VISITOR = frozenset({Actor.VISITOR.value})
WORKER = frozenset({Actor.WORKER.value})
ANYONE = frozenset({Actor.VISITOR.value, Actor.WORKER.value, Actor.SYSTEM.value})

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.WAITING, Status.ACTIVE): WORKER,  # accept-next, or a supervisor assigning
    (Status.ACTIVE, Status.WAITING): WORKER,  # transfer to another queue
    (Status.ACTIVE, Status.ACTIVE): WORKER,  # take-over or reassignment by a supervisor
    (Status.WAITING, Status.ENDED): ANYONE,  # the visitor leaves, or the inactivity timeout
    (Status.ACTIVE, Status.ENDED): ANYONE,
}
