"""Access for people without an account, the same for every kind of case (referrals, the
buddy programme, mediation, and whatever comes next). See docs/adr/0070-one-case-kernel.md.

- One code format: three groups of four symbols (`new_code()`), stored only as a lookup hash;
  `create_with_code()` draws a new code when the database reports a collision.
- One check of code + passphrase (`open_with_code()`): the attempt is counted atomically
  *before* the slow hash, so parallel guesses cannot slip past the limit; an unknown code costs
  the same hashing work as a wrong passphrase; one generic error either way.
- One session grant (`grant()`, `granted_id()`, `revoke()`): after a match, this browser
  session may act on that one case for `GRANT_IDLE_SECONDS`, sliding; nothing in a URL.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from baken.core.errors import DomainError

T = TypeVar("T")

# Crockford-style alphabet without look-alikes (no 0/O, 1/I/L, U).
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS = 3
GROUP_LENGTH = 4  # 12 symbols of 30: about 59 bits, far beyond guessing at 10 tries / 15 min
MAX_CODE = 40
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 200
WINDOW_SECONDS = 15 * 60
# One grant policy for every case kind: 20 minutes without activity ends it.
GRANT_IDLE_SECONDS = 20 * 60
CODE_ATTEMPTS = 5

GENERIC_ERROR = _("This code and passphrase do not match. Check them and try again.")
RATE_LIMITED = _("Too many attempts. Wait 15 minutes and try again.")
PASSPHRASE_RULE = _("Choose a passphrase of at least %(min)d characters.")


class AccessDenied(DomainError):
    """Code and passphrase do not open anything. Deliberately says nothing more."""

    default_status = 403

    def __init__(self, message: object = None) -> None:
        super().__init__(message or GENERIC_ERROR)


class RateLimited(AccessDenied):
    """Too many attempts from this client address in the window."""

    default_status = 429

    def __init__(self) -> None:
        super().__init__(RATE_LIMITED)


# --- codes ---------------------------------------------------------------------------------


def new_code() -> str:
    """A fresh reference code, e.g. `7KQM-2XHD-9PRT`. The same format for every kind of case."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(CODE_GROUPS)]
    return "-".join(groups)


def normalise_code(raw: str) -> str:
    """Accept what people type: lower case, spaces, missing dashes, O for 0 and so on."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def code_lookup_key(code: str) -> str:
    """A stable key for looking a code up (stored indexed and unique, compared after normalising)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def create_with_code(create: Callable[[str, str], T], *, on_conflict: Callable[[], T | None] | None = None) -> T:
    """Call `create(code, lookup_key)` in a savepoint with a fresh code; when the insert hits a
    unique constraint, ask `on_conflict()` (e.g. an idempotent replay) and otherwise draw again.
    The caller's unique constraint on the lookup key is what makes a collision impossible."""
    for _attempt in range(CODE_ATTEMPTS):
        code = new_code()
        try:
            with transaction.atomic():
                return create(code, code_lookup_key(code))
        except IntegrityError:
            if on_conflict is not None and (found := on_conflict()) is not None:
                return found
    raise DomainError(_("Something went wrong. Please try again."), status=503)


# --- passphrases ---------------------------------------------------------------------------


def check_passphrase_rule(passphrase: object, *, field: str = "passphrase") -> str:
    """The one passphrase rule; a DomainError naming the field otherwise."""
    if not isinstance(passphrase, str) or not MIN_PASSPHRASE <= len(passphrase) <= MAX_PASSPHRASE:
        raise DomainError(PASSPHRASE_RULE % {"min": MIN_PASSPHRASE}, field=field)
    return passphrase


def hash_passphrase(passphrase: str) -> str:
    return make_password(passphrase)


def passphrase_matches(passphrase: str, hashed: str) -> bool:
    return bool(hashed) and check_password(passphrase, hashed)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return hash_passphrase(secrets.token_hex(16))


# --- counting attempts ---------------------------------------------------------------------


def _client_key(request: HttpRequest, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    # Only a keyed hash of the address is kept, and only for the window.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"baken:access:{scope}:{digest}"


def attempt(request: HttpRequest, scope: str) -> bool:
    """Count one attempt for this client address, atomically (cache `add` + `incr`, so Redis in
    production); False when the limit is already used up. Call before any slow check."""
    key = _client_key(request, scope)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, WINDOW_SECONDS)
        count = cache.incr(key)
    return int(count) <= settings.BAKEN_ACCESS_ATTEMPTS


def refund(request: HttpRequest, scope: str) -> None:
    """A successful attempt does not count against the person."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_client_key(request, scope))


def is_rate_limited(request: HttpRequest, scope: str) -> bool:
    """Whether the limit is used up (without counting); for pages that show a warning early."""
    return int(cache.get(_client_key(request, scope), 0)) >= settings.BAKEN_ACCESS_ATTEMPTS


# --- opening a case ------------------------------------------------------------------------


def open_with_code(
    request: HttpRequest,
    *,
    scope: str,
    code: str,
    passphrase: str,
    find: Callable[[str], T | None],
    hash_of: Callable[[T], str],
) -> T:
    """What `find(lookup_key)` returns for these credentials, or AccessDenied / RateLimited.

    Exactly one passphrase hash is checked per counted attempt, whether the code exists, has
    no passphrase yet, or the passphrase is wrong, so neither timing nor answer tells them apart.
    """
    if not attempt(request, scope):
        raise RateLimited()
    code, passphrase = (code or "")[:MAX_CODE], (passphrase or "")[:MAX_PASSPHRASE]
    found = find(code_lookup_key(code)) if code else None
    hashed = hash_of(found) if found is not None else ""
    matches = passphrase_matches(passphrase, hashed or _decoy_hash())
    if found is None or not hashed or not matches:
        raise AccessDenied()
    refund(request, scope)
    return found


def claim_with_code(request: HttpRequest, *, scope: str, code: str, find: Callable[[str], T | None]) -> T:
    """An unclaimed code (an invitation, a referral made by staff) that the person now gives a
    passphrase: rate-limited like `open_with_code`, one generic error."""
    if not attempt(request, scope):
        raise RateLimited()
    found = find(code_lookup_key(code[:MAX_CODE])) if code else None
    if found is None:
        raise AccessDenied()
    refund(request, scope)
    return found


# --- the session grant ---------------------------------------------------------------------


def _grant_key(scope: str) -> str:
    return f"baken_grant:{scope}"


def grant(request: HttpRequest, *, scope: str, case_id: str | int) -> None:
    """This browser session may act on this one case until it is idle for GRANT_IDLE_SECONDS."""
    request.session.cycle_key()
    request.session[_grant_key(scope)] = {"id": str(case_id), "at": int(time.time())}


def granted_id(request: HttpRequest, *, scope: str) -> str | None:
    """The case this session was granted, sliding the idle timer; None when there is none or it lapsed."""
    held = request.session.get(_grant_key(scope))
    if not isinstance(held, dict) or time.time() - int(held.get("at", 0)) > GRANT_IDLE_SECONDS:
        revoke(request, scope=scope)
        return None
    held["at"] = int(time.time())
    request.session[_grant_key(scope)] = held
    return str(held.get("id", "")) or None


def revoke(request: HttpRequest, *, scope: str) -> None:
    request.session.pop(_grant_key(scope), None)
