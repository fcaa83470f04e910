from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.directory.dataset import DatasetError, import_directory, read_directory


class Command(BaseCommand):
    help = "Load the directory dataset (data/organisations/*.yaml). Idempotent; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--path", default=str(Path(settings.BASE_DIR) / "data" / "organisations"))
        parser.add_argument("--check", action="store_true", help="Validate only; write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            entries = read_directory(Path(options["path"]))
        except DatasetError as error:
            raise CommandError(str(error)) from None
        if options["check"]:
            self.stdout.write(f"{len(entries)} organisation files are valid.")
            return
        summary = import_directory(entries)
        self.stdout.write(
            f"Directory loaded: {summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged, {summary.deactivated} deactivated."
            + (f" {summary.kept} kept as their organisation or an editor changed them." if summary.kept else "")
        )
