"""Background work of the warm handover, run by the django-tasks-db worker (`make worker`).

Notices say only that something new is waiting (core.notify): never a name, a code, a story
or even which referral it is. Retention is the kernel's daily run (core.retention).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from baken.core.notify import notify_staff
from baken.referrals import selectors

# At most one e-mail per organisation in this many seconds: staff look at the inbox anyway.
NOTIFY_QUIET_SECONDS = 300
WAITING = _("Something new is waiting for your organisation in Baken.")


@task()
def notify_organisation(organisation_id: int) -> int:
    """Tell the organisation's staff that something is waiting. Returns the number of addresses mailed."""
    return notify_staff(
        selectors.staff_addresses(organisation_id=organisation_id),
        what=WAITING,
        link="referrals:inbox",
        quiet_key=f"referrals:{organisation_id}",
        quiet_seconds=NOTIFY_QUIET_SECONDS,
    )
