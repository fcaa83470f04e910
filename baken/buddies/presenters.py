"""Codes from the buddy programme and the matching engine put into words for people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baken.buddies import matching
from baken.buddies.choices import (
    Availability,
    Background,
    BuddyGender,
    Channel,
    Region,
    ReportingExperience,
    Support,
    Workshop,
    language_name,
)
from baken.buddies.models import BuddyCase
from baken.buddies.workflow import (
    INTAKE_PLANNABLE,
    INTAKE_RECORDABLE,
    MATCHED_STATUSES,
    TRANSITIONS,
    Actor,
    Status,
)
from baken.core import workflow as core_workflow

CRITERION_LABELS = {
    "room": gettext_lazy("Room"),
    "language": gettext_lazy("Language"),
    "gender": gettext_lazy("Gender"),
    "age": gettext_lazy("Age"),
    "background": gettext_lazy("Background"),
    "reporting_experience": gettext_lazy("Own reporting experience"),
    "region": gettext_lazy("Region"),
    "meeting_mode": gettext_lazy("Way of meeting"),
    "availability": gettext_lazy("Availability"),
    "workshop": gettext_lazy("Workshop"),
    "waiting": gettext_lazy("Waiting time"),
    "previous_buddy": gettext_lazy("Not a previous buddy"),
    "trained": gettext_lazy("Training"),
    "active": gettext_lazy("Not paused"),
    "capacity": gettext_lazy("Room"),
}

_CHOICES: dict[str, type[models.TextChoices]] = {
    "gender": BuddyGender,
    "background": Background,
    "reporting_experience": ReportingExperience,
    "region": Region,
    "meeting_mode": Channel,
    "availability": Availability,
}


def value_label(criterion: str, code: str) -> str:
    if criterion == "language":
        return language_name(code)
    if criterion == "workshop":
        for workshop_or_support in (Workshop, Support):
            if code in workshop_or_support.values:
                return str(workshop_or_support(code).label)
        return code
    choices = _CHOICES.get(criterion)
    if choices is not None and code in choices.values:
        return str(choices(code).label)
    return code


def values_text(criterion: str, codes: Iterable[str]) -> str:
    return ", ".join(value_label(criterion, c) for c in codes)


def _age_text(wanted: tuple[str, ...]) -> str:
    low, high = (*wanted, "", "")[:2]
    if low and high:
        return _("%(low)s to %(high)s years") % {"low": low, "high": high}
    if low:
        return _("%(low)s years or older") % {"low": low}
    return _("up to %(high)s years") % {"high": high}


def reason_lines(reasons: Iterable[matching.Reason]) -> list[dict[str, Any]]:
    """One line per reason: what the buddy offers, what was wanted, met or not, and how important."""
    lines = []
    for reason in reasons:
        criterion = reason.criterion
        if criterion == "room":
            offered = _("room for %(n)s more") % {"n": reason.offered[0] if reason.offered else 0}
            wanted = ""
        elif criterion == "waiting":
            offered = _("waiting %(days)s days") % {"days": reason.offered[0] if reason.offered else 0}
            wanted = ""
        elif criterion == "age":
            offered = (_("%(age)s years") % {"age": reason.offered[0]}) if reason.offered else _("unknown")
            wanted = _age_text(reason.wanted)
        else:
            offered = values_text(criterion, reason.offered) or _("none")
            wanted = values_text(criterion, reason.wanted)
        lines.append(
            {
                "met": reason.met,
                "label": str(CRITERION_LABELS.get(criterion, criterion)),
                "offered": offered,
                "wanted": wanted,
                "importance": _("required") if reason.required else _("nice to have"),
            }
        )
    return lines


def blocker_text(blocker: matching.Blocker) -> str:
    code = blocker.code
    if code == "no_trained_buddy":
        return _("There is no trained, active buddy at all.")
    if code == "language":
        return _("No trained, active buddy speaks %(languages)s.") % {
            "languages": values_text("language", blocker.wanted)
        }
    if code == "previous_buddy":
        return _("The only buddies who fit were this person's buddy before.")
    if code == "age":
        return _("No trained, active buddy has the required age: %(age)s.") % {"age": _age_text(blocker.wanted)}
    if code in _CHOICES:
        return _("No trained, active buddy meets the required %(criterion)s: %(wanted)s.") % {
            "criterion": str(CRITERION_LABELS[code]).lower(),
            "wanted": values_text(code, blocker.wanted),
        }
    if code == "combination":
        return _("Each requirement can be met on its own, but no buddy meets all of them together: %(criteria)s.") % {
            "criteria": ", ".join(str(CRITERION_LABELS.get(c, c)).lower() for c in blocker.criteria)
        }
    if code == "full":
        if blocker.wanted:
            return _("All %(count)s buddies in %(region)s who fit are full.") % {
                "count": blocker.count,
                "region": values_text("region", blocker.wanted),
            }
        return _("All %(count)s buddies who fit are full.") % {"count": blocker.count}
    if code == "taken":
        return _(
            "The %(count)s buddies who fit and have room are proposed for other people. "
            "Confirm those first, or pick one of them below."
        ) % {"count": blocker.count}
    return code


# --- rows and flags for the pages (views stay thin; templates never repeat the table) ---


def intake_lines(intake: dict[str, Any], preference_fields: Iterable[tuple[str, Any, Any]]) -> list[dict[str, str]]:
    """The intake's buddy preferences in words, one line per criterion."""
    lines = []
    preferences = intake.get("preferences") or {}
    for name, label, _choices in preference_fields:
        wish = preferences.get(name) or {}
        if wish.get("values"):
            lines.append(
                {
                    "label": str(label),
                    "values": values_text(name, wish["values"]),
                    "importance": _("required") if wish.get("required") else _("nice to have"),
                }
            )
    age = preferences.get("age") or {}
    if age.get("min") is not None or age.get("max") is not None:
        lines.append(
            {
                "label": _("Age of the buddy"),
                "values": _age_text((str(age.get("min") or ""), str(age.get("max") or ""))),
                "importance": _("required") if age.get("required") else _("nice to have"),
            }
        )
    return lines


def dashboard_rows(cases: Iterable[BuddyCase], today: date) -> list[dict[str, Any]]:
    """One row per case: its current buddy, the next check-in and whether that is overdue.
    The cases come with `open_matches` and `open_checkins` prefetched (selectors)."""
    rows = []
    for case in cases:
        matches = case.open_matches  # type: ignore[attr-defined]
        checkins = case.open_checkins  # type: ignore[attr-defined]
        rows.append(
            {
                "case": case,
                "buddy": matches[0].buddy if matches else None,
                "next_checkin": checkins[0] if checkins else None,
                "overdue": bool(checkins and checkins[0].due_on < today),
            }
        )
    return rows


def matching_rows(run: Any) -> list[dict[str, Any]]:
    """One row per waiting person: the proposal with its reasons, or why nobody fits, and the alternatives."""
    proposals = {p.person_id: p for p in run.result.proposals}
    blockers = {u.person_id: u.blockers for u in run.result.unmatched}
    rows = []
    for case_id, case in run.cases.items():
        proposal = proposals.get(case_id)
        rows.append(
            {
                "case": case,
                "proposal": proposal,
                "buddy": run.profiles[proposal.buddy_id] if proposal else None,
                "reasons": reason_lines(proposal.reasons) if proposal else [],
                "blockers": [blocker_text(b) for b in blockers.get(case_id, ())],
                "alternatives": [
                    {
                        "buddy": run.profiles[a.buddy_id],
                        "value": a.value,
                        "room_after": a.room_after_proposals,
                        "reasons": reason_lines(a.reasons),
                    }
                    for a in run.result.alternatives.get(case_id, ())
                ],
            }
        )
    return rows


def _can(status: str, target: str, actor: str) -> bool:
    return core_workflow.allowed(TRANSITIONS, status, target, actor)


def coordinator_flags(case: BuddyCase) -> dict[str, bool]:
    """What the coordinator can do with this case now, read from the transition table."""
    s, coordinator = case.status, Actor.COORDINATOR
    return {
        "can_schedule_intake": s in INTAKE_PLANNABLE,
        "can_record_intake": s in INTAKE_RECORDABLE,
        "can_decline": _can(s, Status.DECLINED, coordinator),
        "can_find_buddy": _can(s, Status.MATCHED, coordinator),
        "can_introduce": s == Status.MATCHED and _can(s, Status.INTRODUCED, coordinator),
        "can_rematch": s in MATCHED_STATUSES and _can(s, Status.WAITING, coordinator),
        "can_close": _can(s, Status.CLOSED, coordinator),
        "can_withdraw": _can(s, Status.WITHDRAWN, coordinator),
        "can_review_plan": _can(s, Status.ACTIVE, coordinator),
    }


def person_flags(case: BuddyCase) -> dict[str, bool]:
    """What the person can do on their own page now, read from the transition table."""
    return {
        "can_plan": _can(case.status, Status.PLAN_SUBMITTED, Actor.PERSON),
        "can_withdraw": _can(case.status, Status.WITHDRAWN, Actor.PERSON),
    }


def buddy_flags(case: BuddyCase) -> dict[str, bool]:
    return {"can_plan": _can(case.status, Status.PLAN_SUBMITTED, Actor.BUDDY)}
