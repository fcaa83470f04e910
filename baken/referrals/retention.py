"""Deleting a referral: at once on withdrawal, after the retention period once it finished.
What stays is a `ReferralDeletion` without content. Registered with the kernel's retention
contract in `apps.py`; below services and tasks (it imports neither)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from baken.audit.services import record
from baken.core.history import audit_action
from baken.referrals.models import DeletionReason, Referral, ReferralDeletion
from baken.referrals.workflow import FINISHED

logger = logging.getLogger("baken.referrals")


def referral_delete(referral: Referral, *, reason: DeletionReason, actor: str) -> ReferralDeletion:
    """Delete content, messages and history; keep a metadata record. The caller holds the row lock."""
    deletion = ReferralDeletion.objects.create(
        public_id=referral.public_id,
        organisation=referral.organisation,
        reason=reason,
        status_at_deletion=referral.status,
        received_on=timezone.localdate(referral.received_at),
    )
    record(
        actor=actor,
        action=audit_action("referrals", "referral", f"deleted_{reason}"),
        target_type="referrals.referral",
        target_id=str(deletion.public_id),
        organisation_slug=referral.organisation.slug,
        data={"status": referral.status},
    )
    referral.delete()  # events and messages go with it (on_delete=CASCADE)
    logger.info("referral deleted", extra={"event": "referral.deleted", "reason": str(reason)})
    return deletion


@transaction.atomic
def _purge_one(referral_id: int, now: datetime) -> bool:
    referral = (
        Referral.objects.select_for_update()
        .select_related("organisation")
        .filter(pk=referral_id, status__in=FINISHED, purge_after__lte=now)
        .first()
    )
    if referral is None:
        return False
    referral_delete(referral, reason=DeletionReason.RETENTION, actor="system")
    return True


def purge_expired(now: datetime) -> int:
    """Every finished referral past its retention period, one transaction each."""
    ids = list(Referral.objects.expired(now).filter(status__in=FINISHED).values_list("pk", flat=True))
    return sum(_purge_one(referral_id, now) for referral_id in ids)
