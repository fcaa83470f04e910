"""The one way to e-mail staff about a case: a fixed sentence that something is waiting, a link
to log in, every address in BCC (so staff never learn each other's addresses from a notice),
and never a name, a code, a story, or even which case it is.

Callers pass a `what` from a fixed set of translated sentences, never text a person wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def notify_staff(
    addresses: Iterable[str],
    *,
    what: Any,
    link: str = "",
    quiet_key: str = "",
    quiet_seconds: int = 0,
) -> int:
    """Send one notice to these staff addresses (BCC only). With `quiet_key`, at most one
    notice per key in `quiet_seconds`. Returns the number of addresses mailed."""
    recipients = sorted({a for a in addresses if a})
    if not recipients:
        return 0
    if quiet_key and not cache.add(f"baken:notified:{quiet_key}", 1, quiet_seconds):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        lines = [str(what)]
        if link:
            # A path, or a URL name reversed in the default language (the staff pages' own).
            path = link if link.startswith("/") else reverse(link)
            lines.append(_("Log in to read it: %(url)s") % {"url": settings.BAKEN_SITE_URL.rstrip("/") + path})
        else:
            lines.append(_("Log in to Baken to see it."))
        lines.append(_("For everyone's safety this e-mail never says what it is about."))
        message = EmailMessage(
            subject=_("Something new is waiting for you in Baken"),
            body="\n\n".join(lines),
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.send()
    return len(recipients)
