"""Background work of the buddy programme: check-in reminders and short notices to staff.

E-mails say only that something is waiting; never who, never what.
`python manage.py buddy_checkin_reminders` (run daily) enqueues a reminder for every check-in
that is due within REMIND_DAYS_BEFORE days or overdue and not reminded yet; with a backend
that can defer (the database worker) each new check-in also gets its reminder scheduled ahead.
Retention is the kernel's daily run (core.retention).
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from baken.core.notify import notify_staff

if TYPE_CHECKING:
    from baken.buddies.models import CheckIn

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE = 2
STAFF_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _coordinator_addresses() -> list[str]:
    from baken.accounts.models import User

    users = User.objects.with_perm("buddies.coordinate", backend=STAFF_BACKEND).filter(is_active=True)
    return sorted({u.email for u in users if u.email})


WHAT = {
    "new_application": _("Something is waiting in the buddy programme: a new application."),
    "plan_submitted": _("Something is waiting in the buddy programme: a plan of approach to review."),
    "new_message": _("Something is waiting in the buddy programme: a new message."),
    "checkin_due": _("Something is waiting in the buddy programme: a check-in is due."),
    "new_match": _("Something is waiting for you in the buddy programme: a new match."),
    "match_ended": _("Something changed in the buddy programme: one of your matches has ended."),
}
SOMETHING = _("Something is waiting in the buddy programme.")


@task()
def notify_coordinators(kind: str) -> int:
    """Tell every coordinator that something is waiting (BCC). Returns the number of addresses mailed."""
    sent = notify_staff(_coordinator_addresses(), what=WHAT.get(kind, SOMETHING))
    logger.info("buddies notice sent", extra={"event": "buddies.notice", "kind": kind, "to": sent})
    return sent


@task()
def notify_buddy(buddy_id: int, kind: str) -> int:
    from baken.buddies.models import BuddyProfile

    profile = BuddyProfile.objects.select_related("user").filter(pk=buddy_id).first()
    sent = notify_staff([profile.user.email] if profile is not None else [], what=WHAT.get(kind, SOMETHING))
    logger.info("buddies notice sent", extra={"event": "buddies.notice", "kind": kind, "to": sent})
    return sent


@task()
def send_checkin_reminder(checkin_id: int) -> bool:
    """Remind the coordinators of one check-in, once. False when there was nothing to do."""
    from baken.buddies.models import CheckIn

    with transaction.atomic():
        checkin = CheckIn.objects.select_for_update().filter(pk=checkin_id).first()
        if checkin is None or checkin.done_at or checkin.cancelled or checkin.reminded_at:
            return False
        checkin.reminded_at = timezone.now()
        checkin.save(update_fields=["reminded_at"])
    notify_coordinators.call("checkin_due")
    return True


def due_for_reminder(today: datetime | None = None) -> list[int]:
    """Open check-ins due within REMIND_DAYS_BEFORE days (or overdue) without a reminder."""
    from baken.buddies.models import CheckIn

    day = timezone.localdate(today) if today else timezone.localdate()
    horizon = day + timedelta(days=REMIND_DAYS_BEFORE)
    return list(
        CheckIn.objects.open().filter(due_on__lte=horizon, reminded_at__isnull=True).values_list("pk", flat=True)
    )


def enqueue_due_reminders(today: datetime | None = None) -> int:
    ids = due_for_reminder(today)
    for checkin_id in ids:
        send_checkin_reminder.enqueue(checkin_id)
    return len(ids)


def schedule_reminder(checkin: CheckIn) -> None:
    """With a backend that can run tasks later, remind ahead of the due date; otherwise the
    daily command picks it up."""
    if not send_checkin_reminder.get_backend().supports_defer:
        return
    day = checkin.due_on - timedelta(days=REMIND_DAYS_BEFORE)
    moment = timezone.make_aware(datetime.combine(day, time(8, 0)))
    send_checkin_reminder.using(run_after=max(moment, timezone.now())).enqueue(checkin.pk)
