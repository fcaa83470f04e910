"""`GET /api/v1/insights/coverage`: 168 hours of open staffed channels that fit; bad input is
a 400 naming the parameter."""

from __future__ import annotations

import jsonschema
import pytest
from django.test import Client

from baken.insights import coverage as cov
from config.api import openapi_document
from tests.insights.conftest import KINGS_DAY_WEEK, Orgs

URL = "/api/v1/insights/coverage"


def test_coverage_has_168_hours_monday_first(directory: None, organisations: Orgs) -> None:
    """Through the real selector: the dataset loaded into the database."""
    response = Client().get(URL, {"role": "perpetrator", "violence": "domestic_violence", "week_of": "2026-04-29"})
    assert response.status_code == 200
    body = response.json()
    assert body["week_start"] == "2026-04-27"
    assert [h["name"] for h in body["holidays"]] == ["King's Day"]
    hours = body["hours"]
    assert len(hours) == 168
    assert [(h["weekday"], h["hour"]) for h in hours] == [(d, h) for d in range(7) for h in range(24)]
    expected = cov.coverage(organisations, cov.Combination("perpetrator", "domestic_violence"), KINGS_DAY_WEEK)
    assert [h["count"] for h in hours] == [h.count for h in expected.hours]
    night = hours[cov.hour_index(2, 3)]
    assert {s["slug"] for s in night["services"]} >= {"veilig-thuis", "politie"}
    assert all(set(s) == {"slug", "name", "specific"} for h in hours for s in h["services"])


def test_the_answer_matches_the_documented_schema(snapshot: Orgs) -> None:
    document = openapi_document()
    assert "/api/v1/insights/coverage" in document["paths"]
    schema = {"$ref": "#/components/schemas/Coverage", "components": document["components"]}
    body = Client().get(URL, {"role": "victim", "violence": "fgm", "language": "ar", "target_group": "women"}).json()
    jsonschema.validate(body, schema)


def test_optional_filters_change_what_counts_as_specific(snapshot: Orgs) -> None:
    plain = Client().get(URL, {"role": "victim", "violence": "sexual_violence", "week_of": "2026-04-20"}).json()
    english = (
        Client()
        .get(URL, {"role": "victim", "violence": "sexual_violence", "language": "en", "week_of": "2026-04-20"})
        .json()
    )
    assert sum(h["specific_count"] for h in english["hours"]) < sum(h["specific_count"] for h in plain["hours"])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"violence": "fgm"}, "role"),
        ({"role": "victim"}, "violence"),
        ({"role": "boss", "violence": "fgm"}, "role"),
        ({"role": "victim", "violence": "fgm,domestic_violence"}, "violence"),
        ({"role": "victim", "violence": "fgm", "language": "xx"}, "language"),
        ({"role": "victim", "violence": "fgm", "target_group": "everyone"}, "target_group"),
        ({"role": "victim", "violence": "fgm", "context": "moon"}, "context"),
        ({"role": "victim", "violence": "fgm", "week_of": "27-04-2026"}, "week_of"),
        ({"role": "victim", "violence": "fgm", "at": "now"}, "at"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(snapshot: Orgs, query: dict[str, str], parameter: str) -> None:
    response = Client().get(URL, query)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter
