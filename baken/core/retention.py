"""The one retention contract. Each kind of case registers one purge function in its
`AppConfig.ready()`; `manage.py purge_expired` and the daily task `core.tasks.purge_expired`
run them all. A purge deletes every case of its kind whose retention period (counted from the
moment it ended, `BAKEN_RETENTION_DAYS`) is over at `now`, one transaction per case, and
returns how many it deleted. Running it early or twice deletes nothing extra.

    # baken/<app>/apps.py
    def ready(self) -> None:
        from baken.core import retention
        from baken.<app> import purge
        retention.register("<app>", purge.purge_expired)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

Purge = Callable[[datetime], int]
_PURGES: dict[str, Purge] = {}


def register(kind: str, purge: Purge) -> None:
    """Register the purge of one kind of case (idempotent: a re-import replaces it)."""
    _PURGES[kind] = purge


def registered() -> dict[str, Purge]:
    return dict(_PURGES)


def period() -> timedelta:
    return timedelta(days=settings.BAKEN_RETENTION_DAYS)


def purge_after(ended_at: datetime) -> datetime:
    """When a case that ended at `ended_at` is deleted."""
    return ended_at + period()


def ended_before(now: datetime | None = None) -> datetime:
    """Cases that ended before this moment are past their retention period."""
    return (now or timezone.now()) - period()


def purge_all(now: datetime | None = None) -> dict[str, int]:
    """Run every registered purge; the number deleted per kind."""
    moment = now or timezone.now()
    return {kind: purge(moment) for kind, purge in sorted(_PURGES.items())}
