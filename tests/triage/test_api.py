"""GET /api/v1/recommendations: the issue's examples, the response shape, bad input (400
naming the parameter and the valid values), and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from baken.triage.models import UsageCount
from config.api import openapi_document

pytestmark = pytest.mark.django_db
URL = "/api/v1/recommendations"
SUNDAY_2330 = "2026-11-29T23:30:00%2B01:00"
TUESDAY_1900 = "2026-12-01T19:00:00%2B01:00"
SUNDAY_0400 = "2026-11-29T04:00:00%2B01:00"


def get(client: Client, query: str, **headers: str) -> dict[str, Any]:
    response = client.get(f"{URL}?{query}", **headers)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    return response.json()


def slugs(body: dict[str, Any]) -> list[str]:
    return [r["organisation"]["slug"] for r in body["results"]]


def test_example_sexual_violence_two_days_ago_sunday_night(client: Client, directory: None) -> None:
    body = get(client, f"role=victim&violence=sexual_violence&days_since=2&at={SUNDAY_2330}")
    assert "centrum-seksueel-geweld" in slugs(body)[:3]
    csg = body["results"][slugs(body).index("centrum-seksueel-geweld")]
    assert csg["open_now"] is True and "R-CSG-FIRST" in csg["rules"] and csg["reasons"]


def test_example_perpetrator_tuesday_evening(client: Client, directory: None) -> None:
    body = get(client, f"role=perpetrator&violence=child_sexual_abuse&at={TUESDAY_1900}")
    assert body["results"][0]["organisation"]["slug"] == "stop-it-now"
    assert body["results"][0]["open_now"] is True


def test_example_sport_age_17(client: Client, directory: None) -> None:
    body = get(client, "role=victim&violence=boundary_crossing&context=sport&age=17")
    assert body["results"][0]["organisation"]["slug"] == "centrum-veilige-sport-nederland"


def test_example_need_now_sunday_0400(client: Client, directory: None) -> None:
    body = get(client, f"role=victim&violence=domestic_violence&need=now&at={SUNDAY_0400}")
    assert body["results"]
    for result in body["results"]:
        assert result["open_now"] is True
        assert all(c["open"] is True and c["staffed"] for c in result["channels"])


def test_shape_is_exactly_as_documented(client: Client, directory: None) -> None:
    body = get(client, f"acute=true&violence=domestic_violence&violence=sexual_violence&language=ti&at={SUNDAY_0400}")
    # `implications` (results: `offer`; channels: `reach`, `contact_url`) were added in issue 10.
    assert set(body) == {"emergency", "results", "always_open", "information", "implications"}
    assert body["emergency"]["show"] is True
    assert body["emergency"]["numbers"][0]["number"] == "112"
    for result in body["results"] + body["always_open"]:
        assert set(result) == {
            "organisation",
            "score",
            "open_now",
            "next_open",
            "channels",
            "reasons",
            "rules",
            "offer",
        }
        for channel in result["channels"]:
            assert channel["reach"] in {"direct", "website", "local", None}
            assert not channel["open"] or channel["reach"] is not None, "never open with nothing to press"
        assert set(result["organisation"]) == {"slug", "name", "website"}
    assert body["always_open"] and all(r["open_now"] for r in body["always_open"])
    assert "N-LANGUAGE-NONE" in [i["rule"] for i in body["information"] if i["kind"] == "note"]
    assert all(i["url"] for i in body["information"] if i["kind"] != "note")


def test_reasons_follow_accept_language(client: Client, directory: None) -> None:
    query = f"role=victim&violence=sexual_violence&days_since=2&at={SUNDAY_2330}"
    dutch = get(client, query)["results"][0]["reasons"][0]
    english = get(client, query, HTTP_ACCEPT_LANGUAGE="en")["results"][0]["reasons"][0]
    assert "Centrum Seksueel Geweld" in dutch and dutch != english
    assert english.startswith("For sexual violence")


def test_limit(client: Client, directory: None) -> None:
    assert len(get(client, "limit=2")["results"]) == 2


def test_comma_separated_and_repeated_values(client: Client, directory: None) -> None:
    a = get(client, f"violence=fgm,forced_marriage&need=free&need=phone&at={SUNDAY_0400}")
    b = get(client, f"violence=fgm&violence=forced_marriage&need=free,phone&at={SUNDAY_0400}")
    assert a == b


def test_api_calls_are_not_counted(client: Client, directory: None) -> None:
    get(client, "role=victim")
    assert not UsageCount.objects.exists()


@pytest.mark.parametrize(
    ("query", "parameter", "valid"),
    [
        ("role=pirate", "role", "victim"),
        ("violence=shouting", "violence", "sexual_violence"),
        ("context=moon", "context", "sport"),
        ("faith=jedi", "faith", "catholic"),
        ("gender=x", "gender", "woman"),
        ("disability=x", "disability", "physical"),
        ("language=xx", "language", "nl"),
        ("language=dutch", "language", "nl"),
        ("need=cake", "need", "now"),
        ("lgbtiq=maybe", "lgbtiq", "true"),
        ("ongoing=perhaps", "ongoing", "false"),
        ("acute=2", "acute", "true"),
        ("role=victim&role=perpetrator", "role", "victim"),
        ("colour=red", "colour", "violence"),
    ],
)
def test_unknown_codes_name_the_parameter_and_valid_values(
    client: Client, directory: None, query: str, parameter: str, valid: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert valid in error["valid_values"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("age=121", "age"),
        ("age=-1", "age"),
        ("age=twelve", "age"),
        ("days_since=-3", "days_since"),
        ("limit=0", "limit"),
        ("limit=51", "limit"),
        ("at=yesterday", "at"),
        ("at=2026-11-29T23:30:00", "at"),  # no offset
    ],
)
def test_impossible_numbers_and_moments_name_the_parameter(
    client: Client, directory: None, query: str, parameter: str
) -> None:
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_only_get(client: Client, directory: None) -> None:
    assert client.post(URL).status_code == 405


def test_openapi_documents_the_endpoint_and_every_parameter() -> None:
    document = openapi_document()
    operation = document["paths"]["/api/v1/recommendations"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {
        "role",
        "violence",
        "context",
        "faith",
        "age",
        "gender",
        "lgbtiq",
        "disability",
        "language",
        "days_since",
        "ongoing",
        "acute",
        "need",
        "at",
        "limit",
    }
    schema = document["components"]["schemas"]["Recommendations"]
    assert set(schema["required"]) == {"emergency", "results", "always_open", "information", "implications"}


def test_response_validates_against_the_openapi_schema(client: Client, directory: None) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = openapi_document()
    schemas = document["components"]["schemas"]
    schema = {**schemas["Recommendations"], "components": {"schemas": schemas}}
    body = get(client, f"acute=true&role=victim&violence=sexual_violence&at={SUNDAY_2330}")
    jsonschema.validate(body, schema)


def test_reasons_name_the_implications_applied(client: Client, directory: None) -> None:
    """Issue 10: violence by a partner counts as domestic violence; the API says which
    implication applied, and a result it brought in names it in its rules and reasons."""
    body = get(client, f"role=victim&violence=sexual_violence&context=partner&at={SUNDAY_2330}")
    assert [i["id"] for i in body["implications"]] == ["V-HOME-DOMESTIC"]
    assert body["implications"][0]["adds"] == "domestic_violence"
    brought_in = [r for r in body["results"] if "V-HOME-DOMESTIC" in r["rules"]]
    assert brought_in, [r["organisation"]["slug"] for r in body["results"]]
    assert all(body["implications"][0]["reason"] in r["reasons"] for r in brought_in)
