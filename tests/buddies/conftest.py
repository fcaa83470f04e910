"""Buddy-programme fixtures: a coordinator (Cora), two buddies (Ben = buddy A, Bea = buddy B),
a spare buddy (Cas) and a factory that puts a case in any status with consistent data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from baken.accounts.models import User
from baken.buddies.choices import CheckInKind, CheckInWith, PlanState
from baken.buddies.models import BuddyCase, BuddyProfile, CheckIn, Match, PlanVersion
from baken.buddies.workflow import MATCHED_STATUSES, Actor, Status
from baken.core import access
from tests.conftest import make_user

PASSPHRASE = "lantern harbour 42"
INTAKE = {
    "languages": ["nl"],
    "support": ["listening"],
    "support_other": "",
    "notes": "Wants to talk in the evening.",
    "preferences": {"gender": {"values": ["woman"], "required": False}},
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Passwords and passphrases are hashed with PBKDF2 in production; that is slow on purpose,
    and would make the workflow matrix take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_buddy(username: str, *, display_name: str | None = None, **fields: Any) -> BuddyProfile:
    user = make_user(username, role="buddy")
    user.email = f"{username}@example.org"
    user.save()
    defaults: dict[str, Any] = {
        "display_name": display_name or username.title(),
        "training_completed_on": date(2026, 1, 15),
        "languages": ["nl"],
        "region": "utrecht",
        "meeting_modes": ["in_person", "phone"],
        "availability": ["weekday_evening"],
        "capacity": 2,
        "active": True,
        "personal": {"gender": "woman", "birth_year": 1985, "backgrounds": [], "reporting_experience": "report"},
    }
    defaults.update(fields)
    return BuddyProfile.objects.create(user=user, **defaults)


@pytest.fixture
def coordinator(db: None) -> User:
    user = make_user("cora", role="buddy coordinator")
    user.email = "cora@example.org"
    user.save()
    return user


@pytest.fixture
def buddy_a(db: None) -> BuddyProfile:
    return make_buddy("ben", display_name="Ben")


@pytest.fixture
def buddy_b(db: None) -> BuddyProfile:
    return make_buddy("bea", display_name="Bea")


@pytest.fixture
def spare_buddy(db: None) -> BuddyProfile:
    return make_buddy("cas", display_name="Cas", capacity=3)


CaseFactory = Callable[..., BuddyCase]


@pytest.fixture
def make_case(db: None) -> CaseFactory:
    def factory(status: str = Status.APPLIED, *, buddy: BuddyProfile | None = None, **fields: Any) -> BuddyCase:
        """A case put directly in `status` (test setup, not the workflow), with a match to
        `buddy` when the status has one, a submitted plan, open check-ins and so on."""
        now = timezone.now()
        defaults: dict[str, Any] = {
            "code_key": access.code_lookup_key(access.new_code()),
            "passphrase_hash": access.hash_passphrase(PASSPHRASE),
            "status": status,
            "contact": {"name": "Sam", "phone": "06-12345678", "email": "", "safe_times": "evenings"},
            "applicant_note": "I was told about you by my GP.",
        }
        if status != Status.APPLIED:
            defaults["intake_at"] = now + timedelta(days=1)
            defaults["intake_channel"] = "phone"
        if status not in (Status.APPLIED, Status.INTAKE_SCHEDULED, Status.DECLINED):
            defaults["intake"] = INTAKE
            defaults["waiting_since"] = now - timedelta(days=10)
        defaults.update(fields)
        case = BuddyCase.objects.create(**defaults)
        match = None
        if status in MATCHED_STATUSES or status in (Status.CLOSED, Status.FINISHED):
            assert buddy is not None, "this status needs a buddy"
            ended = now if status in (Status.CLOSED, Status.FINISHED) else None
            match = Match.objects.create(
                case=case,
                buddy=buddy,
                value=103,
                introduced_at=None if status == Status.MATCHED else now,
                ended_at=ended,
                end_status=status if ended else "",
            )
        if status in (Status.PLAN_SUBMITTED, Status.ACTIVE):
            PlanVersion.objects.create(
                case=case,
                match=match,
                number=1,
                content={"support": "Find a psychologist", "actions": "Call three practices"},
                author_role=Actor.BUDDY,
                state=PlanState.SUBMITTED if status == Status.PLAN_SUBMITTED else PlanState.APPROVED,
            )
        if status == Status.ACTIVE:
            for whom in (CheckInWith.PERSON, CheckInWith.BUDDY):
                CheckIn.objects.create(
                    case=case, match=match, with_whom=whom, due_on=timezone.localdate() + timedelta(days=28)
                )
        if status == Status.CLOSED:
            CheckIn.objects.create(
                case=case,
                with_whom=CheckInWith.PERSON,
                kind=CheckInKind.AFTERCARE,
                due_on=timezone.localdate() + timedelta(days=28),
            )
        return case

    return factory
