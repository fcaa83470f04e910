"""Access for people without an account: a reference code (easy to write down, hard to
guess) plus a passphrase they chose. Used by referrals, the buddy programme and mediation.

Wrong code or passphrase gives one generic answer; attempts are counted per client address
so guessing is rate-limited (429) without revealing whether a code exists.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
GROUP_LENGTH = 4  # 12 symbols of 30: about 59 bits, far beyond guessing at 10 tries / 15 min
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 200
WINDOW_SECONDS = 15 * 60

GENERIC_ERROR = _("This code and passphrase do not match. Check them and try again.")
RATE_LIMITED = _("Too many attempts. Wait 15 minutes and try again.")


def new_code(prefix: str = "") -> str:
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(CODE_GROUPS)]
    return "-".join(([prefix] if prefix else []) + groups)


def normalise_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes, O for 0 and so on."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def code_lookup_key(code: str) -> str:
    """A stable key for looking a code up (stored indexed, compared after normalising)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def hash_passphrase(passphrase: str) -> str:
    return make_password(passphrase)


def passphrase_matches(passphrase: str, hashed: str) -> bool:
    return bool(hashed) and check_password(passphrase, hashed)


def _client_key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    # Only a hash of the address is kept, and only for the window.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"baken:access:{scope}:{digest}"


def is_rate_limited(request: HttpRequest, scope: str) -> bool:
    return int(cache.get(_client_key(request, scope), 0)) >= settings.BAKEN_ACCESS_ATTEMPTS


def register_failure(request: HttpRequest, scope: str) -> None:
    key = _client_key(request, scope)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
