"""`GET /api/v1/recommendations`: the help finder for machines and partner front doors, on the
same engine as the flow (a django-ninja router; the schemas below are its OpenAPI document).
Reasons come in the language of the `Accept-Language` header (Dutch by default, or English).
API calls are not counted in the usage counters: a partner's front door cannot be told apart
from a test or a load run."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from ninja import Field, Router, Schema
from ninja import Query as QueryParam

from baken.core import api
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot
from baken.directory.serializers import iso, organisation_summary_json
from baken.directory.vocabulary import ChannelType, Context, Disability, Faith, Gender, Need, Role, Violence
from baken.triage.engine import ChannelState, Information, Query, Recommendation, Result, recommend

PARAMETERS = [
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
]


def query_from_params(params: Any) -> Query:
    """Parse and check every parameter; bad input raises ApiError naming it and the valid values."""
    api.reject_unknown(params, PARAMETERS)
    return Query(
        role=api.code(params, "role", Role.values),
        violence=tuple(api.codes(params, "violence", Violence.values)),
        context=api.code(params, "context", Context.values),
        faith=api.code(params, "faith", Faith.values),
        age=api.integer(params, "age", minimum=0, maximum=120),
        gender=api.code(params, "gender", Gender.values),
        lgbtiq=api.boolean(params, "lgbtiq"),
        disability=api.code(params, "disability", Disability.values),
        language=api.code(params, "language", LANGUAGE_CODES),
        days_since=api.integer(params, "days_since", minimum=0, maximum=100_000),
        ongoing=api.boolean(params, "ongoing"),
        acute=bool(api.boolean(params, "acute")),
        needs=tuple(api.codes(params, "need", Need.values)),
        at=api.moment(params, "at"),  # engine-facing moment
        limit=api.integer(params, "limit", minimum=1, maximum=50) or 10,
    )


def _channel(state: ChannelState) -> dict[str, Any]:
    c = state.channel
    return {
        "type": c.type,
        "value": c.value,
        "staffed": c.staffed,
        "free": c.free,
        "anonymous": c.anonymous,
        "languages": list(c.languages),
        "opening_hours": c.opening_hours,
        "hours_assumed": c.hours_assumed,
        "open": state.open,
        "next_open": iso(state.next_open),
    }


def _result(result: Result) -> dict[str, Any]:
    return {
        "organisation": organisation_summary_json(result.organisation),
        "score": result.score,
        "open_now": result.open_now,
        "next_open": iso(result.next_open),
        "channels": [_channel(s) for s in result.channels],
        "reasons": list(result.reasons),
        "rules": list(result.rules),
    }


def _page_url(item: Information) -> str | None:
    try:
        if item.kind == "topic":
            return reverse("guidance:topic", kwargs={"slug": item.violence})
        if item.kind == "responding":
            return reverse("guidance:responding")
    except NoReverseMatch:
        pass
    return reverse("guidance:index")


def recommendation_json(rec: Recommendation) -> dict[str, Any]:
    information: list[dict[str, Any]] = [
        {"kind": i.kind, "violence": i.violence, "url": _page_url(i), "text": i.text, "rule": i.rule}
        for i in rec.information
    ]
    # Notes (no service in your language, public holiday, ...) travel with the information.
    information += [{"kind": "note", "violence": None, "url": None, "text": n.text, "rule": n.rule} for n in rec.notes]
    return {
        "emergency": {
            "show": rec.emergency.show,
            "numbers": [
                {
                    "number": n.number,
                    "organisation": n.organisation_slug,
                    "name": n.organisation_name,
                    "needs_verification": n.needs_verification,
                    "reason": n.reason,
                    "rule": n.rule,
                }
                for n in rec.emergency.numbers
            ],
        },
        "results": [_result(r) for r in rec.results],
        "always_open": [_result(r) for r in rec.always_open],
        "information": information,
    }


router = Router(tags=["triage"])


def _codes(values: list[str]) -> Any:
    return Literal[tuple(values)]


REPEAT = " Repeat the parameter or separate values with commas."


class RecommendationQuery(api.QueryParams):
    """The help finder's answers; every one is optional."""

    role: _codes(Role.values) = Field(None, description="Who asks.")  # type: ignore[valid-type]
    violence: list[_codes(Violence.values)] = Field([], description="Violence type codes." + REPEAT)  # type: ignore[valid-type]
    context: _codes(Context.values) = Field(None, description="Where it happens.")  # type: ignore[valid-type]
    faith: _codes(Faith.values) = Field(None)  # type: ignore[valid-type]
    age: int = Field(None, ge=0, le=120)  # type: ignore[assignment]
    gender: _codes(Gender.values) = Field(None)  # type: ignore[valid-type]
    lgbtiq: bool = Field(None)  # type: ignore[assignment]
    disability: _codes(Disability.values) = Field(None)  # type: ignore[valid-type]
    language: _codes(sorted(LANGUAGE_CODES)) = Field(  # type: ignore[valid-type]
        None, description="ISO 639-1 code of the language to be helped in."
    )
    days_since: int = Field(None, ge=0, le=100_000, description="Days since it happened.")  # type: ignore[assignment]
    ongoing: bool = Field(None)  # type: ignore[assignment]
    acute: bool = Field(False, description="true: in danger now; the emergency numbers come first.")
    need: list[_codes(Need.values)] = Field([], description="What the person needs." + REPEAT)  # type: ignore[valid-type]
    at: datetime = api.date_time_field(
        "The moment to evaluate opening hours at: ISO 8601 date-time with offset, years 1900 to 9998. Default: now."
    )
    limit: int = Field(10, ge=1, le=50)

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        query = query_from_params(params)
        return {
            "role": query.role,
            "violence": list(query.violence),
            "context": query.context,
            "faith": query.faith,
            "age": query.age,
            "gender": query.gender,
            "lgbtiq": query.lgbtiq,
            "disability": query.disability,
            "language": query.language,
            "days_since": query.days_since,
            "ongoing": query.ongoing,
            "acute": query.acute,
            "need": list(query.needs),
            "at": query.at,
            "limit": query.limit,
        }

    def engine_query(self) -> Query:
        return Query(
            role=self.role,
            violence=tuple(self.violence),
            context=self.context,
            faith=self.faith,
            age=self.age,
            gender=self.gender,
            lgbtiq=self.lgbtiq,
            disability=self.disability,
            language=self.language,
            days_since=self.days_since,
            ongoing=self.ongoing,
            acute=self.acute,
            needs=tuple(self.need),
            at=self.at,
            limit=self.limit,
        )


class RecommendationOrganisation(Schema):
    slug: str
    name: str
    website: str | None


class RecommendationChannel(Schema):
    type: _codes(ChannelType.values)  # type: ignore[valid-type]
    value: str | None = Field(description="Number, address or URL; null when the sources give none.")
    staffed: bool = Field(description="A person answers.")
    free: bool | None
    anonymous: bool | None
    languages: list[str]
    opening_hours: str | None = Field(
        description="OpenStreetMap opening_hours, Europe/Amsterdam, Dutch public holidays (PH)."
    )
    hours_assumed: bool
    open: bool | None = Field(description="Open at `at`; null when unknown.")
    next_open: datetime | None


class RecommendedService(Schema):
    organisation: RecommendationOrganisation
    score: float = Field(description="Sum of the points of the rules that placed it; only the order matters.")
    open_now: bool | None = Field(
        description="A fitting staffed channel is open at `at`; null when the hours are unknown."
    )
    next_open: datetime | None
    channels: list[RecommendationChannel]
    reasons: list[str] = Field(description="Why this service, in plain words (Accept-Language: nl or en).")
    rules: list[str] = Field(description="Ids of the rules in baken/triage/rules.yaml that placed it.")


class EmergencyNumber(Schema):
    number: str
    organisation: str
    name: str
    needs_verification: bool
    reason: str
    rule: str


class RecommendationEmergency(Schema):
    show: bool
    numbers: list[EmergencyNumber]


class RecommendationInformation(Schema):
    kind: Literal["topic", "index", "responding", "note"]
    violence: str | None
    url: str | None
    text: str
    rule: str


class Recommendations(Schema):
    emergency: RecommendationEmergency
    results: list[RecommendedService] = Field(description="Best first; never empty.")
    always_open: list[RecommendedService] = Field(description="Staffed services open at `at` (rule C-ALWAYS-OPEN).")
    information: list[RecommendationInformation]


@router.get(
    "/recommendations",
    response={200: Recommendations, 400: api.Error},
    operation_id="getRecommendations",
    summary="Services that fit the answers, reachable now, with the reasons why.",
    description="Reasons come in the language of the `Accept-Language` header (Dutch by default, or English). "
    "Not counted in the usage counters.",
)
def recommendations(request: HttpRequest, query: QueryParam[RecommendationQuery]) -> JsonResponse:
    # The API is not under a language prefix, so the header decides (Dutch by default).
    with translation.override(translation.get_language_from_request(request)):
        return JsonResponse(recommendation_json(recommend(query.engine_query(), directory_snapshot())))
