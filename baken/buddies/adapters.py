"""Copies of cases and buddy profiles as the plain dataclasses the matching engine takes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from baken.buddies import matching
from baken.buddies.models import BuddyCase, BuddyProfile


def _preference(raw: dict[str, Any] | None) -> matching.Preference:
    raw = raw or {}
    return matching.Preference(values=frozenset(raw.get("values") or ()), required=bool(raw.get("required")))


def _age_range(raw: dict[str, Any] | None) -> matching.AgeRange:
    raw = raw or {}
    return matching.AgeRange(minimum=raw.get("min"), maximum=raw.get("max"), required=bool(raw.get("required")))


def person_from_case(case: BuddyCase, *, today: date, excluded_buddies: Iterable[int] = ()) -> matching.Person:
    intake = case.intake_data
    wishes = intake.get("preferences") or {}
    since = case.waiting_since.date() if case.waiting_since else today
    return matching.Person(
        id=case.pk,
        languages=frozenset(intake.get("languages") or ()),
        gender=_preference(wishes.get("gender")),
        age=_age_range(wishes.get("age")),
        background=_preference(wishes.get("background")),
        reporting_experience=_preference(wishes.get("reporting_experience")),
        region=_preference(wishes.get("region")),
        meeting_mode=_preference(wishes.get("meeting_mode")),
        availability=_preference(wishes.get("availability")),
        support=frozenset(intake.get("support") or ()),
        waiting_days=max((today - since).days, 0),
        excluded_buddies=frozenset(excluded_buddies),
    )


def buddy_age(profile: BuddyProfile, today: date) -> int | None:
    birth_year = profile.personal_data.get("birth_year")
    return today.year - int(birth_year) if birth_year else None


def buddy_from_profile(profile: BuddyProfile, *, open_matches: int, today: date) -> matching.Buddy:
    personal = profile.personal_data
    trained = profile.training_completed_on is not None and profile.training_completed_on <= today
    return matching.Buddy(
        id=profile.pk,
        trained=trained,
        active=profile.active,
        capacity_left=max(profile.capacity - open_matches, 0),
        languages=frozenset(profile.languages or ()),
        gender=personal.get("gender") or "",
        age=buddy_age(profile, today),
        backgrounds=frozenset(personal.get("backgrounds") or ()),
        reporting_experience=personal.get("reporting_experience") or "",
        region=profile.region or "",
        meeting_modes=frozenset(profile.meeting_modes or ()),
        availability=frozenset(profile.availability or ()),
        workshops=frozenset(profile.workshops or ()),
    )
