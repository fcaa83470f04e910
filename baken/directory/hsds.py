"""Open Referral HSDS 3.0 profile of the directory (`/api/hsds/v1/`), so other help finders
can reuse this one source instead of keeping their own lists.

Mapping (see docs/adr/0010-hsds-profile.md):
- one HSDS organization and one service per Baken organisation; ids are stable UUIDs
  (uuid5 of a fixed namespace and the slug), so they survive re-imports;
- each phone channel with a number becomes a `phone`; each channel with opening hours
  becomes a `schedule` whose `description` carries the OpenStreetMap `opening_hours`
  expression (HSDS's RRULE fields cannot say "PH off" or "past midnight");
- Baken's own facts go in standard extension points: vocabulary codes and per-channel hours
  as `attributes` (taxonomy `baken:<vocabulary>`), the source and last check as `metadata`,
  and the full channel list in the clearly named extra field `baken_channels`. Unknown
  facts are left out, never sent as guesses (HSDS fields are not nullable).
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from baken.core import api
from baken.directory.selectors import directory_snapshot
from baken.directory.snapshot import ChannelData, OrganisationData

HSDS_VERSION = "3.0"
# Fixed forever: every id below is derived from it. Changing it changes every published id.
NAMESPACE = uuid.UUID("6f0d3a52-7c1e-4b8a-9d35-2b1f6c0e8a41")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
UPDATED_BY = "Baken directory dataset"


def stable_id(*parts: str) -> str:
    """A UUID that stays the same for the same parts (uuid5 in Baken's namespace)."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def org_uuid(org: OrganisationData) -> str:
    return stable_id("organization", org.slug)


def service_uuid(org: OrganisationData) -> str:
    return stable_id("service", org.slug)


def _channel_key(org: OrganisationData, index: int, channel: ChannelData) -> str:
    return f"{org.slug}:{index}:{channel.type}"


def _language(code: str, **link: str) -> dict[str, Any]:
    name = LANG_INFO.get(code, {}).get("name", code)
    return {"id": stable_id("language", code, *link.values()), **link, "name": name, "code": code}


def _term(taxonomy: str, code: str) -> dict[str, Any]:
    return {
        "id": stable_id("taxonomy_term", taxonomy, code),
        "code": code,
        "name": code,
        "description": f"Baken vocabulary '{taxonomy}', code '{code}' (see the glossary).",
        "taxonomy": f"baken:{taxonomy}",
    }


def _attribute(link_id: str, link_entity: str, taxonomy: str, code: str, value: str | None = None) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "id": stable_id("attribute", link_id, taxonomy, code),
        "link_id": link_id,
        "link_type": taxonomy,
        "link_entity": link_entity,
        "taxonomy_term_id": stable_id("taxonomy_term", taxonomy, code),
        "taxonomy_term": _term(taxonomy, code),
    }
    if value is not None:
        attribute["value"] = value
    return attribute


def _service_attributes(org: OrganisationData) -> list[dict[str, Any]]:
    sid = service_uuid(org)
    attributes = []
    for taxonomy, codes in (
        ("violence", org.violence),
        ("help_type", org.help_types),
        ("context", org.contexts),
        ("staffed_by", org.staffed_by),
    ):
        attributes += [_attribute(sid, "service", taxonomy, code) for code in sorted(codes)]
    for group in org.target_groups:
        bounds = {"age_min": group.age_min, "age_max": group.age_max, "faith": group.faith}
        value = ";".join(f"{k}={v}" for k, v in bounds.items() if v is not None) or None
        attributes.append(_attribute(sid, "service", "target_group", group.code, value))
    for flag, state in (
        ("anonymous", org.anonymous),
        ("duty_to_act", org.duty_to_act),
        ("local", org.local),
    ):
        if state is not None:
            attributes.append(_attribute(sid, "service", "on_contact", flag, "true" if state else "false"))
    if org.police:
        attributes.append(_attribute(sid, "service", "police", org.police))
    return attributes


def _metadata(org: OrganisationData, resource_id: str, resource_type: str) -> list[dict[str, Any]]:
    """Where the facts come from and when they were last checked, as an HSDS change record."""
    if org.last_verified is None:
        return []
    source = org.source_file + (f":{org.source_lines}" if org.source_lines else "")
    if org.source_note:
        source = f"{source} ({org.source_note})" if source else org.source_note
    return [
        {
            "id": stable_id("metadata", resource_id, "source"),
            "resource_id": resource_id,
            "resource_type": resource_type,
            "last_action_date": org.last_verified.isoformat(),
            "last_action_type": "needs verification" if org.needs_verification else "verified",
            "field_name": "source",
            "previous_value": "",
            "replacement_value": source,
            "updated_by": UPDATED_BY,
        }
    ]


def _phones(org: OrganisationData) -> list[dict[str, Any]]:
    phones = []
    for index, channel in enumerate(org.channels):
        if channel.type != "phone" or not channel.value:
            continue
        pid = stable_id("phone", _channel_key(org, index, channel))
        phone: dict[str, Any] = {"id": pid, "service_id": service_uuid(org), "number": channel.value, "type": "voice"}
        if channel.notes_en or channel.notes_nl:
            phone["description"] = channel.notes_en or channel.notes_nl
        phone["languages"] = [_language(code, phone_id=pid) for code in channel.languages]
        phones.append(phone)
    return phones


def _schedules(org: OrganisationData) -> list[dict[str, Any]]:
    schedules = []
    for index, channel in enumerate(org.channels):
        if not channel.opening_hours:
            continue
        sch_id = stable_id("schedule", _channel_key(org, index, channel))
        label = f"{channel.type} {channel.value}" if channel.value else channel.type
        notes = (
            f"Channel: {label}. The description holds the hours in OpenStreetMap opening_hours syntax, "
            "in Europe/Amsterdam time; PH means Dutch public holidays."
        )
        if channel.hours_assumed:
            notes += " 'Office hours' in the source; exact times not known."
        if not channel.staffed:
            notes += " Not staffed: available, but nobody answers in person."
        schedules.append(
            {
                "id": sch_id,
                "service_id": service_uuid(org),
                "description": channel.opening_hours,
                "notes": notes,
                "attending_type": "in person" if channel.type == "in_person" else f"remotely ({channel.type})",
                "attributes": [
                    _attribute(sch_id, "schedule", "osm_opening_hours", channel.type, channel.opening_hours),
                ],
            }
        )
    return schedules


def _channels(org: OrganisationData) -> list[dict[str, Any]]:
    return [
        {
            "type": c.type,
            "value": c.value,
            "free": c.free,
            "anonymous": c.anonymous,
            "staffed": c.staffed,
            "languages": list(c.languages),
            "opening_hours": c.opening_hours,
            "opening_hours_syntax": "osm" if c.opening_hours else None,
            "hours_assumed": c.hours_assumed,
            "timezone": "Europe/Amsterdam",
        }
        for c in org.channels
    ]


def _email(org: OrganisationData) -> str | None:
    for channel in org.channels:
        if channel.type == "email" and channel.value and "@" in channel.value:
            return channel.value
    return None


def _description(nl: str, en: str) -> str:
    return en or nl


def organization_json(org: OrganisationData, *, full: bool) -> dict[str, Any]:
    oid = org_uuid(org)
    body: dict[str, Any] = {
        "id": oid,
        "name": org.name,
        "description": _description(org.description_nl, org.description_en),
    }
    if org.website:
        body["website"] = org.website
    email = _email(org)
    if email:
        body["email"] = email
    if full:
        body["attributes"] = []
        body["metadata"] = _metadata(org, oid, "organization")
        body["services"] = [service_json(org, full=True, nested_organization=False)]
    return body


def _ages(org: OrganisationData) -> dict[str, int]:
    """Only when every target group is bounded: otherwise the service is for all ages."""
    groups = org.target_groups
    ages: dict[str, int] = {}
    if groups and all(g.age_min is not None for g in groups):
        ages["minimum_age"] = min(g.age_min for g in groups if g.age_min is not None)
    if groups and all(g.age_max is not None for g in groups):
        ages["maximum_age"] = max(g.age_max for g in groups if g.age_max is not None)
    return ages


def service_json(org: OrganisationData, *, full: bool, nested_organization: bool = True) -> dict[str, Any]:
    sid = service_uuid(org)
    body: dict[str, Any] = {
        "id": sid,
        "organization_id": org_uuid(org),
        "name": org.name,
        "description": _description(org.description_nl, org.description_en),
        "status": "active",
        **_ages(org),
    }
    if org.website:
        body["url"] = org.website
    email = _email(org)
    if email:
        body["email"] = email
    fees = org.cost_note_en or org.cost_note_nl
    if fees:
        body["fees_description"] = fees
    if org.last_verified:
        body["assured_date"] = org.last_verified.isoformat()
    if org.last_edited:
        body["last_modified"] = org.last_edited.astimezone(UTC).isoformat().replace("+00:00", "Z")
    alert = org.alert_on(timezone.localdate())
    if alert:
        # HSDS has one string; Dutch first (the listing's language), English after it.
        parts = [alert.nl, alert.en if alert.en and alert.en != alert.nl else ""]
        until = f" (t/m {alert.until.isoformat()})" if alert.until else ""
        body["alert"] = " / ".join(p for p in parts if p) + until
    if nested_organization:
        body["organization"] = organization_json(org, full=False)
    if not full:
        return body
    languages = sorted({code for c in org.channels for code in c.languages})
    body.update(
        {
            "phones": _phones(org),
            "schedules": _schedules(org),
            "languages": [_language(code, service_id=sid) for code in languages],
            "service_areas": [
                {
                    "id": stable_id("service_area", org.slug),
                    "service_id": sid,
                    "name": "Nederland",
                    "description": (
                        "A local service listed nationally: there is one in your area."
                        if org.local
                        else f"Scope: {org.scope}."
                    ),
                }
            ],
            "cost_options": (
                [{"id": stable_id("cost_option", org.slug), "service_id": sid, "option": "Free", "amount": 0}]
                if org.cost_free
                else []
            ),
            "attributes": _service_attributes(org),
            "metadata": _metadata(org, sid, "service"),
            "baken_channels": _channels(org),
            "baken_source": {
                "file": org.source_file or None,
                "lines": org.source_lines or None,
                "note": org.source_note or None,
                "needs_verification": org.needs_verification,
                "last_verified": org.last_verified.isoformat() if org.last_verified else None,
            },
        }
    )
    return body


def _search(organisations: Iterable[OrganisationData], needle: str) -> list[OrganisationData]:
    needle = needle.casefold().strip()
    if not needle:
        return list(organisations)
    return [
        org for org in organisations if needle in f"{org.name} {org.description_nl} {org.description_en}".casefold()
    ]


def _page(query: PageQuery, items: list[OrganisationData], render: Any) -> JsonResponse:
    """The HSDS `Page` envelope: total_items, total_pages, page_number, size, first/last, empty."""
    page, per_page = query.page, query.per_page
    total_pages = max(1, math.ceil(len(items) / per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    return JsonResponse(
        {
            "total_items": len(items),
            "total_pages": total_pages,
            "page_number": page,
            "size": len(chunk),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not chunk,
            "contents": [render(org) for org in chunk],
        }
    )


def _not_found(kind: str, given: str) -> api.ApiError:
    return api.ApiError("id", f"No {kind} with id '{given}'.", status=404)


router = Router(tags=["hsds"])
HSDS_PUBLIC = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"


@cache
def hsds_schema(name: str) -> dict[str, Any]:
    """An HSDS compiled schema (`service.json`, ...) for the OpenAPI document: the local copy
    when there is one (settings.HSDS_SCHEMA_DIR), so responses are checked against it without
    the internet; otherwise a reference to the published schema."""
    local = Path(getattr(settings, "HSDS_SCHEMA_DIR", "")) / "compiled" / name
    if getattr(settings, "HSDS_SCHEMA_DIR", "") and local.exists():
        schema: dict[str, Any] = json.loads(local.read_text(encoding="utf-8"))
        schema.pop("$schema", None)
        schema.pop("$id", None)
        return schema
    return {"$ref": HSDS_PUBLIC + name}


def _hsds_response(name: str, extra: dict[str, Any] | None = None, page: bool = False) -> dict[str, Any]:
    item: dict[str, Any] = hsds_schema(name)
    if extra:
        item = {"allOf": [item, extra]}
    if page:
        item = {
            "allOf": [
                {"$ref": "#/components/schemas/HsdsPage"},
                {"properties": {"contents": {"type": "array", "items": item}}},
            ]
        }
    return {"content": {"application/json": {"schema": item}}}


class HsdsPage(Schema):
    """HSDS 3.0 `Page`."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class HsdsRoot(Schema):
    version: str
    profile: str
    openapi_url: str


class PageQuery(api.QueryParams):
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)
    search: str = Field("", description="Words in the name or description.")

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        return {
            "page": api.integer(params, "page", minimum=1, maximum=100_000) or 1,
            "per_page": api.integer(params, "per_page", minimum=1, maximum=MAX_PER_PAGE) or DEFAULT_PER_PAGE,
            "search": params.get("search", ""),
        }


class ServicePageQuery(PageQuery):
    organization_id: str = Field("", description="Only the services of this organization.")

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        return {**super().parse(params), "organization_id": params.get("organization_id", "")}


class HsdsBakenExtensions(Schema):
    """Extra fields Baken adds to a full HSDS service; standard fields keep their meaning."""

    baken_channels: list[dict[str, Any]] = Field(
        description="Every channel with Baken's facts: type, value, hours, languages, staffed, free, anonymous."
    )


api.EXTRA_SCHEMAS["HsdsPage"] = HsdsPage.model_json_schema()
api.EXTRA_SCHEMAS["HsdsBakenExtensions"] = HsdsBakenExtensions.model_json_schema()
ERRORS = {400: api.Error, 404: api.Error}
BAKEN_EXTENSIONS = {"$ref": "#/components/schemas/HsdsBakenExtensions"}


@router.get("/", response={200: HsdsRoot, 400: api.Error}, operation_id="hsdsRoot", summary="HSDS API root.")
def root(request: HttpRequest) -> JsonResponse:
    api.reject_unknown(request.GET, [])
    openapi_url = request.build_absolute_uri(reverse("api:openapi"))
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": f"{openapi_url}#hsds-profile",
            "openapi_url": openapi_url,
        }
    )


@router.get(
    "/services",
    response={200: HsdsPage, **ERRORS},
    openapi_extra={"responses": {"200": _hsds_response("service.json", page=True)}},
    operation_id="hsdsServices",
    summary="HSDS services, paginated.",
)
def service_list(request: HttpRequest, query: Query[ServicePageQuery]) -> JsonResponse:
    organisations = _search(directory_snapshot(), query.search)
    wanted = query.organization_id
    if wanted:
        organisations = [org for org in organisations if org_uuid(org) == wanted]
    return _page(query, organisations, lambda org: service_json(org, full=False))


@router.get(
    "/services/{service_id}",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra={"responses": {"200": _hsds_response("service.json", BAKEN_EXTENSIONS)}},
    operation_id="hsdsService",
    summary="One HSDS service.",
)
def service_detail(request: HttpRequest, service_id: str) -> JsonResponse:
    api.reject_unknown(request.GET, [])
    for org in directory_snapshot():
        if service_uuid(org) == service_id:
            return JsonResponse(service_json(org, full=True))
    raise _not_found("service", service_id)


@router.get(
    "/organizations",
    response={200: HsdsPage, **ERRORS},
    openapi_extra={"responses": {"200": _hsds_response("organization.json", page=True)}},
    operation_id="hsdsOrganizations",
    summary="HSDS organizations, paginated.",
)
def organization_list(request: HttpRequest, query: Query[PageQuery]) -> JsonResponse:
    organisations = _search(directory_snapshot(), query.search)
    return _page(query, organisations, lambda org: organization_json(org, full=False))


@router.get(
    "/organizations/{organization_id}",
    response={200: dict[str, Any], **ERRORS},
    openapi_extra={"responses": {"200": _hsds_response("organization.json")}},
    operation_id="hsdsOrganization",
    summary="One HSDS organization.",
)
def organization_detail(request: HttpRequest, organization_id: str) -> JsonResponse:
    api.reject_unknown(request.GET, [])
    for org in directory_snapshot():
        if org_uuid(org) == organization_id:
            return JsonResponse(organization_json(org, full=True))
    raise _not_found("organization", organization_id)
