"""`/api/v1/organisations`: every filter, combinations, open_at, errors, and query counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client

from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import ChannelType, HelpType, TargetGroup, Violence

pytestmark = pytest.mark.usefixtures("directory")

URL = "/api/v1/organisations"
SATURDAY_NIGHT = "2026-11-28T03:00:00+01:00"  # a Saturday, 03:00 in winter time
MONDAY_NOON = "2026-11-30T12:00:00+01:00"


def get(client: Client, query: str = "", status: int = 200) -> Any:
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def slugs(body: dict[str, Any]) -> set[str]:
    return {o["slug"] for o in body["results"]}


def test_list_without_filters_has_every_active_organisation(client: Client) -> None:
    body = get(client)
    assert body["count"] == len(body["results"]) == len(directory_snapshot()) == 67
    first = body["results"][0]
    for key in ("slug", "name", "website", "violence", "help_types", "target_groups", "source", "channels"):
        assert key in first
    for key in ("type", "value", "free", "anonymous", "staffed", "languages", "opening_hours", "open", "next_open"):
        assert key in first["channels"][0]


def test_response_matches_the_documented_schema(client: Client) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    document = client.get("/api/v1/openapi.json").json()
    registry = Registry().with_resource("urn:baken", Resource(contents=document, specification=DRAFT202012))

    def validate(instance: Any, name: str) -> None:
        schema = {"$ref": f"urn:baken#/components/schemas/{name}"}
        validator = jsonschema.Draft202012Validator(
            schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors = list(validator.iter_errors(instance))
        assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]

    validate(get(client, f"open_at={quote(SATURDAY_NIGHT)}"), "OrganisationList")
    validate(get(client, "open_at=2026-11-30T12:00:00%2B01:00").get("results")[0], "Organisation")
    validate(client.get(f"{URL}/nope").json(), "Error")


@pytest.mark.parametrize(
    ("parameter", "values", "attribute"),
    [
        ("violence", Violence.values, lambda o: o.violence),
        ("help_type", HelpType.values, lambda o: o.help_types),
        ("target_group", TargetGroup.values, lambda o: o.target_codes),
        ("channel", ChannelType.values, lambda o: {c.type for c in o.channels}),
        ("language", ["nl", "en", "ar", "tr", "so"], lambda o: o.languages),
    ],
)
def test_each_filter_matches_any_of_its_values(
    client: Client, parameter: str, values: list[str], attribute: Any
) -> None:
    snapshot = directory_snapshot()
    non_empty = 0
    for value in values:
        expected = {o.slug for o in snapshot if value in attribute(o)}
        got = slugs(get(client, f"{parameter}={value}"))
        assert got == expected, value
        non_empty += bool(got)
    assert non_empty >= 2  # the filter is exercised, not vacuously empty
    a, b = values[0], values[1]
    either = {o.slug for o in snapshot if {a, b} & set(attribute(o))}
    assert slugs(get(client, f"{parameter}={a},{b}")) == either
    assert slugs(get(client, f"{parameter}={a}&{parameter}={b}")) == either


def test_filters_combine_with_and(client: Client) -> None:
    got = slugs(get(client, "violence=sexual_violence&channel=whatsapp&language=nl"))
    expected = {
        o.slug
        for o in directory_snapshot()
        if "sexual_violence" in o.violence and any(c.type == "whatsapp" for c in o.channels) and "nl" in o.languages
    }
    assert got == expected and got
    assert got < slugs(get(client, "violence=sexual_violence"))


def test_open_at_with_offset_evaluates_each_channel(client: Client) -> None:
    body = get(client, f"open_at={quote(SATURDAY_NIGHT)}")
    assert datetime.fromisoformat(body["open_at"]) == datetime.fromisoformat(SATURDAY_NIGHT)
    by_slug = {o["slug"]: o for o in body["results"]}
    veilig_thuis = by_slug["veilig-thuis"]
    assert veilig_thuis["open"] is True
    phone = next(c for c in veilig_thuis["channels"] if c["type"] == "phone")
    assert phone["value"] == "0800-2000" and phone["open"] is True
    chat = next(c for c in veilig_thuis["channels"] if c["type"] == "chat")
    assert chat["open"] is False
    assert datetime.fromisoformat(chat["next_open"]) == datetime.fromisoformat("2026-11-30T09:00:00+01:00")
    kindertelefoon = by_slug["kindertelefoon"]
    assert kindertelefoon["open"] is False
    assert datetime.fromisoformat(kindertelefoon["next_open"]) == datetime.fromisoformat("2026-11-28T11:00:00+01:00")
    # Unknown hours stay unknown.
    agressie = by_slug["agressie-en-daarna"]
    assert agressie["open"] is None and agressie["next_open"] is None
    assert {c["open"] for c in agressie["channels"]} == {None}


def test_open_at_in_utc_is_the_same_moment(client: Client) -> None:
    local = get(client, f"open_at={quote(SATURDAY_NIGHT)}")
    utc = get(client, "open_at=2026-11-28T02:00:00Z")
    assert [(o["slug"], o["open"]) for o in local["results"]] == [(o["slug"], o["open"]) for o in utc["results"]]


def test_unencoded_plus_in_open_at_is_accepted(client: Client) -> None:
    body = get(client, "open_at=2026-11-28T03:00:00+01:00")  # '+' arrives as a space
    assert datetime.fromisoformat(body["open_at"]) == datetime.fromisoformat(SATURDAY_NIGHT)


def test_open_now_keeps_only_what_is_open_at_that_moment(client: Client) -> None:
    night = get(client, f"open_now=true&open_at={quote(SATURDAY_NIGHT)}")
    assert all(o["open"] is True for o in night["results"])
    assert {"veilig-thuis", "centrum-seksueel-geweld", "politie", "huisartsenpost"} <= slugs(night)
    assert "kindertelefoon" not in slugs(night)
    noon = get(client, f"open_now=true&open_at={quote(MONDAY_NOON)}")
    assert "kindertelefoon" in slugs(noon) and "wijkteam" in slugs(noon)
    assert len(noon["results"]) > len(night["results"])
    assert get(client, f"open_now=false&open_at={quote(SATURDAY_NIGHT)}")["count"] == 67


def test_open_now_combines_with_filters(client: Client) -> None:
    body = get(client, f"open_now=true&violence=domestic_violence&channel=phone&open_at={quote(SATURDAY_NIGHT)}")
    assert "veilig-thuis" in slugs(body)
    assert all("domestic_violence" in o["violence"] and o["open"] for o in body["results"])


@pytest.mark.parametrize(
    ("query", "parameter", "valid"),
    [
        ("violence=sexual", "violence", Violence.values),
        ("help_type=hugs", "help_type", HelpType.values),
        ("target_group=cats", "target_group", TargetGroup.values),
        ("channel=pigeon", "channel", ChannelType.values),
        ("language=xx", "language", None),
        ("violence=sexual_violence,bogus", "violence", Violence.values),
        ("open_now=maybe", "open_now", ["false", "true"]),
    ],
)
def test_unknown_code_is_400_naming_parameter_and_valid_values(
    client: Client, query: str, parameter: str, valid: list[str] | None
) -> None:
    error = get(client, query, status=400)["error"]
    assert error["status"] == 400 and error["parameter"] == parameter
    if valid is not None:
        assert error["valid_values"] == sorted(valid)
    else:
        assert "nl" in error["valid_values"]


def test_unknown_parameter_is_400(client: Client) -> None:
    error = get(client, "colour=red", status=400)["error"]
    assert error["parameter"] == "colour" and "violence" in error["valid_values"]


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-01T10:00:00+01:00", "2026-11-28T25:00+01:00"])
def test_malformed_open_at_is_400(client: Client, value: str) -> None:
    error = get(client, f"open_at={quote(value)}", status=400)["error"]
    assert error["parameter"] == "open_at" and "ISO 8601" in error["message"]


def test_naive_open_at_is_400(client: Client) -> None:
    error = get(client, "open_at=2026-11-28T03:00:00", status=400)["error"]
    assert error["parameter"] == "open_at" and "offset" in error["message"]


def test_detail_and_unknown_slug(client: Client) -> None:
    body = client.get(f"{URL}/veilig-thuis?open_at={quote(SATURDAY_NIGHT)}").json()
    assert body["slug"] == "veilig-thuis" and body["open"] is True
    assert body["source"]["file"] == "001_816fd686fdf3165a.txt" and body["source"]["last_verified"]
    missing = client.get(f"{URL}/no-such-organisation")
    assert missing.status_code == 404
    assert missing.json()["error"]["parameter"] == "slug"
    assert client.get(f"{URL}/veilig-thuis?violence=x").status_code == 400


def test_only_get(client: Client) -> None:
    assert client.post(URL).status_code == 405


def test_list_query_count(client: Client, django_assert_max_num_queries: Any) -> None:
    get(client)  # build the snapshot once
    with django_assert_max_num_queries(2):  # the two version aggregates; no row is loaded again
        get(client, "violence=sexual_violence")
    with django_assert_max_num_queries(2):
        client.get(f"{URL}/veilig-thuis")


@pytest.mark.usefixtures("directory")
def test_organisation_lists_descriptions_in_every_language_that_has_them(client: Client) -> None:
    body = client.get("/api/v1/organisations/113-zelfmoordpreventie").json()
    languages = {d["language"]: d["text"] for d in body["descriptions"]}
    assert set(languages) == {code for code, _name in settings.LANGUAGES}
    assert languages["nl"] == body["description"]["nl"] and languages["en"] == body["description"]["en"]
    assert "113" in languages["ar"] and languages["ar"] != languages["en"]


@pytest.mark.usefixtures("directory")
def test_a_chat_hosted_on_baken_names_its_queue_for_the_conversations_api(client: Client) -> None:
    channels = client.get("/api/v1/organisations/baken").json()["channels"]
    assert [c["queue"] for c in channels if c["type"] == "chat"] == ["baken"]
    elsewhere = client.get("/api/v1/organisations/fier").json()["channels"]
    assert all(c["queue"] is None for c in elsewhere)
