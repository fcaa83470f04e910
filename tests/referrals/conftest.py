"""Fixtures for the warm handover: a fast password hasher (the real one is slow on purpose),
referrals made through the services as a person would, and JSON API helpers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from baken.referrals import services
from baken.referrals.models import Referral

PASSPHRASE = "blue kettle on the hill"
CSG = "centrum-seksueel-geweld"
VT = "veilig-thuis"


# Real entries from the dataset: two receiving organisations (the personas work there), one
# more that may receive, and one without staff on Baken.
SUBSET = ["centrum-seksueel-geweld", "veilig-thuis", "fier", "politie"]


@pytest.fixture(scope="session")
def _directory_subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("organisations")
    for slug in SUBSET:
        shutil.copy(Path(settings.BASE_DIR) / "data" / "organisations" / f"{slug}.yaml", folder)
    return folder


@pytest.fixture
def directory(db: None, _directory_subset: Path) -> None:
    """Overrides the full dataset: these tests need four real organisations, not 66."""
    call_command("load_directory", path=str(_directory_subset), stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def submit(
    organisation: str = CSG,
    *,
    story: str = "Het gebeurde na de training.",
    answers: dict[str, Any] | None = None,
    contact: dict[str, Any] | None = None,
    passphrase: str = PASSPHRASE,
    idempotency_key: str = "",
) -> services.Submitted:
    return services.referral_create(
        organisation_slug=organisation,
        answers=answers if answers is not None else {"role": "victim", "violence": ["sexual_violence"], "age": 17},
        story=story,
        contact=contact
        or {
            "channel": "phone",
            "value": "06 12345678",
            "safe_times": "werkdagen 10-12",
            "no_voicemail": True,
            "no_mail": True,
            "code_word": "zonnebloem",
        },
        passphrase=passphrase,
        idempotency_key=idempotency_key,
    )


@pytest.fixture
def make_referral(personas: dict[str, Any]) -> Callable[..., tuple[Referral, str]]:
    """A referral sent by a person (the personas make CSG and Veilig Thuis receiving organisations)."""

    def make(organisation: str = CSG, **kwargs: Any) -> tuple[Referral, str]:
        submitted = submit(organisation, **kwargs)
        return Referral.objects.get(pk=submitted.referral.pk), submitted.code

    return make


def post_json(client: Client, url: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers or {})
