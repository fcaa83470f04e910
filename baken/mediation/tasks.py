"""Background work of restorative mediation (django-tasks; `make worker` runs them).
Retention is the kernel's daily run (core.retention)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from baken.core.notify import notify_staff

WAITING = _("There is something new for you in Baken (restorative mediation).")


@task()
def notify_mediator(user_id: int) -> int:
    """Tell a mediator that something is waiting. Never any content, not even the case."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return notify_staff([user.email] if user is not None else [], what=WAITING)
