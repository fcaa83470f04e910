from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from baken.directory.models import Organisation
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData, from_models
from baken.insights import api, publish, views
from tests.conftest import DATA, make_user, verified_client

Orgs = tuple[OrganisationData, ...]

# Monday 27 April 2026 is King's Day; the week before has no public holiday.
KINGS_DAY_WEEK = date(2026, 4, 27)
PLAIN_WEEK = date(2026, 4, 20)


@pytest.fixture(scope="session")
def organisations(django_db_setup: None, django_db_blocker: Any) -> Orgs:
    """The real dataset as the pure modules see it: loaded once per test session with the
    real loader and snapshot, in a transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_directory", path=str(DATA), stdout=io.StringIO())
        data = from_models(Organisation.objects.active().with_channels())
        transaction.set_rollback(True)
    return data


@pytest.fixture
def snapshot(organisations: Orgs, monkeypatch: pytest.MonkeyPatch) -> Orgs:
    """Pages and the API read that same snapshot, without loading the dataset per test."""
    for module in (views, api, publish):
        monkeypatch.setattr(module, "directory_snapshot", lambda: organisations)
    return organisations


@pytest.fixture
def dewi(db: None, snapshot: Orgs) -> Client:
    """A platform coordinator, logged in with a second factor."""
    return verified_client(make_user("dewi", role="platform coordinator"))


def synthetic(
    slug: str,
    *,
    violence: tuple[str, ...],
    groups: tuple[str, ...] = ("everyone",),
    hours: str = "24/7",
    languages: tuple[str, ...] = (),
    local: bool = False,
    contexts: tuple[str, ...] = (),
) -> OrganisationData:
    """A made-up service with one staffed phone line, for tests that add a service."""
    return OrganisationData(
        slug=slug,
        name=slug.replace("-", " ").title(),
        local=local,
        violence=frozenset(violence),
        help_types=frozenset({"listening", "advice"}),
        target_groups=tuple(TargetGroupData(code=g) for g in groups),
        contexts=frozenset(contexts),
        staffed_by=frozenset({"professionals"}),
        channels=(ChannelData(type="phone", staffed=True, languages=languages, opening_hours=hours),),
    )


def replace_org(orgs: tuple[OrganisationData, ...], slug: str, **changes: object) -> tuple[OrganisationData, ...]:
    return tuple(dataclasses.replace(o, **changes) if o.slug == slug else o for o in orgs)  # type: ignore[arg-type]
