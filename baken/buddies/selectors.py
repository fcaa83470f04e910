"""Reads that depend on who is looking. Each fetches and authorises in one call (not found and
not allowed look the same: 404) and records an audit event for every read of a case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from baken.accounts.models import User
from baken.audit.services import record
from baken.buddies import adapters, matching, permissions
from baken.buddies.choices import PROGRAMME_ORGANISATION
from baken.buddies.models import BuddyCase, BuddyProfile, CheckIn, Match, Message, PlanVersion
from baken.buddies.workflow import MATCHED_STATUSES, OPEN_STATUSES, Status
from baken.core import access


def _read(*, actor: User | str, case: BuddyCase, view: str) -> None:
    record(
        actor=actor,
        action="buddies.case_viewed",
        target=case,
        organisation_slug=PROGRAMME_ORGANISATION,
        data={"view": view},
    )


# --- the person (code + passphrase) ---


ACCESS_SCOPE = "buddies"


def case_for_person(*, request: HttpRequest, code: str, passphrase: str) -> BuddyCase:
    """The case this code and passphrase open (the kernel's one check: counted before the hash,
    equal work for an unknown code). Raises access.AccessDenied or access.RateLimited."""
    return access.open_with_code(
        request,
        scope=ACCESS_SCOPE,
        code=code,
        passphrase=passphrase,
        find=lambda key: BuddyCase.objects.filter(code_key=key).first(),
        hash_of=lambda case: case.passphrase_hash,
    )


def case_waiting_for_passphrase(*, request: HttpRequest, code: str) -> BuddyCase:
    """A referred case whose person has not chosen a passphrase yet (rate-limited like access)."""
    return access.claim_with_code(
        request,
        scope=ACCESS_SCOPE,
        code=code,
        find=lambda key: BuddyCase.objects.filter(code_key=key, passphrase_hash="").first(),
    )


def case_for_person_session(*, case_id: int | None) -> BuddyCase | None:
    if case_id is None:
        return None
    return BuddyCase.objects.filter(pk=case_id).exclude(passphrase_hash="").first()


def person_view(*, case: BuddyCase) -> dict[str, Any]:
    """What the person sees of their own case: status, appointments, buddy's first name,
    the plan and the messages."""
    _read(actor="person", case=case, view="person")
    match = permissions.current_match(case)
    return {
        "case": case,
        "match": match,
        "plan": case.plan_versions.order_by("-number").first(),
        "case_messages": list(case.messages.all()),
    }


# --- coordinators ---


def _require_coordinator(user: User) -> None:
    if not permissions.can_coordinate(user):
        raise Http404


def case_for_coordinator(*, user: User, case_id: int, view: str = "case") -> BuddyCase:
    _require_coordinator(user)
    case = BuddyCase.objects.filter(pk=case_id).first()
    if case is None:
        raise Http404
    _read(actor=user, case=case, view=view)
    return case


def case_detail(*, case: BuddyCase) -> dict[str, Any]:
    return {
        "match": permissions.current_match(case),
        "past_matches": list(case.matches.filter(ended_at__isnull=False).select_related("buddy")),
        "events": list(case.events.select_related("actor")),
        "plans": list(case.plan_versions.select_related("reviewed_by")),
        "checkins": list(case.checkins.all()),
        "case_messages": list(case.messages.select_related("author")),
    }


def checkin_for_coordinator(*, user: User, checkin_id: int) -> CheckIn:
    _require_coordinator(user)
    checkin = CheckIn.objects.select_related("case").filter(pk=checkin_id).first()
    if checkin is None or checkin.done_at or checkin.cancelled:
        raise Http404
    _read(actor=user, case=checkin.case, view="checkin")
    return checkin


def cases_for_dashboard(*, user: User, status: str | None = None) -> QuerySet[BuddyCase]:
    """Cases with their current buddy and open check-ins prefetched (a fixed number of queries)."""
    _require_coordinator(user)
    cases = BuddyCase.objects.all()
    if status:
        cases = cases.filter(status=status)
    else:
        cases = cases.filter(status__in=[*OPEN_STATUSES, Status.CLOSED])
    return cases.prefetch_related(
        Prefetch(
            "matches",
            queryset=Match.objects.filter(ended_at__isnull=True).select_related("buddy"),
            to_attr="open_matches",
        ),
        Prefetch("checkins", queryset=CheckIn.objects.open().order_by("due_on"), to_attr="open_checkins"),
    ).order_by("created_at", "id")


@dataclass(frozen=True)
class Dashboard:
    counts: dict[str, int]
    overdue: list[CheckIn]
    due_soon: list[CheckIn]
    concerns: list[CheckIn]


def dashboard(*, user: User, today: date | None = None) -> Dashboard:
    _require_coordinator(user)
    today = today or timezone.localdate()
    counts = dict(BuddyCase.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    open_checkins = CheckIn.objects.open().select_related("case").order_by("due_on", "id")
    recent_concerns = (
        CheckIn.objects.filter(concern=True, done_at__gte=timezone.now() - timedelta(days=30))
        .filter(case__status__in=MATCHED_STATUSES)
        .select_related("case")
        .order_by("-done_at")
    )
    record(
        actor=user,
        action="buddies.dashboard_viewed",
        organisation_slug=PROGRAMME_ORGANISATION,
        target_type="buddies.buddycase",
        target_id="*",
    )
    return Dashboard(
        counts=counts,
        overdue=list(open_checkins.filter(due_on__lt=today)),
        due_soon=list(open_checkins.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7))),
        concerns=list(recent_concerns),
    )


def buddy_pool(*, user: User) -> list[BuddyProfile]:
    _require_coordinator(user)
    return list(
        BuddyProfile.objects.select_related("user").annotate(
            open_matches=Count("matches", filter=Q(matches__ended_at__isnull=True))
        )
    )


def buddy_for_coordinator(*, user: User, buddy_id: int) -> BuddyProfile:
    _require_coordinator(user)
    profile = BuddyProfile.objects.select_related("user").filter(pk=buddy_id).first()
    if profile is None:
        raise Http404
    return profile


@dataclass(frozen=True)
class MatchingRun:
    result: matching.Result
    cases: dict[int, BuddyCase]
    people: dict[int, matching.Person]
    profiles: dict[int, BuddyProfile]
    buddies: dict[int, matching.Buddy]
    blocker_counts: Counter[str]


def matching_inputs(*, today: date) -> tuple[list[BuddyCase], list[matching.Person], list[Any], list[matching.Buddy]]:
    """Everyone waiting and every buddy (profiles annotated with `open_matches`), as the
    engine's dataclasses."""
    cases = list(BuddyCase.objects.filter(status=Status.WAITING).order_by("waiting_since", "id"))
    previous: dict[int, set[int]] = {}
    for case_id, buddy_id in Match.objects.filter(case__in=cases).values_list("case_id", "buddy_id"):
        previous.setdefault(case_id, set()).add(buddy_id)
    people = [adapters.person_from_case(c, today=today, excluded_buddies=previous.get(c.pk, ())) for c in cases]
    profiles = list(
        BuddyProfile.objects.annotate(open_matches=Count("matches", filter=Q(matches__ended_at__isnull=True)))
    )
    buddies = [adapters.buddy_from_profile(p, open_matches=p.open_matches, today=today) for p in profiles]  # type: ignore[attr-defined]
    return cases, people, profiles, buddies


def matching_run(*, user: User, today: date | None = None) -> MatchingRun:
    """Proposals for everyone waiting (nothing is stored: the coordinator confirms each)."""
    _require_coordinator(user)
    today = today or timezone.localdate()
    cases, people, profiles, buddies = matching_inputs(today=today)
    result = matching.propose(people, buddies)
    return MatchingRun(
        result=result,
        cases={c.pk: c for c in cases},
        people={p.id: p for p in people},
        profiles={p.pk: p for p in profiles},
        buddies={b.id: b for b in buddies},
        blocker_counts=Counter(b.code for u in result.unmatched for b in u.blockers),
    )


def record_matching_reads(*, user: User, case_ids: list[int]) -> None:
    """The proposals page shows preferences of the cases on it: each is a read."""
    for case in BuddyCase.objects.filter(pk__in=case_ids):
        _read(actor=user, case=case, view="matching")


# --- buddies ---


def matches_for_buddy(*, user: User) -> list[Match]:
    """The buddy's own current matches; ended matches are no longer visible to them."""
    if not permissions.can_act_as_buddy(user):
        raise Http404
    return list(
        Match.objects.filter(buddy__user=user, ended_at__isnull=True).select_related("case").order_by("confirmed_at")
    )


def match_for_buddy(*, user: User, match_id: int, view: str = "match") -> Match:
    match = Match.objects.select_related("case", "buddy").filter(pk=match_id, ended_at__isnull=True).first()
    if match is None or not permissions.is_buddy_of_match(user, match):
        raise Http404
    _read(actor=user, case=match.case, view=view)
    return match


def buddy_view(*, match: Match) -> dict[str, Any]:
    """What a buddy sees: the support needed and how to meet, the plan, and the messages of
    their own match. Not the contact details or notes (the coordinator introduces them)."""
    case = match.case
    return {
        "case": case,
        "match": match,
        "plan": PlanVersion.objects.filter(case=case, match=match).order_by("-number").first(),
        "plans": list(PlanVersion.objects.filter(case=case, match=match).order_by("-number")),
        "case_messages": list(Message.objects.filter(case=case, match=match).select_related("author")),
    }
