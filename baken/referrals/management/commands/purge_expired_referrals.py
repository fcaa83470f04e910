"""Delete finished referrals whose retention period (BAKEN_RETENTION_DAYS) has ended.

Each closed or declined referral also gets its own delayed task when it finishes; this sweep
catches anything a worker missed. Run it daily (cron or a scheduler):
`python manage.py purge_expired_referrals`, or `--enqueue` to hand it to the task worker.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baken.referrals import services
from baken.referrals.tasks import purge_expired_referrals


class Command(BaseCommand):
    help = "Delete finished referrals past their retention period, keeping only a metadata deletion record."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the sweep for the task worker instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_expired_referrals.enqueue()
            self.stdout.write(f"Queued sweep (task {result.id}).")
            return
        deleted = services.referrals_purge_expired()
        self.stdout.write(f"Deleted {deleted} referral(s) past their retention period.")
