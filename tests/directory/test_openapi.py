"""The served OpenAPI document parses and documents every API URL of every app."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from baken.directory.vocabulary import ChannelType, HelpType, TargetGroup, Violence

API_PREFIXES = ("api/v1/", "api/hsds/")


def _routes(patterns: list, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def api_routes() -> list[str]:
    """Every API route of the URLconf as an OpenAPI path (`<slug:slug>` → `{slug}`)."""
    routes = [r for r in _routes(get_resolver().url_patterns) if r.startswith(API_PREFIXES)]
    return sorted({"/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.lstrip("^").rstrip("$")) for r in routes})


def _shape(path: str) -> str:
    """Path parameters may be named differently in the URLconf and the document."""
    return re.sub(r"\{\w+\}", "{}", path)


@pytest.fixture
def document(client: Client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_document_is_openapi_3_1(document: dict) -> None:
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]
    assert "Error" in document["components"]["schemas"]


def test_every_api_url_is_documented(document: dict) -> None:
    routes = api_routes()
    assert "/api/v1/organisations" in routes and "/api/v1/organisations/{slug}" in routes
    documented = {_shape(p) for p in document["paths"]}
    missing = [r for r in routes if _shape(r) not in documented]
    assert not missing, (
        "These API URLs are not in /api/v1/openapi.json; serve them as operations of your app's "
        "ninja Router (mounted in config/api.py), not as plain Django views: " + ", ".join(missing)
    )


def test_every_documented_path_exists(document: dict) -> None:
    routes = {_shape(r) for r in api_routes()}
    ghosts = [p for p in document["paths"] if _shape(p) not in routes]
    assert not ghosts, f"documented but not served: {ghosts}"


def test_every_local_reference_resolves(document: dict) -> None:
    refs = re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(document))
    assert refs
    for ref in refs:
        node = document
        for part in ref.split("/"):
            assert part in node, f"#/{ref} does not resolve"
            node = node[part]


def test_list_documents_every_filter_with_the_vocabulary(document: dict) -> None:
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert set(parameters) == {"violence", "help_type", "target_group", "language", "channel", "open_at", "open_now"}
    for name, choices in [
        ("violence", Violence),
        ("help_type", HelpType),
        ("target_group", TargetGroup),
        ("channel", ChannelType),
    ]:
        assert parameters[name]["schema"]["items"]["enum"] == choices.values, name
    responses = document["paths"]["/api/v1/organisations/{slug}"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(responses)


def test_document_is_generated_not_hand_written(document: dict) -> None:
    """Every operation comes from a router: it has an id, and its errors use the one shape."""
    from pathlib import Path

    from django.conf import settings

    assert not list(Path(settings.BASE_DIR, "baken").glob("*/openapi.json"))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("operationId"), f"{method} {path}"
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    schema = response["content"]["application/json"]["schema"]
                    # One shape; a refused chat start adds what is open now to it (issue 13).
                    allowed = [{"$ref": "#/components/schemas/Error"}]
                    if (method, path, status) == ("post", "/api/v1/conversations", "409"):
                        allowed.append({"$ref": "#/components/schemas/Refused"})
                    assert schema in allowed, f"{method} {path} {status}"
