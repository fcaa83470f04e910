"""Statuses of a buddy case and who may move it from one to the next.

`services.case_transition` is the only place that changes a status; it checks this table.
docs/workflows.md draws it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTAKE_SCHEDULED = "intake_scheduled", _("Intake planned")
    WAITING = "waiting", _("Waiting for a buddy")
    MATCHED = "matched", _("Buddy found")
    INTRODUCED = "introduced", _("Introduced: writing the plan")
    PLAN_SUBMITTED = "plan_submitted", _("Plan sent to the coordinator")
    ACTIVE = "active", _("Buddy support running")
    CLOSED = "closed", _("Closed: aftercare")
    FINISHED = "finished", _("Finished")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Not accepted after intake")


class Actor(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    BUDDY = "buddy", _("Buddy")
    PERSON = "person", _("The person")


S = Status
COORDINATOR = frozenset({Actor.COORDINATOR})
PERSON_OR_COORDINATOR = frozenset({Actor.PERSON, Actor.COORDINATOR})

# Cases that are still running: the person can withdraw from any of them.
OPEN_STATUSES = (
    S.APPLIED,
    S.INTAKE_SCHEDULED,
    S.WAITING,
    S.MATCHED,
    S.INTRODUCED,
    S.PLAN_SUBMITTED,
    S.ACTIVE,
)
# The case has ended: retention counts from the moment it got here (`closed_at`).
ENDED_STATUSES = (S.FINISHED, S.DECLINED, S.WITHDRAWN)
# The coordinator may plan (or move) the intake, and record it or change the preferences.
INTAKE_PLANNABLE = (S.APPLIED, S.INTAKE_SCHEDULED)
INTAKE_RECORDABLE = (S.INTAKE_SCHEDULED, S.WAITING)
# Statuses in which a buddy is attached to the case (counts against the buddy's capacity).
MATCHED_STATUSES = (S.MATCHED, S.INTRODUCED, S.PLAN_SUBMITTED, S.ACTIVE)

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # Intake: the coordinator plans a conversation, then records needs and preferences.
    (S.APPLIED, S.INTAKE_SCHEDULED): COORDINATOR,
    (S.INTAKE_SCHEDULED, S.WAITING): COORDINATOR,
    (S.APPLIED, S.DECLINED): COORDINATOR,
    (S.INTAKE_SCHEDULED, S.DECLINED): COORDINATOR,
    # Matching: only a coordinator confirms a proposal; nobody is introduced automatically.
    (S.WAITING, S.MATCHED): COORDINATOR,
    (S.MATCHED, S.INTRODUCED): COORDINATOR,
    # The plan of approach is written by the person and the buddy, approved by the coordinator.
    (S.INTRODUCED, S.PLAN_SUBMITTED): frozenset({Actor.PERSON, Actor.BUDDY}),
    (S.PLAN_SUBMITTED, S.ACTIVE): COORDINATOR,
    (S.PLAN_SUBMITTED, S.INTRODUCED): COORDINATOR,
    (S.ACTIVE, S.INTRODUCED): COORDINATOR,
    # Re-matching after a concern, or when the introduction did not work out.
    (S.MATCHED, S.WAITING): COORDINATOR,
    (S.INTRODUCED, S.WAITING): COORDINATOR,
    (S.PLAN_SUBMITTED, S.WAITING): COORDINATOR,
    (S.ACTIVE, S.WAITING): COORDINATOR,
    # Closing with an outcome, then an aftercare check-in.
    (S.ACTIVE, S.CLOSED): COORDINATOR,
    (S.CLOSED, S.FINISHED): COORDINATOR,
    # The person can always stop; a coordinator records it when the person tells them.
    **{(status, S.WITHDRAWN): PERSON_OR_COORDINATOR for status in OPEN_STATUSES},
}
