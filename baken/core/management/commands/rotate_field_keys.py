"""Re-encrypt every encrypted field with the newest key of BAKEN_FIELD_KEYS.

Key rotation, step by step (docs/deploy.md):
1. Generate a key: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`.
2. Put it FIRST in BAKEN_FIELD_KEYS, keep the old key after it (`new,old`), restart: new
   writes use the new key, old rows still decrypt.
3. Run `python manage.py rotate_field_keys`.
4. Remove the old key from BAKEN_FIELD_KEYS and restart.

Rows are locked batch by batch, so the application can keep running: a row is never
overwritten with an older value.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from baken.core.crypto import EncryptedJSONField, EncryptedTextField


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, in every installed app."""
    found = []
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField | EncryptedJSONField)
        ]
        if names and not model._meta.proxy:
            found.append((model, names))
    return found


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the first (newest) key in BAKEN_FIELD_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = max(1, options["batch_size"])
        total = 0
        for model, names in encrypted_fields():
            label = model._meta.label
            ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), batch_size):
                batch = ids[start : start + batch_size]
                try:
                    with transaction.atomic():
                        # Reading decrypts with any configured key; writing encrypts with the first.
                        rows = model._default_manager.select_for_update().filter(pk__in=batch).values_list("pk", *names)
                        for pk, *values in rows:
                            # A plain QuerySet: re-encrypting the same values is no edit of
                            # append-only history (core.history blocks update() on its managers).
                            plain: models.QuerySet[Any] = models.QuerySet(model=model)
                            plain.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                except ValueError as error:
                    raise CommandError(f"{label}: {error} Nothing in this batch was changed.") from None
            total += len(ids)
            self.stdout.write(f"{label}: {len(ids)} row(s) re-encrypted ({', '.join(names)}).")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} row(s) now use the newest key."))
