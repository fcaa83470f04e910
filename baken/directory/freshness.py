"""How old a listing is allowed to get (pure Python, no ORM).

Opening hours and contact details change most and hurt most when wrong: a person confirms
them every 3 months. The rest of a listing is confirmed every 12 months. A listing past its
due day is *stale*: flagged on its page, ranked below an otherwise equal current one, and
counted in the insights. A short-term alert is shown until (and including) its last day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

CONTACT_MONTHS = 3
REST_MONTHS = 12
# Reminders go out this many days before a listing falls due (and again once it is overdue).
REMIND_DAYS_BEFORE = 14


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (31 May + 3 = 31 Aug,
    30 Nov + 3 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def verification_due(last_verified: date | None, contact_verified: date | None) -> date | None:
    """The first day the listing is overdue; None when it was never verified at all."""
    if last_verified is None and contact_verified is None:
        return None
    whole = add_months(last_verified, REST_MONTHS) if last_verified else None
    contact_base = max(d for d in (last_verified, contact_verified) if d is not None)
    contact = add_months(contact_base, CONTACT_MONTHS)
    return min(d for d in (whole, contact) if d is not None)


def is_stale(due: date | None, today: date) -> bool:
    """Never verified, or past the due day."""
    return due is None or today >= due


@dataclass(frozen=True, slots=True)
class Alert:
    nl: str
    en: str
    until: date | None

    def text(self, language: str | None) -> str:
        return self.en if language == "en" and self.en else self.nl


def active_alert(nl: str, en: str, until: date | None, today: date) -> Alert | None:
    """The alert when it has text and has not expired; an alert without an end day holds until removed."""
    if not (nl or en):
        return None
    if until is not None and today > until:
        return None
    return Alert(nl=nl, en=en, until=until)
