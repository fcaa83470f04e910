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
    # Transfer to another queue: on the visitor's yes to a worker's proposal (chat), or by the
    # worker who heard a phone caller's yes.
    (Status.ACTIVE, Status.WAITING): WORKER | VISITOR,
    # Worker: take-over or reassignment by a supervisor, or a proposal (transfer or handover)
    # put to the visitor. Visitor: their no to a proposal, or their yes to a handover (the
    # chat goes on).
    (Status.ACTIVE, Status.ACTIVE): WORKER | VISITOR,
    (Status.WAITING, Status.ENDED): ANYONE,  # the visitor leaves, or the inactivity timeout
    (Status.ACTIVE, Status.ENDED): ANYONE,
}
