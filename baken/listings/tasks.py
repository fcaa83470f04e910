"""Background work of the listings (django-tasks; `make worker` runs them). E-mails name the
organisation and what to do, nothing else."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from baken.core.notify import notify_staff
from baken.directory import freshness
from baken.directory.models import Organisation
from baken.listings.models import ListingEvent
from baken.listings.permissions import PROPOSE_OWN, REVIEW

logger = logging.getLogger(__name__)


def _with_permission(codename: str, **filters: object) -> list[object]:
    app_label, name = codename.split(".")
    users = get_user_model().objects.filter(is_active=True, **filters).exclude(email="")
    users = users.filter(
        Q(groups__permissions__codename=name, groups__permissions__content_type__app_label=app_label)
        | Q(user_permissions__codename=name, user_permissions__content_type__app_label=app_label)
    )
    return list(users.distinct())


@task()
def notify_editors(proposal_id: int) -> int:
    """Tell the platform editors that a proposal waits for review."""
    recipients = [u.email for u in _with_permission(REVIEW)]  # type: ignore[attr-defined]
    return notify_staff(recipients, what=_("A change to a listing waits for your review."), link="listings:overview")


def reminder_stage(due: date | None, today: date) -> str | None:
    """ "upcoming" within REMIND_DAYS_BEFORE of the due day, "overdue" from it; else None."""
    if due is None or today >= due:
        return "overdue"
    if today >= due - timedelta(days=freshness.REMIND_DAYS_BEFORE):
        return "upcoming"
    return None


@task()
def send_verification_reminder(organisation_id: int, due: str, stage: str) -> int:
    """Remind the admins of one organisation to check their listing (once per due day and stage)."""
    organisation = Organisation.objects.get(pk=organisation_id)
    already = ListingEvent.objects.filter(
        organisation=organisation, action=ListingEvent.Action.REMINDED, changes__due=due, changes__stage=stage
    ).exists()
    if already:
        return 0
    admins = _with_permission(PROPOSE_OWN, membership__organisation=organisation)
    recipients = [u.email for u in admins]  # type: ignore[attr-defined]
    sent = notify_staff(
        recipients,
        what=_(
            "Please check your organisation's listing: opening hours and contact details every 3 months, "
            "the rest every year. Change what is no longer right, or confirm that everything is still correct."
        ),
        link="listings:overview",
    )
    ListingEvent.objects.create(
        organisation=organisation,
        action=ListingEvent.Action.REMINDED,
        changes={"due": due, "stage": stage, "recipients": len(recipients)},
    )
    logger.info("listings.reminder", extra={"organisation": organisation.slug, "stage": stage})
    return sent


def enqueue_due_reminders(today: date | None = None) -> int:
    """Enqueue one reminder per active organisation that is due soon or overdue."""
    today = today or timezone.localdate()
    count = 0
    for organisation in Organisation.objects.active():
        due = freshness.verification_due(organisation.last_verified, organisation.contact_verified)
        stage = reminder_stage(due, today)
        if stage is None:
            continue
        send_verification_reminder.enqueue(organisation.pk, due.isoformat() if due else "never", stage)
        count += 1
    return count
