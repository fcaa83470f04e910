"""The coverage API (`/api/v1/insights/coverage`), a django-ninja router. Coverage is
computed from the public directory only, so the API is open like the directory's."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from baken.core import api
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import Context, Role, Violence
from baken.insights import coverage as cov
from baken.insights.forms import TARGET_GROUP_CHOICES


def _required(params: object, name: str, valid: list[str]) -> str:
    value = api.code(params, name, valid)  # type: ignore[arg-type]
    if value is None:
        raise api.ApiError(name, f"'{name}' is required.", valid_values=valid)
    return value


router = Router(tags=["insights"])
TARGET_GROUPS = [code for code, _label in TARGET_GROUP_CHOICES]


def _codes(values: list[str]) -> Any:
    return Literal[tuple(values)]


class CoverageQuery(api.QueryParams):
    role: _codes(Role.values)  # type: ignore[valid-type]
    violence: _codes(Violence.values)  # type: ignore[valid-type]
    language: _codes(sorted(LANGUAGE_CODES)) = Field(None)  # type: ignore[valid-type]
    target_group: _codes(TARGET_GROUPS) = Field(None)  # type: ignore[valid-type]
    context: _codes(Context.values) = Field(None)  # type: ignore[valid-type]
    week_of: date = api.date_field("A day in the week to show (YYYY-MM-DD, years 1900 to 9998). Default: this week.")

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, object]:
        return {
            "role": _required(params, "role", Role.values),
            "violence": _required(params, "violence", Violence.values),
            "language": api.code(params, "language", LANGUAGE_CODES),
            "target_group": api.code(params, "target_group", TARGET_GROUPS),
            "context": api.code(params, "context", Context.values),
            "week_of": api.day(params, "week_of") or timezone.localdate(),
        }


class CoverageService(Schema):
    slug: str
    name: str
    specific: bool = Field(description="Specific help for this combination (not a general service).")


class CoverageHour(Schema):
    weekday: int = Field(ge=0, le=6, description="Monday = 0.")
    hour: int = Field(ge=0, le=23)
    count: int = Field(ge=0, description="Open staffed channels that fit.")
    specific_count: int = Field(ge=0, description="Of which specific help.")
    services: list[CoverageService]


class Holiday(Schema):
    date: date
    name: str


class Coverage(Schema):
    role: str
    violence: str
    language: str | None
    target_group: str | None
    context: str | None
    week_start: date = Field(description="The Monday of the week.")
    holidays: list[Holiday]
    hours: list[CoverageHour] = Field(min_length=168, max_length=168)


@router.get(
    "/insights/coverage",
    response={200: Coverage, 400: api.Error},
    operation_id="getCoverage",
    summary="Hour by hour in one week: how many fitting staffed channels are open.",
)
def coverage(request: HttpRequest, query: Query[CoverageQuery]) -> JsonResponse:
    combination = cov.Combination(
        role=query.role,
        violence=query.violence,
        language=query.language,
        target_group=query.target_group,
        context=query.context,
    )
    result = cov.coverage(directory_snapshot(), combination, query.week_of)
    return JsonResponse(
        {
            "role": combination.role,
            "violence": combination.violence,
            "language": combination.language,
            "target_group": combination.target_group,
            "context": combination.context,
            "week_start": result.week_start.isoformat(),
            "holidays": [{"date": day.isoformat(), "name": name} for day, name in result.holidays],
            "hours": [
                {
                    "weekday": h.weekday,
                    "hour": h.hour,
                    "count": h.count,
                    "specific_count": h.specific_count,
                    "services": [{"slug": s.slug, "name": s.name, "specific": s.specific} for s in h.services],
                }
                for h in result.hours
            ],
        }
    )
