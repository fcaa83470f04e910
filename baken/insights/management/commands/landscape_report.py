"""Write the gap report and the usage summary to a folder, as HTML and CSV, for people who
do not log in to Baken. Usage cells are suppressed exactly as on the staff pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from baken.insights import publish


class Command(BaseCommand):
    help = "Write the landscape gap report and usage summary (HTML and CSV) to a folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="Folder to write to (created when missing).")
        parser.add_argument("--week-of", help="Any day of the week to analyse (YYYY-MM-DD). Default: this week.")
        parser.add_argument("--language", choices=["nl", "en"], default="nl", help="Language of the report.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            week_of = date.fromisoformat(options["week_of"]) if options["week_of"] else timezone.localdate()
        except ValueError:
            raise CommandError("--week-of must be a date as YYYY-MM-DD.") from None
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        with translation.override(options["language"]):
            written = publish.write_landscape_report(
                out, week_of=week_of, threshold=settings.BAKEN_SUPPRESSION_THRESHOLD, language=options["language"]
            )
        for path in written:
            self.stdout.write(str(path))
