"""Codes from the buddy programme and the matching engine put into words for people."""

from __future__ import annotations

from collections.abc import Iterable
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
