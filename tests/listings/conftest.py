"""Personas for the listings: the shared ones (tests/conftest.py) plus Fenna, platform editor."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from baken.accounts.models import User
from baken.directory.models import Organisation
from tests.conftest import make_user

CSG = "centrum-seksueel-geweld"
VT = "veilig-thuis"


@pytest.fixture
def people(personas: dict[str, User]) -> dict[str, User]:
    return {**personas, "fenna": make_user("fenna", role="platform editor")}


@pytest.fixture
def csg(directory: None) -> Organisation:
    return Organisation.objects.get(slug=CSG)


def phone(org: Organisation) -> Any:
    return org.channels.get(type="phone")


def confirmed(**extra: Any) -> dict[str, Any]:
    return {"source_kind": "confirmed", "source_ref": "", "source_date": date.today(), **extra}
