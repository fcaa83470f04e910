"""System checks for the security core: the field-encryption keys must be real Fernet keys
(a typo would otherwise surface only when the first story is saved), and in production the
rate limits need a cache shared by all processes."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    keys = getattr(settings, "FIELD_ENCRYPTION_KEYS", [])
    if not keys:
        errors.append(Error("BAKEN_FIELD_KEYS is empty.", id="baken.E001"))
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(
                Error(
                    f"Key {position} in BAKEN_FIELD_KEYS is not a Fernet key (32 url-safe base64-encoded bytes).",
                    hint='Generate one with: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="baken.E002",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "The cache is per process: code + passphrase attempts are then counted per worker, "
                "not per client address.",
                hint="Set BAKEN_CACHE_BACKEND to django.core.cache.backends.db.DatabaseCache (and run "
                "`python manage.py createcachetable`) or another shared cache. See docs/deploy.md.",
                id="baken.W001",
            )
        ]
    return []
