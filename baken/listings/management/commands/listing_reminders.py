"""`python manage.py listing_reminders` (daily): enqueue a reminder to every organisation whose
listing falls due within two weeks or is overdue (each due day and stage is reminded once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from baken.listings import tasks


class Command(BaseCommand):
    help = "Enqueue verification reminders for listings that are due or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        count = tasks.enqueue_due_reminders()
        self.stdout.write(f"{count} reminder(s) enqueued.")
