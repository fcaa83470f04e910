from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from baken.directory.selectors import directory_snapshot
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData

Orgs = tuple[OrganisationData, ...]

# Monday 27 April 2026 is King's Day; the week before has no public holiday.
KINGS_DAY_WEEK = date(2026, 4, 27)
PLAIN_WEEK = date(2026, 4, 20)


@pytest.fixture
def organisations(directory: None) -> tuple[OrganisationData, ...]:
    """The real dataset as the pure modules see it."""
    return directory_snapshot()


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
