"""Recovery of background tasks whose worker died.

django-tasks-db marks a task "running" when a worker claims it and only the same worker marks
it finished. A worker that is killed (SIGKILL, out of memory, the machine lost) leaves the task
"running" for ever: nothing picks it up again. `stale_tasks_requeue` hands such a task back to
the queue once it has been running longer than `BAKEN_TASK_STALE_SECONDS`, which must be longer
than any task runs; so a task runs at least once, and may run twice. Every Baken task is
written to be safe to repeat (a purge of an already purged referral does nothing; a
notification is limited to one per organisation per quiet period).

A task that has already been claimed `max_claims` times (it keeps killing its worker) is marked
failed instead of looping for ever.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

DEFAULT_MAX_CLAIMS = 3


class WorkerLost(Exception):
    """Recorded as the failure of a task whose worker died `max_claims` times while running it."""


@dataclass(frozen=True)
class Requeued:
    requeued: list[str]
    failed: list[str]


def stale_tasks_requeue(
    *, older_than_seconds: int, max_claims: int = DEFAULT_MAX_CLAIMS, now: datetime.datetime | None = None
) -> Requeued:
    """Put tasks that have been "running" longer than `older_than_seconds` back in the queue."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=older_than_seconds)
    requeued: list[str] = []
    failed: list[str] = []
    with transaction.atomic():
        # skip_locked: a worker that is finishing the task right now holds its row; leave it.
        stale = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .order_by("started_at")
        )
        for task in stale:
            if len(task.worker_ids) >= max_claims:
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                task.traceback = f"The worker died while running this task {len(task.worker_ids)} times."
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed.append(str(task.id))
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued.append(str(task.id))
    return Requeued(requeued=requeued, failed=failed)
