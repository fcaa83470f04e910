"""Retention of buddy cases: a case that ended (finished, declined or withdrawn) is deleted,
with its history, matches, plans, check-ins and messages, `BAKEN_RETENTION_DAYS` after it
ended (`closed_at`). Only the audit event stays. Registered with the kernel's retention
contract in `apps.py`; imports neither services nor tasks."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from baken.audit.services import record
from baken.buddies.choices import PROGRAMME_ORGANISATION
from baken.buddies.models import BuddyCase
from baken.buddies.workflow import ENDED_STATUSES
from baken.core import retention
from baken.core.history import audit_action


@transaction.atomic
def _purge_one(case_id: int, cutoff: datetime) -> bool:
    case = (
        BuddyCase.objects.select_for_update()
        .filter(pk=case_id, status__in=ENDED_STATUSES, closed_at__lte=cutoff)
        .first()
    )
    if case is None:
        return False
    record(
        actor="system",
        action=audit_action("buddies", "case", "deleted"),
        target=case,
        organisation_slug=PROGRAMME_ORGANISATION,
        data={"reason": "retention", "final_status": case.status},
    )
    case.delete()  # everything of the case goes with it (on_delete=CASCADE)
    return True


def purge_expired(now: datetime) -> int:
    """Every ended case past its retention period, one transaction each."""
    cutoff = retention.ended_before(now)
    ids = list(BuddyCase.objects.filter(status__in=ENDED_STATUSES, closed_at__lte=cutoff).values_list("pk", flat=True))
    return sum(_purge_one(case_id, cutoff) for case_id in ids)
