"""Mediation fixtures: two mediators in different regions, and a helper that registers a
case and (optionally) brings it to a status with both parties present."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from baken.accounts.models import User
from baken.core import access
from baken.mediation import services
from baken.mediation.choices import Side
from baken.mediation.models import Case, MediatorProfile, Party
from baken.mediation.workflow import Status
from tests.conftest import make_user, verified_client

PASSPHRASE = "correct horse battery"
OTHER_PASSPHRASE = "another long passphrase"
VICTIM_STORY = "Victim-only words: the night at the camp"
ACCUSED_STORY = "Accused-only words: my side about the camp"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    """Passphrases and passwords are hashed with PBKDF2 in production; that costs a third of
    a second per hash, which the hundreds of workflow cases here do not need."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_mediator(username: str, regions: list[str], *, email: str = "") -> User:
    user = make_user(username, role="mediator")
    if email:
        user.email = email
        user.save(update_fields=["email"])
    MediatorProfile.objects.create(user=user, regions=regions)
    return user


@pytest.fixture
def mediator_a(db: None) -> User:
    return make_mediator("mila", ["utrecht"], email="mila@example.org")


@pytest.fixture
def mediator_b(db: None) -> User:
    return make_mediator("ben", ["groningen"])


@dataclass
class CaseSetup:
    case: Case
    registrant: Party
    code: str
    other: Party | None = None
    other_code: str | None = None


def register(**overrides: Any) -> tuple[Case, str]:
    values: dict[str, Any] = {
        "registrant_role": "victim",
        "consent_contact_other_party": True,
        "region": "utrecht",
        "passphrase": PASSPHRASE,
        "description": VICTIM_STORY,
        "goals": ["answers", "acknowledgement"],
        "contact": {"phone": "06-11112222", "safe_times": "after 18:00"},
    }
    values.update(overrides)
    return services.case_register(**values)


def add_other_party(case: Case) -> tuple[Party, str]:
    """The invited party as `case_invite_other_party` creates it, already claimed."""
    registrant = case.parties.get(is_registrant=True)
    code = access.new_code()
    party = Party.objects.create(
        case=case,
        side=Side.other(registrant.side),
        is_registrant=False,
        code_key=access.code_lookup_key(code),
        passphrase_hash=access.hash_passphrase(OTHER_PASSPHRASE),
        description=ACCUSED_STORY,
        contact={"email": "accused@example.org"},
        goals=["tell_side"],
    )
    return party, code


@pytest.fixture
def make_case(mediator_a: User) -> Callable[..., CaseSetup]:
    """A case in any status. Statuses after the invitation get the other party too."""

    def factory(status: str = Status.NEW, *, with_other: bool | None = None, **overrides: Any) -> CaseSetup:
        case, code = register(**overrides)
        setup = CaseSetup(case=case, registrant=case.parties.get(is_registrant=True), code=code)
        if with_other is None:
            with_other = status not in {Status.NEW, Status.INTAKE}
        if with_other:
            setup.other, setup.other_code = add_other_party(case)
        Case.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
        return setup

    return factory


def party_client(code: str, passphrase: str) -> Client:
    """A browser of a party who opened their page with code and passphrase."""
    client = Client()
    response = client.post("/herstelbemiddeling/mijn-pagina/", {"code": code, "passphrase": passphrase})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client
