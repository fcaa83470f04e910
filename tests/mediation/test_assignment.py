"""Mediator assignment: the pure rule, and the loads the service feeds it."""

from __future__ import annotations

import pytest

from baken.mediation.assignment import MediatorLoad, choose_mediator
from baken.mediation.models import Case
from tests.conftest import make_user
from tests.mediation.conftest import make_mediator, register

U, G = frozenset({"utrecht"}), frozenset({"groningen"})


@pytest.mark.parametrize(
    ("region", "mediators", "expected"),
    [
        ("utrecht", [MediatorLoad(1, U, 5), MediatorLoad(2, G, 0)], 1),  # region beats workload
        ("utrecht", [MediatorLoad(1, U, 5), MediatorLoad(3, U | G, 2)], 3),  # least loaded in region
        ("zeeland", [MediatorLoad(1, U, 5), MediatorLoad(2, G, 1)], 2),  # nobody there: any region
        ("unknown", [MediatorLoad(4, U, 1), MediatorLoad(2, G, 1)], 2),  # tie: lowest id
        ("utrecht", [], None),
    ],
)
def test_choose_mediator(region: str, mediators: list[MediatorLoad], expected: int | None) -> None:
    assert choose_mediator(region, mediators) == expected


@pytest.mark.django_db
def test_registration_assigns_least_loaded_mediator_in_region() -> None:
    busy = make_mediator("busy", ["utrecht"])
    free = make_mediator("free", ["utrecht"])
    elsewhere = make_mediator("elsewhere", ["groningen"])
    Case.objects.create(registrant_role="victim", region="utrecht", mediator=busy)
    Case.objects.create(registrant_role="victim", region="utrecht", mediator=free, status="closed")  # not open
    case, _ = register(region="utrecht")
    assert case.mediator == free
    case, _ = register(region="groningen")
    assert case.mediator == elsewhere
    # Nobody in Zeeland: the least loaded of all; all three have one open case, lowest id wins.
    case, _ = register(region="zeeland")
    assert case.mediator == busy


@pytest.mark.django_db
def test_accounts_without_the_permission_or_an_active_profile_get_no_cases() -> None:
    make_user("nomediator", role="organisation staff")
    retired = make_mediator("retired", ["utrecht"])
    retired.mediator_profile.active = False
    retired.mediator_profile.save()
    case, _ = register(region="utrecht")
    assert case.mediator is None
