"""Retention of mediation cases: a case that ended (closed, declined, withdrawn) is deleted
`BAKEN_RETENTION_DAYS` after it ended, leaving a `CaseDeletion` without content. Registered
with the kernel's retention contract in `apps.py`; imports neither services nor tasks."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from baken.audit.services import record
from baken.core import retention
from baken.core.history import audit_action
from baken.mediation.models import Case, CaseDeletion
from baken.mediation.workflow import TERMINAL


@transaction.atomic
def _purge_one(case_id: int, cutoff: datetime) -> bool:
    case = Case.objects.select_for_update().filter(pk=case_id, status__in=TERMINAL, closed_at__lte=cutoff).first()
    if case is None:
        return False
    CaseDeletion.objects.create(
        public_id=case.public_id,
        final_status=case.status,
        registrant_role=case.registrant_role,
        region=case.region,
        registered_at=case.created_at,
        closed_at=case.closed_at,
    )
    record(
        actor="system",
        action=audit_action("mediation", "case", "purged"),
        target=case,
        data={"final_status": case.status},
    )
    case.delete()  # parties, messages, notes and history go with it (on_delete=CASCADE)
    return True


def purge_expired(now: datetime) -> int:
    """Every ended case past its retention period, one transaction each."""
    cutoff = retention.ended_before(now)
    ids = list(Case.objects.filter(status__in=TERMINAL, closed_at__lte=cutoff).values_list("pk", flat=True))
    return sum(_purge_one(case_id, cutoff) for case_id in ids)
