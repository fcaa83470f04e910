"""Fixtures for the front door: four real organisations, two of which host a chat queue on
Baken (a directory channel of type chat with a queue slug and 24/7 hours), and the personas
(Anna works at Centrum Seksueel Geweld, Chris at Veilig Thuis)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from baken.chat import services
from baken.directory.models import Channel, Organisation

SUBSET = ["centrum-seksueel-geweld", "veilig-thuis", "fier", "politie"]
CSG_QUEUE = "csg-chat"
VT_QUEUE = "vt-chat"


@pytest.fixture(scope="session")
def _directory_subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("organisations")
    for slug in SUBSET:
        shutil.copy(Path(settings.BASE_DIR) / "data" / "organisations" / f"{slug}.yaml", folder)
    return folder


def add_queue(organisation: str, slug: str, hours: str = "24/7") -> Channel:
    return Channel.objects.create(
        organisation=Organisation.objects.get(slug=organisation),
        position=99,
        type="chat",
        staffed=True,
        anonymous=True,
        free=True,
        opening_hours=hours,
        queue=slug,
    )


@pytest.fixture
def directory(db: None, _directory_subset: Path) -> None:
    call_command("load_directory", path=str(_directory_subset), stdout=open("/dev/null", "w"))  # noqa: SIM115
    add_queue("centrum-seksueel-geweld", CSG_QUEUE)
    add_queue("veilig-thuis", VT_QUEUE)


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def on_duty(personas: dict[str, Any]) -> dict[str, Any]:
    """Anna signed in to the CSG queue, Chris to the Veilig Thuis queue."""
    services.worker_sign_in(user=personas["anna"], queue_slugs=[CSG_QUEUE], capacity=2)
    services.worker_sign_in(user=personas["chris"], queue_slugs=[VT_QUEUE], capacity=2)
    return personas


ANSWERS = {"role": "victim", "violence": ["sexual_violence"], "age": 17}


def start(queue: str = CSG_QUEUE, *, share: bool = True, answers: dict[str, Any] | None = None) -> services.Started:
    return services.conversation_start(
        queue_slug=queue, share_answers=share, answers=ANSWERS if answers is None else answers, client="c1"
    )


class Api:
    def __init__(self) -> None:
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def post(self, path: str, body: Any, token: str = "") -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return self.client.post(path, json.dumps(body), content_type="application/json", **headers)

    def get(self, path: str, token: str = "") -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return self.client.get(path, **headers)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture(scope="session", autouse=True)
def _socket_threads_let_go_of_the_test_database(django_db_setup: None) -> Iterator[None]:
    """The sockets' pool threads keep their database connections (chat/consumers.py), and
    PostgreSQL will not drop a test database that still has sessions: each thread closes its
    own before the test database is torn down (this fixture ends before `django_db_setup`)."""
    yield
    import threading

    from django.db import connections

    from baken.chat import consumers

    for pool in (consumers._executor, consumers._open_executor):
        # One job per thread: each waits at the barrier until all threads hold one.
        size = pool._max_workers
        everyone = threading.Barrier(size)

        def close_this_threads(everyone: threading.Barrier) -> None:
            connections.close_all()
            everyone.wait(timeout=10)

        for job in [pool.submit(close_this_threads, everyone) for _ in range(size)]:
            job.result(timeout=15)
