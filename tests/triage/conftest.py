"""Fixtures of the help finder tests: the real dataset as the engine sees it, built straight
from `data/organisations/*.yaml` (no database), and moments in Europe/Amsterdam."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from baken.directory.dataset import read_directory
from baken.directory.snapshot import OrganisationData, from_entries

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DATA = Path(settings.BASE_DIR) / "data" / "organisations"


def at(text: str) -> datetime:
    """A local moment in Amsterdam, e.g. at("2026-11-29 23:30") (a Sunday)."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def snapshot_from_yaml(folder: Path = DATA) -> tuple[OrganisationData, ...]:
    return from_entries(read_directory(folder))


_SNAPSHOT: tuple[OrganisationData, ...] | None = None


@pytest.fixture(scope="session")
def snapshot() -> tuple[OrganisationData, ...]:
    global _SNAPSHOT
    if _SNAPSHOT is None:
        _SNAPSHOT = snapshot_from_yaml()
    return _SNAPSHOT


def serves_role(org: OrganisationData, role: str) -> bool:
    """One of the organisation's offers is for this role (an offer without roles is for all)."""
    return any(not offer.roles or role in offer.roles for offer in org.offers)
