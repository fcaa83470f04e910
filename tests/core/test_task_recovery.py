"""A task whose worker was killed in the middle is not lost: django-tasks-db leaves it
"running" for ever, and `requeue_stale_tasks` hands it back to the queue, where the next worker
runs it. A task that keeps killing its worker ends as failed instead of looping."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from baken.core.task_recovery import stale_tasks_requeue
from baken.core.tasks import purge_expired

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _claimed_by_dead_worker(*, minutes_ago: int, claims: int = 1) -> DBTaskResult:
    """Enqueue a real task and leave it as a worker leaves it when it is killed mid-task."""
    result = purge_expired.enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    for number in range(claims):
        row.claim(f"dead-worker-{number}")
    DBTaskResult.objects.filter(id=row.id).update(started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING
    return row


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_TASKS, BAKEN_TASK_STALE_SECONDS=600)
def test_a_task_claimed_by_a_killed_worker_runs_again_after_the_reaper() -> None:
    lost = _claimed_by_dead_worker(minutes_ago=11)
    # Without recovery no worker ever picks it up again.
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.RUNNING

    call_command("requeue_stale_tasks", verbosity=0)
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.READY

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.SUCCESSFUL
    assert lost.return_value and set(lost.return_value.values()) == {0}  # ran every purge, nothing due
    assert len(lost.worker_ids) == 2  # the dead worker's claim, then the one that finished it


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_still_within_its_running_time_is_left_to_its_worker() -> None:
    running = _claimed_by_dead_worker(minutes_ago=2)
    result = stale_tasks_requeue(older_than_seconds=600)
    running.refresh_from_db()
    assert result.requeued == [] and running.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_TASKS)
def test_a_task_that_keeps_killing_its_worker_ends_failed_not_in_a_loop() -> None:
    poison = _claimed_by_dead_worker(minutes_ago=30, claims=3)
    result = stale_tasks_requeue(older_than_seconds=600, max_claims=3)
    poison.refresh_from_db()
    assert result.failed == [str(poison.id)]
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path.endswith("WorkerLost")
