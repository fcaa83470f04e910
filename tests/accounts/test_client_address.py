"""Behind a reverse proxy the rate limits and lockouts must count per client, not per proxy;
without one, X-Forwarded-For must be ignored so nobody can dodge a limit by spoofing it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from tests.referrals.conftest import post_json

pytestmark = pytest.mark.django_db
WRONG = {"code": "ZZZZ-ZZZZ-ZZZZ", "passphrase": "a wrong guess"}


def _fail(client: Client, times: int, forwarded: str) -> list[int]:
    return [
        post_json(client, "/api/v1/referrals/status", WRONG, {"X-Forwarded-For": forwarded}).status_code
        for _ in range(times)
    ]


def test_without_a_proxy_the_header_is_ignored(settings: Any) -> None:
    settings.BAKEN_ACCESS_ATTEMPTS = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    # A client rotating a spoofed header is still one address.
    assert [_fail(client, 1, f"198.51.100.{i}")[0] for i in range(3)] == [403, 403, 429]


@override_settings(BAKEN_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_each_client_is_counted_apart(settings: Any) -> None:
    settings.BAKEN_ACCESS_ATTEMPTS = 2
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert _fail(proxy, 3, "198.51.100.1") == [403, 403, 429]
    assert _fail(proxy, 1, "198.51.100.2") == [403]  # another person behind the same proxy
    # What the client wrote to the left of the proxy's entry changes nothing.
    assert _fail(proxy, 1, "1.2.3.4, 198.51.100.1") == [429]
