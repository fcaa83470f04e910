"""Every status pair × every actor: allowed exactly when the TRANSITIONS table says so."""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable
from typing import Any

import pytest

from baken.mediation import services
from baken.mediation.choices import Answer
from baken.mediation.models import Case, CaseEvent
from baken.mediation.services import MediationError
from baken.mediation.workflow import TERMINAL, TRANSITIONS, Actor, Status
from tests.mediation.conftest import CaseSetup

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a, b in itertools.permutations(Status.values, 2)]
ACTORS = [Actor.MEDIATOR, Actor.REGISTRANT, Actor.OTHER_PARTY, "other_mediator"]


def _act(setup: CaseSetup, actor: str, target: str, users: dict[str, Any]) -> None:
    who: Any = {
        Actor.MEDIATOR: users["mediator"],
        "other_mediator": users["other_mediator"],
        Actor.REGISTRANT: setup.registrant,
        Actor.OTHER_PARTY: setup.other,
    }[actor]
    if target == Status.OTHER_PARTY_INVITED and actor in {Actor.MEDIATOR, "other_mediator"}:
        services.case_invite_other_party(case=setup.case, by=who)
    else:
        services.case_transition(case=setup.case, target=target, actor=who)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_transition_matrix(
    make_case: Callable[..., CaseSetup], mediator_a: Any, mediator_b: Any, current: str, target: str, actor: str
) -> None:
    # The other party exists from the invitation on; for the invitation itself it must not exist yet.
    with_other = target != Status.OTHER_PARTY_INVITED
    setup = make_case(current, with_other=with_other)
    users = {"mediator": mediator_a, "other_mediator": mediator_b}
    allowed = actor in TRANSITIONS.get((current, target), frozenset())
    events_before = CaseEvent.objects.filter(case=setup.case).count()
    with contextlib.suppress(MediationError):
        _act(setup, actor, target, users)
    case = Case.objects.get(pk=setup.case.pk)
    if allowed:
        assert case.status == target
        event = CaseEvent.objects.filter(case=case).last()
        assert (event.from_status, event.to_status, event.actor_role) == (current, target, actor)
        assert (case.closed_at is not None) == (target in TERMINAL)
    else:
        assert case.status == current
        assert CaseEvent.objects.filter(case=case).count() == events_before


def test_invitation_needs_the_registrants_consent(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.INTAKE, consent_contact_other_party=False)
    with pytest.raises(MediationError):
        services.case_invite_other_party(case=setup.case, by=mediator_a)
    setup.case.refresh_from_db()
    assert setup.case.status == Status.INTAKE
    assert setup.case.parties.count() == 1  # nothing and nobody on the other side


def test_consent_can_change_only_before_the_invitation(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.INTAKE, consent_contact_other_party=False)
    services.party_consent_set(party=setup.registrant, consent=True)
    code = services.case_invite_other_party(case=setup.case, by=mediator_a)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)  # the one code format
    with pytest.raises(MediationError):
        services.party_consent_set(party=setup.registrant, consent=False)


def test_answers_record_the_other_partys_choice(make_case: Callable[..., CaseSetup]) -> None:
    setup = make_case(Status.OTHER_PARTY_INVITED)
    services.party_answer(party=setup.other, agree=False)
    setup.other.refresh_from_db()
    assert setup.other.answer == Answer.DECLINED
    with pytest.raises(MediationError):  # one answer only
        services.party_answer(party=setup.other, agree=True)


def test_history_is_append_only(make_case: Callable[..., CaseSetup]) -> None:
    event = CaseEvent.objects.filter(case=make_case().case).first()
    event.note = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
