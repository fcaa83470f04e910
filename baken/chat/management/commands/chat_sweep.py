from typing import Any

from django.core.management.base import BaseCommand

from baken.chat.services import conversations_sweep_idle


class Command(BaseCommand):
    help = "Announce and end idle chats; notify staff about people waiting unanswered (run every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        ended = conversations_sweep_idle()
        self.stdout.write(f"ended {ended}")
