"""Bad requests a black-box probe answered with 500 (or an HTML page) now get the API's JSON
error naming the parameter; valid edge values get correct answers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from baken.mediation.models import Case
from baken.referrals.models import Referral
from tests.referrals.conftest import CSG, PASSPHRASE

pytestmark = pytest.mark.django_db

REFERRAL = {
    "organisation": CSG,
    "contact": {"channel": "self"},
    "passphrase": PASSPHRASE,
    "consent": True,
}
REGISTRATION = {
    "registrant_role": "victim",
    "consent_contact_other_party": False,
    "region": "gelderland",
    "passphrase": "eight chars+",
}


def error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()["error"]


# --- dates outside what the opening-hours engine handles -------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter", "value"),
    [
        ("/api/v1/organisations", "open_at", "9999-12-31T23:59:59+00:00"),
        ("/api/v1/organisations", "open_at", "9999-12-31T23:00:00-14:00"),
        ("/api/v1/organisations", "open_at", "0001-01-01T00:00:00+00:00"),
        ("/api/v1/organisations", "open_at", "1899-12-31T23:59:00+01:00"),
        ("/api/v1/organisations/113-zelfmoordpreventie", "open_at", "9999-12-31T12:00:00+01:00"),
        ("/api/v1/recommendations", "at", "9999-12-31T23:59:59+00:00"),
        ("/api/v1/recommendations", "at", "0001-01-01T00:00:00+00:00"),
        ("/api/v1/insights/coverage?role=victim&violence=sexual_violence", "week_of", "9999-12-31"),
        ("/api/v1/insights/coverage?role=victim&violence=sexual_violence", "week_of", "0001-01-01"),
    ],
)
def test_far_dates_are_400_naming_the_parameter(directory: None, url: str, parameter: str, value: str) -> None:
    separator = "&" if "?" in url else "?"
    found = error(Client().get(f"{url}{separator}{parameter}={quote(value)}"), 400)
    assert found["parameter"] == parameter and "1900" in found["message"]


@pytest.mark.parametrize("moment", ["1900-01-01T03:00:00+01:00", "9998-12-31T23:59:00+01:00"])
def test_edges_of_the_range_answer_correctly(directory: None, moment: str) -> None:
    """A 24/7 service is open at any moment in the range, also at its edges."""
    body = Client().get(f"/api/v1/organisations/113-zelfmoordpreventie?open_at={quote(moment)}").json()
    assert body["open"] is True
    assert all(c["open"] is True for c in body["channels"] if c["opening_hours"] == "24/7")
    week = Client().get(
        "/api/v1/insights/coverage",
        {"role": "victim", "violence": "sexual_violence", "week_of": moment[:10]},
    )
    assert week.status_code == 200 and len(week.json()["hours"]) == 168


def test_empty_value_is_400_not_now(directory: None) -> None:
    assert error(Client().get("/api/v1/organisations?open_at="), 400)["parameter"] == "open_at"
    assert error(Client().get("/api/v1/recommendations?age="), 400)["parameter"] == "age"


# --- JSON bodies that broke the parser or what came after it -------------------------------


def post(url: str, raw: str | bytes, content_type: str = "application/json", **extra: Any) -> Any:
    return Client(enforce_csrf_checks=True).post(url, data=raw, content_type=content_type, **extra)


@pytest.mark.parametrize(
    ("url", "body", "field", "parameter"),
    [
        ("/api/v1/referrals", REFERRAL, "passphrase", "passphrase"),
        ("/api/v1/referrals", REFERRAL, "story", "story"),
        ("/api/v1/referrals", {**REFERRAL, "contact": {"channel": "email"}}, "contact.value", "contact.value"),
        ("/api/v1/referrals/status", {"code": "ABCD-EFGH-JKMN"}, "passphrase", "passphrase"),
        ("/api/v1/mediation/registrations", REGISTRATION, "description", "description"),
        ("/api/v1/mediation/registrations", REGISTRATION, "passphrase", "passphrase"),
    ],
)
def test_lone_surrogate_is_400_naming_the_field(
    personas: dict[str, Any], url: str, body: dict[str, Any], field: str, parameter: str
) -> None:
    data = json.loads(json.dumps(body))
    target = data
    *parents, leaf = field.split(".")
    for name in parents:
        target = target[name]
    target[leaf] = "SURROGATE"
    raw = json.dumps(data).replace('"SURROGATE"', '"ab\\ud800cdefghij"')  # valid JSON, not valid text
    assert error(post(url, raw), 400)["parameter"] == parameter
    assert not Referral.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize("url", ["/api/v1/referrals", "/api/v1/mediation/registrations", "/api/v1/referrals/status"])
@pytest.mark.parametrize("shape", ["list", "object"])
def test_deep_nesting_under_the_size_limit_is_400(url: str, shape: str) -> None:
    """Deep enough to exhaust Python's stack while parsing, yet under the 64 KiB limit."""
    nested = "[" * 30_000 + "]" * 30_000 if shape == "list" else '{"a":' * 10_000 + "1" + "}" * 10_000
    raw = '{"answers": ' + nested + "}"
    assert len(raw) < 64 * 1024
    assert error(post(url, raw), 400)["parameter"] == "body"


def test_moderately_nested_json_is_400_not_a_crash() -> None:
    raw = '{"answers": ' + "[" * 100 + "]" * 100 + "}"
    assert error(post("/api/v1/referrals", raw), 400)["parameter"] == "body"


@pytest.mark.parametrize("url", ["/api/v1/referrals", "/api/v1/mediation/registrations"])
def test_non_numeric_content_length_is_400(url: str) -> None:
    found = error(post(url, json.dumps(REFERRAL), CONTENT_LENGTH="abc"), 400)
    assert found["parameter"] == "Content-Length"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_mediation_registration_requires_json(content_type: str) -> None:
    """Otherwise any site could file registrations with a plain cross-site form post."""
    raw = json.dumps(REGISTRATION) if content_type == "text/plain" else "registrant_role=victim&region=gelderland"
    response = Client().post("/api/v1/mediation/registrations", data=raw, content_type=content_type)
    assert error(response, 415)["parameter"] == "body"
    assert not Case.objects.exists()


# --- unknown paths and methods --------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "delete"])
@pytest.mark.parametrize("path", ["/api/", "/api/v1/nothing-here", "/api/v2/organisations", "/api/hsds/v1/nope"])
def test_unknown_api_path_is_json_404(method: str, path: str) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    assert error(response, 404)["message"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/organisations", ["GET"]),
        ("delete", "/api/v1/organisations/veilig-thuis", ["GET"]),
        ("put", "/api/v1/recommendations", ["GET"]),
        ("get", "/api/v1/referrals", ["POST"]),
        ("get", "/api/v1/mediation/registrations", ["POST"]),
        ("post", "/api/v1/openapi.json", ["GET"]),
        ("post", "/api/hsds/v1/services", ["GET"]),
    ],
)
def test_undeclared_method_is_json_405(method: str, path: str, allowed: list[str]) -> None:
    response = getattr(Client(enforce_csrf_checks=True), method)(path)
    found = error(response, 405)
    assert found["valid_values"] == allowed
    assert response["Allow"] == ", ".join(allowed)
