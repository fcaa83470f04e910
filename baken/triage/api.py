"""`GET /api/v1/recommendations`: the help finder for machines and partner front doors, on the
same engine as the flow. Documented in `openapi.json`. Reasons come in the language of the
`Accept-Language` header (Dutch by default, or English). API calls are not counted in the
usage counters: a partner's front door cannot be told apart from a test or a load run."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.views.decorators.http import require_GET

from baken.core import api
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot
from baken.directory.serializers import iso, organisation_summary_json
from baken.directory.vocabulary import Context, Disability, Faith, Gender, Need, Role, Violence
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
        at=api.moment(params, "at"),
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


# Rendered answers per (question, minute, language, snapshot): the engine's answer only changes
# with the minute (opening hours have minute precision) or the directory, and partner front
# doors ask the same few questions many times. Bounded; cleared when full.
_ANSWERS: dict[tuple[Any, ...], bytes] = {}
_MAX_ANSWERS = 2048


@require_GET
@api.api_view
def recommendations(request: HttpRequest) -> JsonResponse:
    query = query_from_params(request.GET)
    # Minute precision, like the opening hours: every request within a minute gets one answer.
    query = replace(query, at=query.at.replace(second=0, microsecond=0))
    # The API is not under a language prefix, so the header decides (Dutch by default).
    language = translation.get_language_from_request(request)
    snapshot = directory_snapshot()
    minute = int(query.at.timestamp()) // 60
    key = (replace(query, at=_EPOCH), minute, str(query.at.utcoffset()), language, id(snapshot))
    body = _ANSWERS.get(key)
    if body is None:
        with translation.override(language):
            body = JsonResponse(recommendation_json(recommend(query, snapshot))).content
        if len(_ANSWERS) >= _MAX_ANSWERS:
            _ANSWERS.clear()
        _ANSWERS[key] = body
    response = JsonResponse(None, safe=False)
    response.content = body
    return response
