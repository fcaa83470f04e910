"""What one party tells the mediator is never shown to the other: both directions, in every
status where both parties have a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from baken.mediation import services
from baken.mediation.models import Case
from baken.mediation.workflow import Status
from tests.mediation.conftest import ACCUSED_STORY, OTHER_PASSPHRASE, PASSPHRASE, VICTIM_STORY, CaseSetup, party_client

pytestmark = pytest.mark.django_db

VICTIM_ONLY = [
    VICTIM_STORY,
    "06-11112222",
    "after 18:00",
    'value="answers"',
    "Victim asks the mediator",
    "To the victim",
]
ACCUSED_ONLY = [
    ACCUSED_STORY,
    "accused@example.org",
    'value="tell_side"',
    "Accused asks the mediator",
    "To the accused",
]


def _converse(setup: CaseSetup, mediator: Any) -> None:
    assert setup.other is not None
    services.message_send_by_party(party=setup.registrant, text="Victim asks the mediator a question")
    services.message_send_by_party(party=setup.other, text="Accused asks the mediator a question")
    services.message_send_by_mediator(party=setup.registrant, text="To the victim: thank you", by=mediator)
    services.message_send_by_mediator(party=setup.other, text="To the accused: thank you", by=mediator)


@pytest.mark.parametrize("status", [Status.PREPARATION, Status.CONTACT])
def test_each_party_sees_only_their_own_words(
    make_case: Callable[..., CaseSetup], mediator_a: Any, status: str
) -> None:
    setup = make_case(Status.PREPARATION)
    _converse(setup, mediator_a)
    Case.objects.filter(pk=setup.case.pk).update(status=status)
    victim_page = party_client(setup.code, PASSPHRASE).get("/herstelbemiddeling/status/").content.decode()
    accused_page = party_client(setup.other_code, OTHER_PASSPHRASE).get("/herstelbemiddeling/status/").content.decode()
    for text in VICTIM_ONLY:
        assert text in victim_page, text
        assert text not in accused_page, text
    for text in ACCUSED_ONLY:
        assert text in accused_page, text
        assert text not in victim_page, text


def test_the_invited_party_sees_nothing_of_the_registrant(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.OTHER_PARTY_INVITED)
    services.message_send_by_party(party=setup.registrant, text="Victim asks the mediator a question")
    page = party_client(setup.other_code, OTHER_PASSPHRASE).get("/herstelbemiddeling/status/").content.decode()
    assert 'name="answer"' in page  # they may say yes or no
    for text in [*VICTIM_ONLY[:4], "Victim asks the mediator"]:
        assert text not in page


def test_after_no_the_other_party_learns_nothing_more(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.OTHER_PARTY_INVITED)
    services.message_send_by_mediator(party=setup.other, text="To the accused: an invitation", by=mediator_a)
    services.party_answer(party=setup.other, agree=False)
    client = party_client(setup.other_code, OTHER_PASSPHRASE)
    page = client.get("/herstelbemiddeling/status/").content.decode()
    assert "To the accused" not in page and 'name="text"' not in page and ACCUSED_STORY not in page
    # Even when the registrant later withdraws, the declined party's page does not change.
    services.party_withdraw(party=setup.registrant)
    later = client.get("/herstelbemiddeling/status/").content.decode()
    assert _status_text(later) == _status_text(page)


def _status_text(page: str) -> str:
    start = page.index('data-testid="status-text">')
    return page[start : page.index("</p>", start)]


def test_the_registrant_learns_only_that_the_other_party_said_no(
    make_case: Callable[..., CaseSetup], mediator_a: Any
) -> None:
    setup = make_case(Status.OTHER_PARTY_INVITED)
    services.party_answer(party=setup.other, agree=False)
    page = party_client(setup.code, PASSPHRASE).get("/herstelbemiddeling/status/").content.decode()
    assert ACCUSED_STORY not in page and "accused@example.org" not in page


def test_the_mediator_of_another_case_sees_nothing(
    make_case: Callable[..., CaseSetup], mediator_b: Any, client_for: Any
) -> None:
    setup = make_case(Status.PREPARATION)
    response = client_for(mediator_b).get(f"/herstelbemiddeling/zaken/{setup.case.public_id}/")
    assert response.status_code == 404
    assert VICTIM_STORY not in response.content.decode()
    listing = client_for(mediator_b).get("/herstelbemiddeling/zaken/").content.decode()
    assert str(setup.case.public_id) not in listing
