"""The one NinjaAPI object: every app's router mounted under `/api/`, and the OpenAPI document
generated from them. An app adds its endpoints as a `ninja.Router` named `router` in its own
module and gets one line here; the object sits in `config` because it imports the apps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from baken.core.api import create_api

api = create_api(
    title="Baken API",
    version="1",
    description=(
        "The Dutch directory (sociale kaart) of help for sexual violence and violence in dependency "
        "relationships, and the front door's APIs. Opening hours are evaluated in Europe/Amsterdam with "
        "Dutch public holidays. Every fact carries its source and last-verified date; unknown facts are "
        "null, never guessed. Errors are JSON (`Error`) naming the parameter and, for closed lists, the "
        "valid values. The directory is also offered as an Open Referral HSDS 3.0 profile under "
        "/api/hsds/v1/ (ids are stable UUIDs; Baken's vocabulary codes and per-channel OpenStreetMap "
        "opening hours travel in HSDS `attributes`, the source in `metadata`, and the channel list in the "
        "extra field `baken_channels`)."
    ),
    openapi_extra={
        "info": {"license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}},
        "tags": [
            {"name": "directory", "description": "Organisations and their channels."},
            {"name": "hsds", "description": "Open Referral HSDS 3.0 profile of the directory."},
            {"name": "triage", "description": "The help finder: services that fit, with the reasons why."},
            {"name": "referrals", "description": "Warm handover: a person's story to an organisation, with consent."},
            {"name": "mediation", "description": "Restorative mediation: registration by referrers' systems."},
            {"name": "insights", "description": "Coverage of the directory, hour by hour."},
            {"name": "meta", "description": "This document."},
        ],
    },
)

api.add_router("/v1/", "baken.directory.api.router")
api.add_router("/v1/", "baken.triage.api.router")
api.add_router("/v1/", "baken.referrals.api.router")
api.add_router("/v1/", "baken.mediation.api.router")
api.add_router("/v1/", "baken.insights.api.router")
api.add_router("/v1/", "baken.chat.api.router")
api.add_router("/hsds/v1/", "baken.directory.hsds.router")


@api.get(
    "/v1/openapi.json",
    url_name="openapi",
    tags=["meta"],
    operation_id="getOpenApi",
    summary="This document.",
    response=dict[str, Any],
)
def openapi(request: HttpRequest) -> dict[str, Any]:
    return api.get_openapi_schema()


def openapi_document() -> dict[str, Any]:
    """The generated document, as served at `/api/v1/openapi.json`."""
    return dict(api.get_openapi_schema())
