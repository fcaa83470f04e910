"""The directory JSON API (`/api/v1/organisations`), documented in `openapi.json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from baken.core import api
from baken.directory.filters import DirectoryFilter, filter_organisations
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot, organisation_get
from baken.directory.serializers import organisation_json
from baken.directory.vocabulary import ChannelType, HelpType, TargetGroup, Violence

LIST_PARAMETERS = ["violence", "help_type", "target_group", "language", "channel", "open_at", "open_now"]
OPENAPI_PATH = Path(__file__).resolve().parent / "openapi.json"


@require_GET
@api.api_view
def organisation_list(request: HttpRequest) -> JsonResponse:
    params = request.GET
    api.reject_unknown(params, LIST_PARAMETERS)
    moment = api.moment(params, "open_at")
    criteria = DirectoryFilter(
        violence=tuple(api.codes(params, "violence", Violence.values)),
        help_type=tuple(api.codes(params, "help_type", HelpType.values)),
        target_group=tuple(api.codes(params, "target_group", TargetGroup.values)),
        language=tuple(api.codes(params, "language", LANGUAGE_CODES)),
        channel=tuple(api.codes(params, "channel", ChannelType.values)),
        open_now=bool(api.boolean(params, "open_now")),
    )
    organisations = filter_organisations(directory_snapshot(), criteria, moment)
    return JsonResponse(
        {
            "open_at": moment.isoformat(),
            "count": len(organisations),
            "results": [organisation_json(org, moment) for org in organisations],
        }
    )


@require_GET
@api.api_view
def organisation_detail(request: HttpRequest, slug: str) -> JsonResponse:
    api.reject_unknown(request.GET, ["open_at"])
    moment = api.moment(request.GET, "open_at")
    try:
        org = organisation_get(slug=slug)
    except Http404:
        raise api.ApiError("slug", f"No organisation with slug '{slug}'.", status=404) from None
    return JsonResponse(organisation_json(org, moment))


def openapi_document() -> dict[str, Any]:
    """One OpenAPI document merged from each app's `openapi.json` fragment
    (`{"paths": ..., "components": {"schemas": ...}}`), so every app documents its own API."""
    document: dict[str, Any] = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    document.setdefault("paths", {})
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for fragment_path in sorted(Path(settings.BASE_DIR, "baken").glob("*/openapi.json")):
        if fragment_path == OPENAPI_PATH:
            continue
        fragment = json.loads(fragment_path.read_text(encoding="utf-8"))
        document["paths"].update(fragment.get("paths", {}))
        schemas.update(fragment.get("components", {}).get("schemas", {}))
    return document


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())
