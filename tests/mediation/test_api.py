"""POST /api/v1/mediation/registrations: 201 with a code; bad input → 400 naming the field,
nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from baken.mediation.models import Case, Party
from tests.mediation.conftest import party_client

pytestmark = pytest.mark.django_db
URL = "/api/v1/mediation/registrations"
VALID = {
    "registrant_role": "victim",
    "consent_contact_other_party": False,
    "description": "Ik wil weten waarom.",
    "region": "gelderland",
    "passphrase": "eight chars+",
}


def post(body: Any, **headers: Any) -> Any:
    return Client(enforce_csrf_checks=True).post(
        URL, data=json.dumps(body) if not isinstance(body, str) else body, content_type="application/json", **headers
    )


def test_registration_returns_a_code_that_opens_the_page(mediator_a: Any) -> None:
    response = post({**VALID, "goals": ["answers"], "preferred_forms": ["letters"], "contact": {"email": "a@b.nl"}})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "status"} and body["status"] == "new"
    party = Party.objects.get()
    assert (party.goals, party.preferred_forms, party.contact) == (["answers"], ["letters"], {"email": "a@b.nl"})
    page = party_client(body["code"], VALID["passphrase"]).get("/herstelbemiddeling/status/")
    assert "Ik wil weten waarom." in page.content.decode()


def test_referrer_registration() -> None:
    body = {
        **VALID,
        "registrant_role": "referrer",
        "side": "accused",
        "person_consented": True,
        "goals": ["tell_side"],
        "referrer": {"name": "Sam", "organisation": "Wijkteam"},
    }
    assert post(body).status_code == 201
    assert Case.objects.get().referrer == {"name": "Sam", "organisation": "Wijkteam"}


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"consent_contact_other_party": None}, "consent_contact_other_party"),
        ({"consent_contact_other_party": "yes"}, "consent_contact_other_party"),
        ({"registrant_role": None}, "registrant_role"),
        ({"registrant_role": "bystander"}, "registrant_role"),
        ({"region": None}, "region"),
        ({"region": "atlantis"}, "region"),
        ({"passphrase": None}, "passphrase"),
        ({"passphrase": "1234567"}, "passphrase"),
        ({"goals": "answers"}, "goals"),
        ({"goals": ["tell_side"]}, "goals"),
        ({"preferred_forms": ["fax"]}, "preferred_forms"),
        ({"description": "x" * 5001}, "description"),
        ({"contact": {"address": "street"}}, "contact.address"),
        ({"story": "unknown field"}, "story"),
        ({"registrant_role": "referrer", "side": "victim"}, "person_consented"),
        ({"registrant_role": "referrer", "person_consented": True}, "side"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(change: dict[str, Any], parameter: str) -> None:
    body = {**VALID, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = post(body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]
    assert not Case.objects.exists()


def test_missing_consent_lists_the_valid_values() -> None:
    body = {k: v for k, v in VALID.items() if k != "consent_contact_other_party"}
    error = post(body).json()["error"]
    assert error == {
        "status": 400,
        "message": "'consent_contact_other_party' is required.",
        "parameter": "consent_contact_other_party",
        "valid_values": ["false", "true"],
    }


def test_wrong_goal_lists_the_goals_of_that_side() -> None:
    error = post({**VALID, "goals": ["tell_side"]}).json()["error"]
    assert "answers" in error["valid_values"] and "tell_side" not in error["valid_values"]


@pytest.mark.parametrize("raw", ["not json", "[1, 2]"])
def test_malformed_body(raw: str) -> None:
    response = post(raw)
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "body"


def test_oversized_body_is_refused() -> None:
    response = post({**VALID, "description": "x" * 70_000})
    assert response.status_code == 413
    assert not Case.objects.exists()


def test_only_post() -> None:
    assert Client().get(URL).status_code == 405


def test_html_is_stored_as_text_and_shown_escaped(mediator_a: Any) -> None:
    code = post({**VALID, "description": "<script>alert(1)</script>"}).json()["code"]
    page = party_client(code, VALID["passphrase"]).get("/herstelbemiddeling/status/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_openapi_documents_the_endpoint() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/mediation/registrations"]["post"]
    assert "201" in operation["responses"] and "400" in operation["responses"]
    assert "MediationRegistration" in document["components"]["schemas"]
