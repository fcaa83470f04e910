"""Answers as they travel: form fields in POST bodies (never URLs), named like the API
parameters. Other apps (the warm handover) receive them as hidden fields and read them back
with `query_from_answers`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.http import QueryDict

from baken.directory.languages import LANGUAGE_CODES
from baken.directory.vocabulary import Context, Disability, Faith, Gender, Need, Role, Violence
from baken.triage.engine import Query

# The flow asks "how long ago" in bands; the engine gets the first day of the band.
SINCE_DAYS = {"under_7_days": 0, "7_days_3_months": 7, "3_12_months": 91, "over_1_year": 366}
TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}
CODES = {
    "role": frozenset(Role.values),
    "context": frozenset(Context.values),
    "faith": frozenset(Faith.values),
    "gender": frozenset(Gender.values),
    "disability": frozenset(Disability.values),
    "language": LANGUAGE_CODES,
}


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    if isinstance(data, QueryDict):
        raw: Any = data.getlist(name)
    else:
        raw = data.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple | set | frozenset) else [raw]
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _one(data: Mapping[str, Any], name: str) -> str | None:
    values = _values(data, name)
    return values[0] if values else None


def _flag(data: Mapping[str, Any], name: str) -> bool | None:
    value = _one(data, name)
    if value is None:
        return None
    lowered = value.lower()
    return True if lowered in TRUE else False if lowered in FALSE else None


def _number(data: Mapping[str, Any], name: str, low: int, high: int) -> int | None:
    value = _one(data, name)
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and low <= number <= high else None


def query_from_answers(data: Mapping[str, Any], *, at: datetime | None = None, limit: int = 10) -> Query:
    """Read answers tolerantly: an unknown or impossible value is left out, never guessed."""
    codes: dict[str, str | None] = {}
    for name, valid in CODES.items():
        value = _one(data, name)
        codes[name] = value if value in valid else None
    violence = tuple(v for v in _values(data, "violence") if v in Violence.values)
    needs = tuple(n for n in _values(data, "need") + _values(data, "needs") if n in Need.values)
    days_since = _number(data, "days_since", 0, 100_000)
    since = _one(data, "since")
    ongoing = _flag(data, "ongoing")
    band = since if since == "ongoing" or since in SINCE_DAYS else None
    if since == "ongoing":
        ongoing = True
    elif since in SINCE_DAYS:
        days_since = SINCE_DAYS[since]
        ongoing = False if ongoing is None else ongoing
    extra: dict[str, Any] = {"at": at} if at is not None else {}
    return Query(
        role=codes["role"],
        violence=violence,
        context=codes["context"],
        faith=codes["faith"],
        age=_number(data, "age", 0, 120),
        gender=codes["gender"],
        lgbtiq=_flag(data, "lgbtiq"),
        disability=codes["disability"],
        language=codes["language"],
        days_since=days_since,
        ongoing=ongoing,
        acute=bool(_flag(data, "acute")),
        needs=needs,
        limit=limit,
        suicidal=bool(_flag(data, "suicidal")),
        since=band,
        **extra,
    )


def _text(value: bool) -> str:
    return "true" if value else "false"


def answers_as_fields(query: Query) -> list[tuple[str, str]]:
    """The answers as (name, value) pairs with the API's names, for hidden form fields (the
    warm handover). The safety screen's answer about suicide is not passed on."""
    fields: list[tuple[str, str]] = []
    for name in ("role", "context", "faith", "gender", "disability", "language"):
        value = getattr(query, name)
        if value is not None:
            fields.append((name, value))
    fields += [("violence", v) for v in query.violence]
    if query.age is not None:
        fields.append(("age", str(query.age)))
    if query.since is not None:
        # The band the person chose ("less than a week ago"), never the days computed from it.
        fields.append(("since", query.since))
    elif query.days_since is not None:
        fields.append(("days_since", str(query.days_since)))
    for name in ("lgbtiq", "ongoing"):
        value = getattr(query, name)
        if name == "ongoing" and query.since is not None:
            continue  # part of the band
        if value is not None:
            fields.append((name, _text(value)))
    if query.acute:
        fields.append(("acute", "true"))
    fields += [("need", n) for n in query.needs]
    return fields
