"""The directory JSON API (`/api/v1/organisations`) as a django-ninja router. Answers carry an
ETag derived from the directory's version and the request, so a client that sends it back in
`If-None-Match` gets `304 Not Modified`; the serialized body is kept per version."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from datetime import date, datetime

from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Field, Query, Router, Schema

from baken.core import api
from baken.directory.codes import (
    ChannelTypeCode,
    HelpTypeCode,
    LanguageCode,
    PoliceCode,
    ScopeCode,
    TargetGroupCode,
    ViolenceCode,
)
from baken.directory.filters import DirectoryFilter, filter_organisations
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot_versioned
from baken.directory.serializers import organisation_json
from baken.directory.vocabulary import ChannelType, HelpType, TargetGroup, Violence

router = Router(tags=["directory"])

REPEAT = " Repeat the parameter or separate values with commas; an organisation matches when it has any of them."
OPEN_AT = (
    "The moment to evaluate `open` and `next_open` at: ISO 8601 date-time with a UTC offset, e.g. "
    "2026-11-29T23:30:00+01:00 (encode '+' as %2B), years 1900 to 9998. Default: now, to the minute."
)


class Bilingual(Schema):
    nl: str
    en: str


class Description(Schema):
    language: str = Field(description="ISO 639-1 code of the description's language.")
    text: str


class Source(Schema):
    file: str | None = Field(description="Seed file the facts come from.")
    lines: str | None = Field(description="Line range in that file, e.g. 7787-7812.")
    note: str | None
    needs_verification: bool = Field(
        description="true when a fact does not come from the seeds and still needs checking."
    )
    last_verified: date | None


class TargetGroupOut(Schema):
    code: TargetGroupCode
    age_min: int | None = Field(None, ge=0, le=120)
    age_max: int | None = Field(None, ge=0, le=120)
    faith: str | None = None


class Channel(Schema):
    type: ChannelTypeCode
    value: str | None = Field(description="Number, address or URL; null when the sources do not give it.")
    free: bool | None = Field(description="null: unknown.")
    anonymous: bool | None = Field(description="null: unknown.")
    staffed: bool = Field(description="A person answers. Websites, apps and forums are not staffed.")
    languages: list[str] = Field(description="ISO 639-1; empty when unknown.")
    opening_hours: str | None = Field(
        description="OpenStreetMap opening_hours syntax, Europe/Amsterdam, PH = Dutch public holidays; "
        "null when unknown."
    )
    hours_assumed: bool = Field(description="true: the source says 'office hours', stored as Mo-Fr 09:00-17:00.")
    open: bool | None = Field(description="Open at `open_at`; null when the hours are unknown.")
    next_open: datetime | None = Field(
        description="When it next opens (`open_at` itself when open), within 14 days; null when unknown or later."
    )
    notes: Bilingual
    queue: str | None = Field(
        default=None,
        description="A chat hosted on Baken: the queue slug for `POST /api/v1/conversations`; null otherwise.",
    )


class OnContact(Schema):
    duty_to_act: bool | None
    police: PoliceCode | None
    anonymous: bool | None
    note: Bilingual


class Cost(Schema):
    free: bool | None
    note: Bilingual


class ListingAlert(Schema):
    nl: str | None
    en: str | None
    until: date | None = Field(description="Shown up to and including this day; null: until removed.")


class Organisation(Schema):
    slug: str
    name: str
    description: Bilingual
    descriptions: list[Description] = Field(
        default=[], description="The description in every language that has one (issue 14; additive)."
    )
    website: str | None
    scope: ScopeCode
    local: bool = Field(description="A general local service listed nationally: go to the one in your area.")
    violence: list[ViolenceCode]
    help_types: list[HelpTypeCode]
    target_groups: list[TargetGroupOut]
    contexts: list[str]
    staffed_by: list[str]
    on_contact: OnContact
    cost: Cost
    open: bool | None = Field(
        description="Open when one of its staffed conversation channels is open; null when none has known hours."
    )
    next_open: datetime | None
    channels: list[Channel]
    source: Source
    # Age and alert (directory/freshness.py, serializers.freshness_json).
    last_verified: date | None = Field(description="A person last confirmed the whole listing on this day.")
    last_edited: datetime | None = Field(description="A published change last altered a fact.")
    verification_due: date | None = Field(
        description="The first day the listing is overdue: opening hours and contact details are confirmed "
        "every 3 months, the rest every 12 months."
    )
    stale: bool = Field(
        description="Overdue on the day of `open_at` (or never verified). An overdue listing ranks below an "
        "otherwise equal current one in the help finder."
    )
    alert: ListingAlert | None = Field(description="A short-term alert, present until it expires.")


class OrganisationList(Schema):
    open_at: datetime = Field(description="The moment `open` and `next_open` refer to.")
    count: int
    results: list[Organisation]


class DetailQuery(api.QueryParams):
    open_at: datetime = api.date_time_field(OPEN_AT)

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        return {"open_at": api.moment(params, "open_at", default_precision="minute")}


class ListQuery(DetailQuery):
    violence: list[ViolenceCode] = Field([], description="Violence type codes." + REPEAT)
    help_type: list[HelpTypeCode] = Field([], description="Help type codes." + REPEAT)
    target_group: list[TargetGroupCode] = Field([], description="Target group codes." + REPEAT)
    language: list[LanguageCode] = Field([], description="ISO 639-1 language codes of a channel." + REPEAT)
    channel: list[ChannelTypeCode] = Field([], description="Channel type codes." + REPEAT)
    open_now: bool = Field(
        False,
        description="true: only organisations with a staffed conversation channel (phone, chat, WhatsApp, "
        "in person) open at `open_at`.",
    )

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        return {
            **super().parse(params),
            "violence": api.codes(params, "violence", Violence.values),
            "help_type": api.codes(params, "help_type", HelpType.values),
            "target_group": api.codes(params, "target_group", TargetGroup.values),
            "language": api.codes(params, "language", LANGUAGE_CODES),
            "channel": api.codes(params, "channel", ChannelType.values),
            "open_now": bool(api.boolean(params, "open_now")),
        }


class _BodyCache:
    """Serialized bodies by ETag, for the current directory version only."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.version = ""
        self.bodies: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, version: str, etag: str) -> bytes | None:
        with self.lock:
            if version != self.version:
                self.version, self.bodies = version, OrderedDict()
            body = self.bodies.get(etag)
            if body is not None:
                self.bodies.move_to_end(etag)
            return body

    def put(self, version: str, etag: str, body: bytes) -> None:
        with self.lock:
            if version == self.version:
                self.bodies[etag] = body
                while len(self.bodies) > self.size:
                    self.bodies.popitem(last=False)


_bodies = _BodyCache()


def _etag(version: str, path: str, query: ListQuery | DetailQuery) -> str:
    key = json.dumps([version, path, query.model_dump(mode="json")], sort_keys=True)
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    given = request.headers.get("If-None-Match", "")
    return given.strip() == "*" or etag in {tag.strip().removeprefix("W/") for tag in given.split(",")}


def _conditional(request: HttpRequest, version: str, etag: str, render: object) -> HttpResponse:
    if _matches(request, etag):
        response = HttpResponse(status=304)
    else:
        body = _bodies.get(version, etag)
        if body is None:
            body = json.dumps(render()).encode()  # type: ignore[operator]
            _bodies.put(version, etag, body)
        response = HttpResponse(body, content_type="application/json")
    response.headers["ETag"] = etag
    return response


@router.get(
    "/organisations",
    response={200: OrganisationList, 304: None, 400: api.Error},
    operation_id="listOrganisations",
    summary="Organisations with their channels, open or not at `open_at`.",
    description="Every given filter must hold; within one filter any value may match. Unknown parameters "
    "and values give 400 with the valid values. Send the ETag back in `If-None-Match` to get 304 while "
    "neither the directory nor the answer changed.",
)
def organisation_list(request: HttpRequest, query: Query[ListQuery]) -> HttpResponse:
    version, snapshot = directory_snapshot_versioned()
    etag = _etag(version, request.path, query)

    def render() -> object:
        criteria = DirectoryFilter(
            violence=tuple(query.violence),
            help_type=tuple(query.help_type),
            target_group=tuple(query.target_group),
            language=tuple(query.language),
            channel=tuple(query.channel),
            open_now=query.open_now,
        )
        organisations = filter_organisations(snapshot, criteria, query.open_at)
        return {
            "open_at": query.open_at.isoformat(),
            "count": len(organisations),
            "results": [organisation_json(org, query.open_at) for org in organisations],
        }

    return _conditional(request, version, etag, render)


@router.get(
    "/organisations/{slug}",
    response={200: Organisation, 304: None, 400: api.Error, 404: api.Error},
    operation_id="getOrganisation",
    summary="One organisation by slug.",
)
def organisation_detail(request: HttpRequest, slug: str, query: Query[DetailQuery]) -> HttpResponse:
    version, snapshot = directory_snapshot_versioned()
    org = next((o for o in snapshot if o.slug == slug), None)
    if org is None:
        raise api.ApiError("slug", f"No organisation with slug '{slug}'.", status=404)
    return _conditional(
        request, version, _etag(version, request.path, query), lambda: organisation_json(org, query.open_at)
    )
