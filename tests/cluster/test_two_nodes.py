"""Nothing an app node keeps is needed by another (issue 16, docs/deploy.md).

Two real app processes (uvicorn, as in deploy/) share one database and one Redis. What one
node learns, the other knows: a staff login made on node A works on node B, passphrase guesses
and wrong staff passwords are counted across both, and a handover retried on node B with the
same Idempotency-Key answers with the referral node A created.

The processes use the test database itself: on PostgreSQL the live test database (the test
commits, `transactional_db`), on SQLite a file copy of the in-memory test database.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.directory.models import Organisation
from tests.conftest import make_user

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 7
ROOT = Path(settings.BASE_DIR)
DATA = ROOT / "data" / "organisations"
STAFF_PASSWORD = "correct horse battery staple"  # make_user's test password
PASSPHRASE = "two nodes one memory"


def _redis_up() -> bool:
    try:
        socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Node:
    base: str
    process: subprocess.Popen[bytes]


def _database_url(tmp_path: Path) -> str:
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        user = urllib.parse.quote(params["USER"] or "postgres")
        password = f":{urllib.parse.quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
        host = f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        return f"postgresql://{user}{password}@{host}/{params['NAME']}"
    # SQLite: the test database lives in this process's memory; the nodes share a file copy.
    copy = tmp_path / "cluster.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


def _start_node(port: int, env: dict[str, str]) -> Node:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return Node(base=f"http://127.0.0.1:{port}", process=process)


def _wait_ready(node: Node, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if node.process.poll() is not None:
            raise RuntimeError(f"node {node.base} exited: {node.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"{node.base}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"node {node.base} did not answer /healthz")


def _staff(username: str) -> TOTPDevice:
    # A member of Centrum Seksueel Geweld: the organisation then receives stories.
    csg = Organisation.objects.get(slug="centrum-seksueel-geweld")
    user = make_user(username, role="organisation staff", organisation=csg)
    # The nodes hash with the production hashers, not the tests' fast one.
    user.password = PBKDF2PasswordHasher().encode(STAFF_PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return TOTPDevice.objects.get(user=user)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    """Two nodes over the test database, with the directory and two staff accounts in it
    (created first: on SQLite the nodes get a copy)."""
    call_command("load_directory", path=str(DATA), stdout=open(os.devnull, "w"))  # noqa: SIM115
    _staff("anna-cluster")
    _staff("bram-cluster")
    prefix = f"cluster-test-{secrets.token_hex(6)}"
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _database_url(tmp_path),
            "DATABASE_CONN_MAX_AGE": "0",
            "BAKEN_CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
            "BAKEN_CACHE_LOCATION": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "BAKEN_CACHE_KEY_PREFIX": prefix,
            "BAKEN_ACCESS_ATTEMPTS": "3",
            "BAKEN_LOGIN_FAILURE_LIMIT": "3",
            "BAKEN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "BAKEN_LOG_LEVEL": "WARNING",
        }
    )
    pair = (_start_node(_free_port(), env), _start_node(_free_port(), env))
    try:
        for node in pair:
            _wait_ready(node)
        yield pair
    finally:
        for node in pair:
            node.process.terminate()
        for node in pair:
            try:
                node.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait()
        # Remove only this test's keys from the dedicated Redis db.
        import redis

        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


class Browser:
    """A cookie-keeping client; cookies for 127.0.0.1 go to every port, like a browser's would
    go to every node behind one host name."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(
        self,
        url: str,
        data: dict[str, str] | None = None,
        *,
        json_body: object = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, dict[str, str]]:
        body = None
        all_headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers=all_headers, method="POST" if body else "GET")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), {k.lower(): v for k, v in error.headers.items()}

    def csrf(self, url: str) -> str:
        status, page, _headers = self.request(url)
        assert status == 200, page[:500]
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert match, "no CSRF token on the login page"
        return match.group(1)


def test_a_staff_login_on_one_node_is_valid_on_the_other(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    device = TOTPDevice.objects.get(user__username="anna-cluster")
    browser = Browser()
    token = browser.csrf(f"{a.base}/medewerkers/inloggen/")
    status, _page, _ = browser.request(
        f"{a.base}/medewerkers/inloggen/",
        {"username": "anna-cluster", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert status == 200  # followed to the two-step code page on node A
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    token = browser.csrf(f"{a.base}/medewerkers/code/")
    status, _page, _ = browser.request(
        f"{a.base}/medewerkers/code/", {"token": f"{code:06d}", "csrfmiddlewaretoken": token}
    )
    assert status == 200

    # Node B has never seen this browser, yet serves the staff start page...
    status, page, _ = browser.request(f"{b.base}/medewerkers/")
    assert status == 200 and "/medewerkers/uitloggen/" in page
    # ...while a browser without the session is sent to the login page there.
    stranger = Browser()
    status, page, _ = stranger.request(f"{b.base}/medewerkers/")
    assert status == 200 and 'name="password"' in page


def test_passphrase_guesses_and_wrong_passwords_are_counted_across_nodes(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    guesser = Browser()
    guess = {"code": "AAAA-BBBB-CCCC", "passphrase": "not the passphrase"}
    statuses = [guesser.request(f"{node.base}/api/v1/referrals/status", json_body=guess)[0] for node in (a, b, a)]
    assert statuses == [403, 403, 403]
    # Three failures in all (two on A, one on B): both nodes now refuse, B included.
    assert guesser.request(f"{b.base}/api/v1/referrals/status", json_body=guess)[0] == 429
    assert guesser.request(f"{a.base}/api/v1/referrals/status", json_body=guess)[0] == 429

    staff = Browser()
    for node in (a, b, a):
        token = staff.csrf(f"{node.base}/medewerkers/inloggen/")
        staff.request(
            f"{node.base}/medewerkers/inloggen/",
            {"username": "bram-cluster", "password": "wrong password!", "csrfmiddlewaretoken": token},
        )
    # Locked out on node B too, even with the right password.
    token = staff.csrf(f"{b.base}/medewerkers/inloggen/")
    status, _page, _ = staff.request(
        f"{b.base}/medewerkers/inloggen/",
        {"username": "bram-cluster", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert status == 429


def test_a_retried_handover_on_the_other_node_replays_the_first(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    body = {
        "organisation": "centrum-seksueel-geweld",
        "answers": {"role": "victim", "violence": ["sexual_violence"]},
        "story": "Cluster test",
        "contact": {"channel": "self"},
        "passphrase": PASSPHRASE,
        "consent": True,
    }
    key = {"Idempotency-Key": f"cluster-{secrets.token_hex(8)}"}
    client = Browser()
    status, first, headers = client.request(f"{a.base}/api/v1/referrals", json_body=body, headers=key)
    assert status == 201, first
    assert "idempotent-replayed" not in headers
    status, again, headers = client.request(f"{b.base}/api/v1/referrals", json_body=body, headers=key)
    assert status == 201, again
    assert headers.get("idempotent-replayed") == "true"
    assert json.loads(again)["code"] == json.loads(first)["code"]
    # And the code opens the one referral from either node.
    opened = {"code": json.loads(first)["code"], "passphrase": PASSPHRASE}
    assert client.request(f"{b.base}/api/v1/referrals/status", json_body=opened)[0] == 200
