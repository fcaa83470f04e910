"""The daily retention task, run by the django-tasks-db worker (`make worker`).

`purge_expired` runs every registered purge and then queues itself for the next day, so one
queued copy keeps retention going for as long as a worker runs. `make worker` calls
`manage.py purge_expired --schedule` first, which queues it unless a copy is already waiting.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from baken.core import retention

logger = logging.getLogger("baken.retention")
DAILY = timedelta(days=1)
TASK_PATH = "baken.core.tasks.purge_expired"


@task()
def purge_expired(reschedule: bool = False) -> dict[str, int]:
    """Delete every case past its retention period; with `reschedule`, run again in a day."""
    if reschedule:
        # First, so a purge that fails today does not stop tomorrow's.
        schedule_daily()
    deleted = retention.purge_all()
    logger.info("retention ran", extra={"event": "retention.purged", **{f"deleted_{k}": v for k, v in deleted.items()}})
    return deleted


def schedule_daily() -> bool:
    """Queue the next daily run unless one is already waiting. False with a backend that cannot
    run tasks later (tests run tasks at once)."""
    backend = purge_expired.get_backend()
    if not backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
    if not waiting:
        purge_expired.using(run_after=timezone.now() + DAILY).enqueue(reschedule=True)
    return True
