"""`python manage.py buddy_checkin_reminders` (daily): enqueue a reminder task for every
check-in due within two days or overdue that has not been reminded yet. (Retention is
`manage.py purge_expired`, for every kind of case.)"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from baken.buddies import tasks


class Command(BaseCommand):
    help = "Enqueue reminders for buddy check-ins that are due or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        count = tasks.enqueue_due_reminders()
        self.stdout.write(f"{count} reminder(s) enqueued.")
