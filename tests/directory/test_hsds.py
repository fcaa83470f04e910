"""The Open Referral HSDS 3.0 profile, validated against the official compiled schemas."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from baken.directory import hsds
from baken.directory.selectors import directory_snapshot

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "hsds" / "schema"
if not (SCHEMAS / "compiled" / "service.json").exists():
    pytest.skip(f"HSDS schemas not found at {SCHEMAS} (shared/ must sit beside the clone)", allow_module_level=True)

pytestmark = pytest.mark.usefixtures("directory")


def _validator(name: str) -> Any:
    schema = json.loads((SCHEMAS / "compiled" / name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _page_validator() -> Any:
    openapi = json.loads((SCHEMAS / "openapi.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(openapi["components"]["schemas"]["Page"])


def assert_valid(validator: Any, instance: Any) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_root_names_version_and_openapi(client: Client) -> None:
    body = get(client, "/api/hsds/v1/")
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/v1/openapi.json")
    assert client.get(body["openapi_url"]).status_code == 200
    schema = json.loads((SCHEMAS / "openapi.json").read_text())["paths"]["/"]["get"]["responses"]["200"]
    assert_valid(jsonschema.Draft202012Validator(schema["content"]["application/json"]["schema"]), body)


def test_every_service_in_the_list_is_valid_and_paginated(client: Client) -> None:
    body = get(client, "/api/hsds/v1/services?per_page=500")
    assert_valid(_page_validator(), body)
    item = _validator("service_list.json")
    for service in body["contents"]:
        assert_valid(item, service)
    assert body["total_items"] == len(directory_snapshot()) == len(body["contents"])
    assert body["page_number"] == 1 and body["first_page"] and body["last_page"] and not body["empty"]


def test_every_full_service_is_valid(client: Client) -> None:
    full = _validator("service.json")
    for org in directory_snapshot():
        service = get(client, f"/api/hsds/v1/services/{hsds.service_uuid(org)}")
        assert_valid(full, service)
        assert service["name"] == org.name


def test_every_organization_is_valid(client: Client) -> None:
    body = get(client, "/api/hsds/v1/organizations?per_page=500")
    assert_valid(_page_validator(), body)
    item, full = _validator("organization_list.json"), _validator("organization.json")
    assert len(body["contents"]) == len(directory_snapshot())
    for organization in body["contents"]:
        assert_valid(item, organization)
        detail = get(client, f"/api/hsds/v1/organizations/{organization['id']}")
        assert_valid(full, detail)
        assert [s["organization_id"] for s in detail["services"]] == [organization["id"]]


def test_pagination_walks_every_organisation_once(client: Client) -> None:
    total = len(directory_snapshot())
    seen: list[str] = []
    page = 1
    while True:
        body = get(client, f"/api/hsds/v1/services?per_page=20&page={page}")
        assert body["total_items"] == total
        assert body["total_pages"] == -(-total // 20)
        assert body["size"] == len(body["contents"])
        assert body["first_page"] == (page == 1)
        seen += [s["id"] for s in body["contents"]]
        if body["last_page"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == total
    beyond = get(client, f"/api/hsds/v1/services?per_page=20&page={page + 1}")
    assert beyond["empty"] and beyond["contents"] == []


def test_ids_are_stable_uuids() -> None:
    org = next(o for o in directory_snapshot() if o.slug == "centrum-seksueel-geweld")
    assert uuid.UUID(hsds.service_uuid(org)).version == 5
    assert hsds.service_uuid(org) == str(uuid.uuid5(hsds.NAMESPACE, "service:centrum-seksueel-geweld"))
    assert hsds.org_uuid(org) != hsds.service_uuid(org)


def test_service_carries_phones_schedules_languages_and_extensions(client: Client) -> None:
    org = next(o for o in directory_snapshot() if o.slug == "centrum-seksueel-geweld")
    service = get(client, f"/api/hsds/v1/services/{hsds.service_uuid(org)}")
    assert [p["number"] for p in service["phones"]] == ["0800-0188"]
    # One schedule per channel with hours, the OSM expression in `description`.
    with_hours = [c for c in org.channels if c.opening_hours]
    assert [s["description"] for s in service["schedules"]] == [c.opening_hours for c in with_hours]
    assert service["assured_date"] == org.last_verified.isoformat()
    codes = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"]) for a in service["attributes"]}
    assert ("baken:violence", "sexual_violence") in codes
    assert ("baken:help_type", "medical_forensic") in codes
    assert service["metadata"][0]["replacement_value"].startswith("001_816fd686fdf3165a.txt:4746-4759")
    assert service["baken_source"]["file"] == "001_816fd686fdf3165a.txt"
    assert [c["type"] for c in service["baken_channels"]] == [c.type for c in org.channels]
    # Unknown stays out: the chat without a number or hours gives no phone and no schedule.
    assert all(p["number"] for p in service["phones"])


def test_languages_come_from_the_channels(client: Client) -> None:
    org = next(o for o in directory_snapshot() if o.languages - {"nl"})
    service = get(client, f"/api/hsds/v1/services/{hsds.service_uuid(org)}")
    assert {lang["code"] for lang in service["languages"]} == set(org.languages)


def test_search_and_organization_filter(client: Client) -> None:
    body = get(client, "/api/hsds/v1/services?search=veilig%20thuis")
    assert "Veilig Thuis" in [s["name"] for s in body["contents"]]
    org = next(o for o in directory_snapshot() if o.slug == "veilig-thuis")
    only = get(client, f"/api/hsds/v1/services?organization_id={hsds.org_uuid(org)}")
    assert [s["name"] for s in only["contents"]] == [org.name]
    names = get(client, "/api/hsds/v1/organizations?search=zzzz-nothing")
    assert names["total_items"] == 0 and names["empty"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/v1/services/00000000-0000-0000-0000-000000000000",
        "/api/hsds/v1/services/not-a-uuid",
        "/api/hsds/v1/organizations/00000000-0000-0000-0000-000000000000",
    ],
)
def test_unknown_id_is_404_json(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["parameter"] == "id"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("page=0", "page"), ("per_page=100000", "per_page"), ("page=x", "page"), ("colour=red", "colour")],
)
def test_bad_list_parameters_are_400_json(client: Client, query: str, parameter: str) -> None:
    response = client.get(f"/api/hsds/v1/services?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_service_carries_its_description_in_every_language_that_has_one(client: Client) -> None:
    """Issue 14: HSDS has one `description`; each language's text travels as an attribute whose
    taxonomy term carries HSDS `language` (the schema allows it there)."""
    org = next(o for o in directory_snapshot() if o.slug == "113-zelfmoordpreventie")
    service = get(client, f"/api/hsds/v1/services/{hsds.service_uuid(org)}")
    assert_valid(_validator("service.json"), service)
    texts = {
        a["taxonomy_term"]["language"]: a["value"]
        for a in service["attributes"]
        if a["taxonomy_term"]["taxonomy"] == "baken:description"
    }
    assert texts == org.descriptions
    assert set(texts) == {code for code, _name in settings.LANGUAGES}
    assert texts["nl"] == org.description_nl and texts["en"] == org.description_en


def test_the_api_document_embeds_the_local_hsds_schemas(client: Client) -> None:
    """Responses are checked against the HSDS schemas (by the conformance test) without the
    internet: the document carries the local copies instead of links to GitHub."""
    document = client.get("/api/v1/openapi.json").json()
    assert "raw.githubusercontent.com" not in json.dumps(document)
    service = json.loads((SCHEMAS / "compiled" / "service.json").read_text(encoding="utf-8"))
    operation = document["paths"]["/api/hsds/v1/services/{service_id}"]["get"]
    embedded = operation["responses"]["200"]["content"]["application/json"]["schema"]["allOf"][0]
    assert embedded["properties"] == service["properties"] and embedded["required"] == service["required"]
    _validator("service.json").validate(
        client.get(f"/api/hsds/v1/services/{hsds.service_uuid(directory_snapshot()[0])}").json()
    )
