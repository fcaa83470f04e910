"""Each party's own page: every action × party × status → done (302) or refused (400),
and a refused action changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from baken.mediation.models import Case, Message, Party
from baken.mediation.workflow import Status
from tests.mediation.conftest import OTHER_PASSPHRASE, PASSPHRASE, CaseSetup, party_client

pytestmark = pytest.mark.django_db

ACTIONS = {
    "consent": {"consent": "no"},
    "answer": {"answer": "yes"},
    "goals": {"goals": []},
    "contact": {"name": "Sam"},
    "message": {"text": "Een vraag"},
    "withdraw": {"confirm": "on"},
}
STATUSES = [Status.INTAKE, Status.OTHER_PARTY_INVITED, Status.PREPARATION, Status.CLOSED]


def allowed(action: str, who: str, status: str) -> bool:
    speaking = status != Status.CLOSED
    return {
        "consent": who == "registrant" and status == Status.INTAKE,
        "answer": who == "other" and status == Status.OTHER_PARTY_INVITED,
        "goals": speaking,
        "contact": speaking,
        "message": speaking,
        "withdraw": True,
    }[action]


def _snapshot(case: Case) -> tuple[Any, ...]:
    case.refresh_from_db()
    parties = tuple(
        (p.consent_contact_other_party, p.answer, p.goals, p.contact, p.withdrew_at)
        for p in Party.objects.filter(case=case)
    )
    return (case.status, parties, Message.objects.filter(party__case=case).count())


# The other party does not exist before the invitation, so it has no page in `intake`.
CASES = [
    (action, who, status)
    for action in ACTIONS
    for who in ("registrant", "other")
    for status in STATUSES
    if not (who == "other" and status == Status.INTAKE)
]


@pytest.mark.parametrize(("action", "who", "status"), CASES)
def test_party_action(make_case: Callable[..., CaseSetup], action: str, who: str, status: str) -> None:
    setup = make_case(status, with_other=status != Status.INTAKE)
    client = (
        party_client(setup.code, PASSPHRASE)
        if who == "registrant"
        else party_client(setup.other_code, OTHER_PASSPHRASE)
    )
    before = _snapshot(setup.case)
    response = client.post(f"/herstelbemiddeling/status/{action}/", ACTIONS[action])
    if allowed(action, who, status):
        assert response.status_code == 302, response.content[:800]
        assert _snapshot(setup.case) != before or action == "goals"
    else:
        assert response.status_code == 400
        assert _snapshot(setup.case) == before


def test_unknown_action_is_404(make_case: Callable[..., CaseSetup]) -> None:
    setup = make_case()
    assert party_client(setup.code, PASSPHRASE).post("/herstelbemiddeling/status/delete-all/", {}).status_code == 404
