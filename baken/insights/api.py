"""The coverage API (`/api/v1/insights/coverage`), documented in `openapi.json`. Coverage is
computed from the public directory only, so the API is open like the directory's."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from baken.core import api
from baken.directory.languages import LANGUAGE_CODES
from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import Context, Role, Violence
from baken.insights import coverage as cov
from baken.insights.forms import TARGET_GROUP_CHOICES

PARAMETERS = ["role", "violence", "language", "target_group", "context", "week_of"]


def _required(params: object, name: str, valid: list[str]) -> str:
    value = api.code(params, name, valid)  # type: ignore[arg-type]
    if value is None:
        raise api.ApiError(name, f"'{name}' is required.", valid_values=valid)
    return value


def _week_of(raw: str | None) -> date:
    if raw is None or raw == "":
        return timezone.localdate()
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise api.ApiError("week_of", "'week_of' must be a date as YYYY-MM-DD, e.g. 2026-04-27.") from None


@require_GET
@api.api_view
def coverage(request: HttpRequest) -> JsonResponse:
    params = request.GET
    api.reject_unknown(params, PARAMETERS)
    combination = cov.Combination(
        role=_required(params, "role", Role.values),
        violence=_required(params, "violence", Violence.values),
        language=api.code(params, "language", LANGUAGE_CODES),
        target_group=api.code(params, "target_group", [code for code, _label in TARGET_GROUP_CHOICES]),
        context=api.code(params, "context", Context.values),
    )
    result = cov.coverage(directory_snapshot(), combination, _week_of(params.get("week_of")))
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
