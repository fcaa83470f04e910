"""`GET /api/v1/recommendations`: the help finder for machines and partner front doors, on the
same engine as the flow (a django-ninja router; the schemas below are its OpenAPI document).
Reasons come in the language of the `Accept-Language` header (Dutch by default, or English).
API calls are not counted in the usage counters: a partner's front door cannot be told apart
from a test or a load run."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from ninja import Field, Router, Schema
from ninja import Query as QueryParam

from baken.core import api
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot_versioned
from baken.directory.serializers import iso, organisation_summary_json
from baken.directory.vocabulary import ChannelType, Context, Disability, Faith, Gender, Need, Role, Violence
from baken.triage.engine import ChannelState, Information, Query, Recommendation, Result, recommend

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
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
        # Additive (issue 10): how to reach it, and where that leads.
        "reach": state.reach,
        "contact_url": state.href or None,
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
        # Additive (issue 10): the offer (who it is for) the answers matched.
        "offer": result.offer.as_json() if result.offer is not None else None,
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
        # Additive (issue 10): kinds of violence the answers also count as, and why.
        "implications": [{"id": i.id, "adds": i.adds, "reason": i.reason} for i in rec.implications],
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
    reach: Literal["direct", "website", "local"] | None = Field(
        description="Added in issue 10. How to reach this channel: `direct` (its own number or address in `value`), "
        "`website` (the sources give none: `contact_url` is the organisation's own website), `local` (a local "
        "service such as your own GP), or null (no way in the sources; such a channel is never `open`)."
    )
    contact_url: str | None = Field(
        description="Added in issue 10. Where `reach` leads: the number, address or URL for `direct`, the "
        "organisation's website for `website`; null otherwise."
    )


class MatchedOffer(Schema):
    """Keys the offer does not set are left out."""

    roles: list[str] | None = None
    genders: list[str] | None = None
    age_min: int | None = None
    age_max: int | None = None
    faiths: list[str] | None = None
    contexts: list[str] | None = None
    lgbtiq: bool | None = None
    disabilities: list[str] | None = None
    days_since_min: int | None = None
    days_since_max: int | None = None
    ongoing: bool | None = None
    source_file: str | None = None
    source_lines: str | None = None
    note: str | None = None


class RecommendedService(Schema):
    organisation: RecommendationOrganisation
    score: float = Field(description="Sum of the points of the rules that placed it; only the order matters.")
    open_now: bool | None = Field(
        description="A fitting staffed channel is open at `at`; null when the hours are unknown."
    )
    next_open: datetime | None
    channels: list[RecommendationChannel]
    reasons: list[str] = Field(description="Why this service, in plain words (Accept-Language: nl or en).")
    rules: list[str] = Field(
        description="Ids of the rules in baken/triage/rules.yaml that placed it, and of the vocabulary "
        "implications (V-...) that brought it in."
    )
    offer: MatchedOffer | None = Field(
        description="Added in issue 10. The offer (who the service is for) that the answers matched: every "
        "condition set here holds or was not asked."
    )


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


class AppliedImplication(Schema):
    id: str = Field(description="Implication id, e.g. V-HOME-DOMESTIC.")
    adds: str = Field(description="The violence code the answers also count as.")
    reason: str = Field(description="Why, in plain words.")


class Recommendations(Schema):
    emergency: RecommendationEmergency
    results: list[RecommendedService] = Field(description="Best first; never empty.")
    always_open: list[RecommendedService] = Field(description="Staffed services open at `at` (rule C-ALWAYS-OPEN).")
    information: list[RecommendationInformation]
    implications: list[AppliedImplication] = Field(
        description="Added in issue 10. The kinds of violence the answers also count as under the legal "
        "definitions (sexual abuse of a child is child abuse; violence at home is domestic violence), with the "
        "reason; each result they brought in names the implication id in `rules` and its reason in `reasons`."
    )


@router.get(
    "/recommendations",
    response={200: Recommendations, 400: api.Error},
    operation_id="getRecommendations",
    summary="Services that fit the answers, reachable now, with the reasons why.",
    description="Reasons come in the language of the `Accept-Language` header (Dutch by default, or English). "
    "Not counted in the usage counters.",
)
def recommendations(request: HttpRequest, query: QueryParam[RecommendationQuery]) -> JsonResponse:
    engine_query = query.engine_query()
    # Minute precision, like the opening hours: every request within a minute gets one answer.
    engine_query = replace(engine_query, at=engine_query.at.replace(second=0, microsecond=0))
    # The API is not under a language prefix, so the header decides (Dutch by default).
    language = translation.get_language_from_request(request)
    version, snapshot = directory_snapshot_versioned()
    minute = int(engine_query.at.timestamp()) // 60
    key = (replace(engine_query, at=_EPOCH), minute, str(engine_query.at.utcoffset()), language, version)
    body = _ANSWERS.get(key)
    if body is None:
        with translation.override(language):
            body = JsonResponse(recommendation_json(recommend(engine_query, snapshot))).content
        if len(_ANSWERS) >= _MAX_ANSWERS:
            _ANSWERS.clear()
        _ANSWERS[key] = body
    response = JsonResponse(None, safe=False)
    response.content = body
    return response


# Rendered answers per (question, minute, language, directory version): the engine's answer only
# changes with the minute (opening hours have minute precision) or the directory, and partner
# front doors ask the same few questions many times. Bounded; cleared when full.
_ANSWERS: dict[tuple[Any, ...], bytes] = {}
_MAX_ANSWERS = 2048
