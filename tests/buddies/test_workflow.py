"""Every status pair × every role: the transitions in the table succeed for the roles it names
and are refused for everyone else; pairs not in the table are refused for everyone."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from baken.audit.models import AuditEvent
from baken.buddies import services
from baken.buddies.models import BuddyCase, CaseEvent
from baken.buddies.workflow import MATCHED_STATUSES, TRANSITIONS, Actor, Status
from baken.core.workflow import TransitionNotAllowed
from tests.conftest import make_user

ROLES = ["coordinator", "own buddy", "other buddy", "person", "staff without permission"]
PAIRS = [(a, b) for a, b in itertools.product(Status.values, Status.values) if a != b]


def acting_role(role: str, from_status: str) -> str | None:
    """The workflow actor a role acts as on a case in `from_status` (buddy A is its buddy)."""
    if role == "coordinator":
        return Actor.COORDINATOR
    if role == "person":
        return Actor.PERSON
    if role == "own buddy" and from_status in MATCHED_STATUSES:
        return Actor.BUDDY
    return None


def test_the_table_only_names_known_statuses_and_actors() -> None:
    for (a, b), actors in TRANSITIONS.items():
        assert a in Status.values and b in Status.values and a != b
        assert actors and set(actors) <= set(Actor.values)


def test_every_open_status_can_be_left_by_the_person() -> None:
    for status in Status.values:
        if status in (Status.CLOSED, Status.FINISHED, Status.WITHDRAWN, Status.DECLINED):
            assert (status, Status.WITHDRAWN) not in TRANSITIONS
        else:
            assert Actor.PERSON in TRANSITIONS[(status, Status.WITHDRAWN)]


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_for_every_role(
    from_status: str, to_status: str, make_case: Any, coordinator: Any, buddy_a: Any, buddy_b: Any, spare_buddy: Any
) -> None:
    outsider = make_user("olaf", role="organisation staff")
    users = {
        "coordinator": coordinator,
        "own buddy": buddy_a.user,
        "other buddy": buddy_b.user,
        "staff without permission": outsider,
    }
    allowed_actors = TRANSITIONS.get((from_status, to_status), frozenset())
    for role in ROLES:
        case = make_case(from_status, buddy=buddy_a)
        events = CaseEvent.objects.filter(case=case).count()
        audits = AuditEvent.objects.filter(target_id=str(case.pk), action=f"buddies.case_{to_status}").count()
        call = {
            "case": case,
            "to": to_status,
            "by": users.get(role),
            "as_person": role == "person",
            "buddy": spare_buddy if to_status == Status.MATCHED else None,
        }
        expected = acting_role(role, from_status) in allowed_actors
        if expected:
            services.case_transition(**call)
            case.refresh_from_db()
            assert case.status == to_status, role
            event = CaseEvent.objects.filter(case=case).last()
            assert (event.from_status, event.to_status, event.actor_role) == (
                from_status,
                to_status,
                acting_role(role, from_status),
            )
            assert (
                AuditEvent.objects.filter(target_id=str(case.pk), action=f"buddies.case_{to_status}").count()
                == audits + 1
            )
        else:
            with pytest.raises(TransitionNotAllowed):
                services.case_transition(**call)
            case.refresh_from_db()
            assert case.status == from_status, role
            assert CaseEvent.objects.filter(case=case).count() == events


def test_history_cannot_be_edited_or_deleted(make_case: Any, coordinator: Any) -> None:
    case = make_case(Status.APPLIED)
    services.case_transition(case=case, to=Status.INTAKE_SCHEDULED, by=coordinator)
    event = CaseEvent.objects.get(case=case)
    event.note = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_a_coordinator_who_is_the_buddy_acts_as_the_buddy(make_case: Any, buddy_a: Any) -> None:
    """Nobody approves their own plan: on their own case a coordinator-buddy is the buddy."""
    from django.contrib.auth.models import Group

    buddy_a.user.groups.add(Group.objects.get(name="buddy coordinator"))
    case = make_case(Status.PLAN_SUBMITTED, buddy=buddy_a)
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(case=case, to=Status.ACTIVE, by=buddy_a.user)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.PLAN_SUBMITTED
