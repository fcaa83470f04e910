"""The permission matrix: every route of the mediation app × every role → the expected
status code, plus the public registration pages in both languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from baken.mediation.models import Case
from baken.mediation.workflow import Status
from tests.conftest import make_user, verified_client
from tests.mediation.conftest import CaseSetup, make_mediator, register

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "anna", "eva", "mediator_a", "mediator_b"]
P = "/herstelbemiddeling"

# (name, method, path template, data, expected per role)
PUBLIC = dict.fromkeys(ROLES, 200)
PARTY_ONLY = dict.fromkeys(ROLES, 302)  # no party session: back to the code page
MEDIATORS = {"anonymous": 302, "anna": 403, "eva": 403, "mediator_a": 200, "mediator_b": 200}
OWN_CASE = {"anonymous": 302, "anna": 403, "eva": 403, "mediator_a": 200, "mediator_b": 404}
OWN_CASE_ACTION = {**OWN_CASE, "mediator_a": 302}
CLAIM_ASSIGNED = {"anonymous": 302, "anna": 403, "eva": 403, "mediator_a": 404, "mediator_b": 404}
CLAIM_FREE = {"anonymous": 302, "anna": 403, "eva": 403, "mediator_a": 302, "mediator_b": 302}

ROUTES = [
    ("index", "get", "/", None, PUBLIC),
    ("register", "get", "/aanmelden/", None, PUBLIC),
    ("register-step", "post", "/aanmelden/", {"who-registrant_role": "victim"}, PUBLIC),
    ("access", "get", "/mijn-pagina/", None, PUBLIC),
    ("claim", "get", "/uitnodiging/", None, PUBLIC),
    ("status", "get", "/status/", None, PARTY_ONLY),
    ("party-message", "post", "/status/message/", {"text": "hi"}, PARTY_ONLY),
    ("party-withdraw", "post", "/status/withdraw/", {"confirm": "on"}, PARTY_ONLY),
    ("leave", "post", "/status/afsluiten/", {}, PARTY_ONLY),
    ("cases", "get", "/zaken/", None, MEDIATORS),
    ("case", "get", "/zaken/{own}/", None, OWN_CASE),
    ("transition", "post", "/zaken/{own}/transition/", {"target": "intake"}, OWN_CASE_ACTION),
    ("note", "post", "/zaken/{own}/note/", {"kind": "practical", "text": "room"}, OWN_CASE_ACTION),
    ("contact-form", "post", "/zaken/{own}/contact-form/", {"contact_form": "letters"}, OWN_CASE_ACTION),
    ("message", "post", "/zaken/{own}/partij/victim/message/", {"msg-victim-text": "hi"}, OWN_CASE_ACTION),
    ("goals", "post", "/zaken/{own}/partij/victim/goals/", {"goals-victim-goals": ["answers"]}, OWN_CASE_ACTION),
    ("claim-assigned", "post", "/zaken/{own}/oppakken/", {}, CLAIM_ASSIGNED),
    ("claim-free", "post", "/zaken/{free}/oppakken/", {}, CLAIM_FREE),
]


@pytest.fixture
def world(mediator_a: Any, mediator_b: Any) -> dict[str, Any]:
    own, _ = register(region="utrecht")
    assert own.mediator == mediator_a
    free, _ = register(region="utrecht")
    Case.objects.filter(pk=free.pk).update(mediator=None)
    clients: dict[str, Client] = {
        "anonymous": Client(),
        "anna": verified_client(make_user("anna", role="organisation staff")),
        "eva": verified_client(make_user("eva", role="platform admin")),
        "mediator_a": verified_client(mediator_a),
        "mediator_b": verified_client(mediator_b),
    }
    return {"own": own.public_id, "free": free.public_id, "clients": clients}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "path", "data", "expected"), ROUTES, ids=[r[0] for r in ROUTES])
def test_route_by_role(
    world: dict[str, Any], role: str, name: str, method: str, path: str, data: Any, expected: dict[str, int]
) -> None:
    client = world["clients"][role]
    url = P + path.format(own=world["own"], free=world["free"])
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role], (name, role, response.status_code)


def test_staff_without_second_factor_is_sent_to_the_code_step(mediator_a: Any) -> None:
    client = Client()
    client.force_login(mediator_a)
    response = client.get(f"{P}/zaken/")
    assert response.status_code == 302 and "/medewerkers/code/" in response["Location"]


def test_personas_of_organisations_have_no_mediation_access(
    personas: dict[str, Any], make_case: Callable[..., CaseSetup]
) -> None:
    setup = make_case()
    for name in ("anna", "bram", "chris", "dewi", "eva"):
        client = verified_client(personas[name])
        assert client.get(f"{P}/zaken/").status_code == 403
        assert client.get(f"{P}/zaken/{setup.case.public_id}/").status_code == 403


def test_the_staff_home_links_mediators_to_their_cases(mediator_a: Any) -> None:
    page = verified_client(mediator_a).get("/medewerkers/").content.decode()
    assert f'href="{P}/zaken/"' in page


def test_case_list_query_count(mediator_a: Any, django_assert_max_num_queries: Any) -> None:
    for _ in range(5):
        register(region="utrecht")
    client = verified_client(mediator_a)
    client.get(f"{P}/zaken/")  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(f"{P}/zaken/")
    assert response.status_code == 200 and len(response.context["lists"].mine_open) == 5


def test_registration_in_two_steps_without_javascript(mediator_a: Any) -> None:
    client = Client()
    who = {"who-registrant_role": "accused"}
    step2 = client.post(f"{P}/aanmelden/", who)
    assert step2.status_code == 200 and 'name="step" value="details"' in step2.content.decode()
    assert not Case.objects.exists()  # nothing stored after step 1
    data = {
        **who,
        "step": "details",
        "region": "utrecht",
        "description": "I want to say sorry",
        "goals": ["compassion_apology"],
        "consent_contact_other_party": "no",
        "passphrase": "a long passphrase",
        "passphrase_again": "a long passphrase",
    }
    done = client.post(f"{P}/aanmelden/", data)
    assert done.status_code == 200
    case = Case.objects.get()
    party = case.parties.get()
    assert (party.side, party.goals, party.consent_contact_other_party) == ("accused", ["compassion_apology"], False)
    assert done.context["code"] in done.content.decode()
    assert done.context["code"] not in done.get("Location", "")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"passphrase_again": "something else"}, "passphrase_again"),
        ({"goals": ["answers"]}, "goals"),  # a victim's goal for an accused person
        ({"region": ""}, "region"),
        ({"consent_contact_other_party": ""}, "consent_contact_other_party"),
    ],
)
def test_registration_errors_are_shown_and_nothing_is_stored(data: dict[str, Any], field: str) -> None:
    base = {
        "who-registrant_role": "accused",
        "step": "details",
        "region": "utrecht",
        "consent_contact_other_party": "no",
        "passphrase": "a long passphrase",
        "passphrase_again": "a long passphrase",
    }
    response = Client().post(f"{P}/aanmelden/", {**base, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Case.objects.exists()


def test_referrer_must_confirm_the_persons_consent() -> None:
    response = Client().post(f"{P}/aanmelden/", {"who-registrant_role": "referrer", "who-side": "victim"})
    assert response.status_code == 400
    assert "person_consented" in response.context["who"].errors


def test_wrong_code_gives_one_generic_error_and_is_rate_limited(
    settings: Any, make_case: Callable[..., CaseSetup]
) -> None:
    settings.BAKEN_ACCESS_ATTEMPTS = 3
    setup = make_case()
    client = Client()
    first = client.post(f"{P}/mijn-pagina/", {"code": setup.code, "passphrase": "wrong passphrase"})
    second = client.post(f"{P}/mijn-pagina/", {"code": "HB-2222-3333-4444", "passphrase": "wrong passphrase"})
    assert first.status_code == second.status_code == 403
    assert first.context["form"].non_field_errors() == second.context["form"].non_field_errors()
    client.post(f"{P}/mijn-pagina/", {"code": setup.code, "passphrase": "wrong again"})
    limited = client.post(f"{P}/mijn-pagina/", {"code": setup.code, "passphrase": "correct horse battery"})
    assert limited.status_code == 429


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_have_neutral_titles_and_no_answers_in_urls(prefix: str) -> None:
    client = Client()
    for path in ("/", "/aanmelden/", "/mijn-pagina/", "/uitnodiging/"):
        page = client.get(f"{prefix}{P}{path}").content.decode()
        title = page[page.index("<title>") : page.index("</title>")].lower()
        assert "geweld" not in title and "violence" not in title and "misbruik" not in title
        assert 'method="get"' not in page.lower()


def test_unassigned_case_can_be_taken_up_by_a_mediator(mediator_b: Any) -> None:
    case, _ = register(region="zeeland")
    Case.objects.filter(pk=case.pk).update(mediator=None)
    client = verified_client(mediator_b)
    listing = client.get(f"{P}/zaken/").content.decode()
    assert f"{case.public_id}/oppakken/" in listing
    assert client.get(f"{P}/zaken/{case.public_id}/").status_code == 404  # read only after taking it up
    assert client.post(f"{P}/zaken/{case.public_id}/oppakken/").status_code == 302
    assert client.get(f"{P}/zaken/{case.public_id}/").status_code == 200


def test_the_mediator_reads_are_audited(mediator_a: Any) -> None:
    from baken.audit.models import AuditEvent

    case, _ = register(region="utrecht")
    verified_client(mediator_a).get(f"{P}/zaken/{case.public_id}/")
    assert AuditEvent.objects.filter(action="mediation.case_read", target_id=str(case.pk), actor=mediator_a).exists()


def test_mediator_walks_a_case_through_the_pages(mediator_a: Any) -> None:
    case, _code = register(region="utrecht")
    client = verified_client(mediator_a)
    url = f"{P}/zaken/{case.public_id}"
    assert client.post(f"{url}/transition/", {"target": "intake"}).status_code == 302
    invited = client.post(f"{url}/invite/", {"note": "called them"})
    invitation = invited.context["invitation_code"]
    assert invitation in invited.content.decode()
    other = Client()
    claimed = other.post(
        f"{P}/uitnodiging/",
        {"code": invitation, "passphrase": "their own phrase", "passphrase_again": "their own phrase"},
    )
    assert claimed.status_code == 302
    # An invitation is claimed once: the code alone does not open the page again.
    again = Client().post(
        f"{P}/uitnodiging/", {"code": invitation, "passphrase": "someone else", "passphrase_again": "someone else"}
    )
    assert again.status_code == 403
    assert other.post(f"{P}/status/answer/", {"answer": "yes"}).status_code == 302
    assert client.post(f"{url}/contact-form/", {"contact_form": "shuttle"}).status_code == 302
    assert client.post(f"{url}/note/", {"kind": "content", "about": "", "text": "questions list"}).status_code == 302
    assert client.post(f"{url}/transition/", {"target": "contact"}).status_code == 302
    assert client.post(f"{url}/transition/", {"target": "closed"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.contact_form) == (Status.CLOSED, "shuttle")
    steps = [(e.from_status, e.to_status) for e in case.events.all()]
    assert steps == [
        ("", "new"),
        ("new", "intake"),
        ("intake", "other_party_invited"),
        ("other_party_invited", "preparation"),
        ("preparation", "contact"),
        ("contact", "closed"),
    ]


def test_registrant_withdraws_on_their_page(make_case: Callable[..., CaseSetup]) -> None:
    from tests.mediation.conftest import PASSPHRASE, party_client

    setup = make_case(Status.INTAKE)
    client = party_client(setup.code, PASSPHRASE)
    assert client.post(f"{P}/status/withdraw/", {}).status_code == 400  # must confirm
    assert client.post(f"{P}/status/withdraw/", {"confirm": "on"}).status_code == 302
    case = Case.objects.get(pk=setup.case.pk)
    assert case.status == Status.WITHDRAWN and case.parties.get().description == ""


def test_mediator_b_cannot_act_on_a_case_of_mediator_a(mediator_b: Any) -> None:
    make_mediator("other", ["utrecht"])
    case, _ = register(region="utrecht")
    response = verified_client(mediator_b).post(f"{P}/zaken/{case.public_id}/transition/", {"target": "intake"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.NEW
