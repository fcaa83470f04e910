"""Background work of the front door: the staff notice when someone waits too long. Tasks
call the small modules below them (selectors, the kernel's notify), never services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from baken.chat import selectors
from baken.core.notify import notify_staff

WAITING_QUIET_SECONDS = 30 * 60


@task()
def notify_waiting(queue_slug: str) -> int:
    """Mail the queue's organisation staff (BCC, no content) that someone is waiting unanswered."""
    return notify_staff(
        selectors.staff_addresses(queue_slug=queue_slug),
        what=_("Someone has been waiting in your Baken chat queue for more than 5 minutes."),
        link="chat:console",
        quiet_key=f"chat-waiting:{queue_slug}",
        quiet_seconds=WAITING_QUIET_SECONDS,
    )
