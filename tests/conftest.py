"""Personas and shared fixtures.

Personas: Anna (staff of Centrum Seksueel Geweld), Bram (admin of Centrum Seksueel Geweld),
Chris (staff of Veilig Thuis, another organisation), Dewi (platform coordinator),
Eva (platform admin). Help seekers have no account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.models import User
from baken.directory.models import Organisation, OrganisationMember

DATA = Path(settings.BASE_DIR) / "data" / "organisations"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def directory(db: None) -> None:
    """The real directory dataset, loaded as `make run` loads it."""
    call_command("load_directory", path=str(DATA), stdout=open("/dev/null", "w"))  # noqa: SIM115


def make_user(username: str, *, role: str | None = None, organisation: Organisation | None = None) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery staple")
    if role:
        user.groups.add(Group.objects.get(name=role))
    if organisation is not None:
        OrganisationMember.objects.create(user=user, organisation=organisation)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def verified_client(user: User) -> Client:
    """A test client logged in with password and a verified second factor."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    import time

    session["baken_login_at"] = int(time.time())
    session.save()
    return client


@pytest.fixture
def staff_client() -> Callable[[User], Client]:
    return verified_client


@pytest.fixture
def personas(directory: None) -> dict[str, User]:
    csg = Organisation.objects.get(slug="centrum-seksueel-geweld")
    vt = Organisation.objects.get(slug="veilig-thuis")
    return {
        "anna": make_user("anna", role="organisation staff", organisation=csg),
        "bram": make_user("bram", role="organisation admin", organisation=csg),
        "chris": make_user("chris", role="organisation staff", organisation=vt),
        "dewi": make_user("dewi", role="platform coordinator"),
        "eva": make_user("eva", role="platform admin"),
    }


def redis_up() -> bool:
    """Whether Redis listens on 127.0.0.1:6379 (tests of what production shares through it)."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


requires_redis = pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
