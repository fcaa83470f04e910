"""Background work of the warm handover, run by the django-tasks-db worker (`make worker`).

Notifications say only that something new is waiting: never a name, a code, a story or even
which referral it is. Retention deletes finished referrals after `BAKEN_RETENTION_DAYS`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from baken.referrals import selectors, services

# At most one e-mail per organisation in this many seconds: staff look at the inbox anyway.
NOTIFY_QUIET_SECONDS = 300


@task()
def notify_organisation(organisation_id: int) -> int:
    """Tell the organisation's staff that something is waiting. Returns the number of addresses mailed."""
    addresses = selectors.staff_addresses(organisation_id=organisation_id)
    if not addresses or not cache.add(f"baken:notified:{organisation_id}", 1, NOTIFY_QUIET_SECONDS):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        inbox = getattr(settings, "BAKEN_SITE_URL", "").rstrip("/") + reverse("referrals:inbox")
        message = EmailMessage(
            subject=_("Something new is waiting for you in Baken"),
            body=_(
                "Something new is waiting for your organisation in Baken.\n\n"
                "Log in to read it: %(url)s\n\n"
                "For everyone's safety this e-mail never says what it is about."
            )
            % {"url": inbox},
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=addresses,
        )
        message.send()
    return len(addresses)


@task()
def purge_referral(public_id: str) -> bool:
    """Delete one finished referral once its retention period is over (queued when it finished)."""
    return services.referral_purge_if_expired(public_id=public_id)


@task()
def purge_expired_referrals() -> int:
    """The sweep behind the per-referral task: every finished referral past its retention period."""
    return services.referrals_purge_expired()
