"""Hand tasks whose worker died back to the queue (run every minute by a timer, deploy/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from baken.core.task_recovery import DEFAULT_MAX_CLAIMS, stale_tasks_requeue


class Command(BaseCommand):
    help = "Requeue tasks that have been running longer than BAKEN_TASK_STALE_SECONDS (their worker died)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than", type=int, default=None, help="seconds (default: BAKEN_TASK_STALE_SECONDS)")
        parser.add_argument("--max-claims", type=int, default=DEFAULT_MAX_CLAIMS)

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = options["older_than"] or settings.BAKEN_TASK_STALE_SECONDS
        result = stale_tasks_requeue(older_than_seconds=older_than, max_claims=options["max_claims"])
        if result.requeued or result.failed or options["verbosity"] > 1:
            counts = f"requeued {len(result.requeued)}, failed {len(result.failed)}"
            self.stdout.write(f"{counts} (older than {older_than} s)")
