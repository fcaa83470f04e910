"""Background work of restorative mediation (django-tasks; `make worker` runs them)."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def purge_case(case_id: int) -> bool:
    """Delete one case once its retention period has passed (enqueued with run_after)."""
    from baken.mediation.services import case_purge_if_due

    return case_purge_if_due(case_id=case_id)


@task()
def purge_due_cases() -> int:
    """Sweep for cases whose purge was missed (for example a backend without run_after)."""
    from baken.mediation.services import cases_purge_due

    deleted = cases_purge_due()
    logger.info("mediation.purge_sweep", extra={"deleted": deleted})
    return deleted


@task()
def notify_mediator(user_id: int) -> None:
    """Tell a mediator that something is waiting. Never any content, not even the case."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override("nl"):
        send_mail(
            subject=_("Baken: something new is waiting for you"),
            message=_("There is something new for you in Baken (restorative mediation). Log in to see it."),
            from_email=None,
            recipient_list=[user.email],
        )
