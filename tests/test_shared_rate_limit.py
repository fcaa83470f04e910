"""With several web processes, code + passphrase guessing must be counted in one shared place.
Production points the cache at Redis (README: BAKEN_CACHE_BACKEND); this checks the limiter
really works against a Redis server, counting failures across separate clients."""

from __future__ import annotations

from django.core.cache import caches
from django.test import RequestFactory, override_settings

from baken.core import access
from tests.conftest import requires_redis

REDIS_URL = "redis://127.0.0.1:6379/15"


pytestmark = requires_redis

REDIS_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "test"}
}


@override_settings(CACHES=REDIS_CACHES, BAKEN_ACCESS_ATTEMPTS=3)
def test_failures_from_one_address_are_limited_across_processes_via_redis() -> None:
    caches["default"].clear()
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    other = RequestFactory().post("/", REMOTE_ADDR="198.51.100.1")
    for _ in range(3):
        assert not access.is_rate_limited(request, "referral")
        assert access.attempt(request, "referral")  # counted before the check
    assert access.is_rate_limited(request, "referral")
    assert not access.attempt(request, "referral")
    # Another address is not affected, and nothing about the address itself is stored.
    assert not access.is_rate_limited(other, "referral")
    keys = caches["default"]._cache.get_client().keys("*")  # type: ignore[attr-defined]
    assert keys and not any(b"203.0.113.7" in key for key in keys)
    caches["default"].clear()
