"""The passphrase-guessing limit under real concurrency (issue 11): 20 parallel wrong guesses
from one address, through the person-facing routes (the status page and the JSON API): at most
BAKEN_ACCESS_ATTEMPTS of them reach the passphrase check, every other one answers 429.

Real threads, each with its own database connection, against PostgreSQL; once with the
in-process cache and once with Redis (production shares the counter between processes there).
The Redis run uses its own database number and a fresh key prefix, so nothing else is touched.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from baken.core import access
from tests.conftest import redis_up
from tests.referrals.conftest import PASSPHRASE, post_json
from tests.referrals.test_concurrency import run_together

LIMIT = 5
GUESSES = 20
REDIS_URL = "redis://127.0.0.1:6379/11"


pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: real parallel requests, each with its own connection",
    ),
]


def _caches(kind: str) -> dict[str, Any]:
    prefix = f"guessing-{uuid.uuid4().hex}"
    if kind == "redis":
        backend, location = "django.core.cache.backends.redis.RedisCache", REDIS_URL
    else:
        backend, location = "django.core.cache.backends.locmem.LocMemCache", prefix
    return {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": prefix}}


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "redis" and not redis_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    with override_settings(CACHES=_caches(request.param), BAKEN_ACCESS_ATTEMPTS=LIMIT):
        yield request.param


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every passphrase check (the slow hash), from any thread."""
    counted: list[int] = []
    lock = threading.Lock()
    real = access.passphrase_matches

    def counting(passphrase: str, hashed: str) -> bool:
        with lock:
            counted.append(1)
        return real(passphrase, hashed)

    monkeypatch.setattr(access, "passphrase_matches", counting)
    return counted


def _guesses(send: Callable[[Client], Any]) -> list[int]:
    results = run_together([lambda: send(Client(REMOTE_ADDR="203.0.113.9")).status_code for _ in range(GUESSES)])
    assert all(isinstance(r, int) for r in results), results
    return results


def test_parallel_wrong_guesses_on_the_status_page(
    shared_cache: str, checks: list[int], personas: dict[str, Any], make_referral: Any
) -> None:
    _referral, code = make_referral()
    statuses = _guesses(lambda c: c.post("/verhaal/status/", {"code": code, "passphrase": "wrong guess!"}))
    assert 1 <= len(checks) <= LIMIT
    assert sorted(statuses) == sorted([403] * len(checks) + [429] * (GUESSES - len(checks)))


def test_parallel_wrong_guesses_on_the_api(
    shared_cache: str, checks: list[int], personas: dict[str, Any], make_referral: Any
) -> None:
    _referral, code = make_referral()
    body = {"code": code, "passphrase": "wrong guess!"}
    statuses = _guesses(lambda c: post_json(c, "/api/v1/referrals/status", body))
    assert 1 <= len(checks) <= LIMIT
    assert sorted(statuses) == sorted([403] * len(checks) + [429] * (GUESSES - len(checks)))
    # The right passphrase is refused too while the limit holds: the limit says nothing about the code.
    right = {"code": code, "passphrase": PASSPHRASE}
    assert post_json(Client(REMOTE_ADDR="203.0.113.9"), "/api/v1/referrals/status", right).status_code == 429
    assert post_json(Client(REMOTE_ADDR="198.51.100.4"), "/api/v1/referrals/status", right).status_code == 200
