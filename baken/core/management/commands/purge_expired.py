"""`python manage.py purge_expired`: delete every case (referrals, buddy cases, mediation cases,
and any kind registered later) whose retention period is over. `--schedule` queues the daily
task for the worker instead (`make worker` does this), `--enqueue` queues one run now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baken.core import retention, tasks


class Command(BaseCommand):
    help = "Delete every case past its retention period (BAKEN_RETENTION_DAYS after it ended)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help="Queue the daily task for the worker.")
        parser.add_argument("--enqueue", action="store_true", help="Queue one run for the worker now.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            queued = tasks.schedule_daily()
            self.stdout.write("Daily retention task queued." if queued else "This task backend cannot schedule.")
            return
        if options["enqueue"]:
            result = tasks.purge_expired.enqueue()
            self.stdout.write(f"Queued retention run (task {result.id}).")
            return
        deleted = retention.purge_all()
        for kind, count in deleted.items():
            self.stdout.write(f"{kind}: deleted {count} past their retention period.")
