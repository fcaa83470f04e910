"""Field encryption at rest with Fernet keys from the environment (`BAKEN_FIELD_KEYS`,
newest first). MultiFernet decrypts with any listed key and encrypts with the first, so a
key is rotated by putting a new key first and running `python manage.py rotate_field_keys`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("Value is not encrypted.")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ValueError("Cannot decrypt: the key that encrypted this value is not configured.") from None


def rotate(token: str) -> str:
    """Re-encrypt with the newest key."""
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """A text column that is only ever stored encrypted. Empty text stays empty (nothing to hide).

    Not searchable or orderable in the database, by design.
    """

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return decrypt(value)


class EncryptedJSONField(models.TextField):
    """JSON stored as encrypted text (for structured personal data such as contact details)."""

    # For django-stubs: the Python value is JSON (dict, list, ...), not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        import json

        if value is None:
            return None
        return encrypt(json.dumps(value, ensure_ascii=False))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        import json

        if value in (None, ""):
            return None
        return json.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value
