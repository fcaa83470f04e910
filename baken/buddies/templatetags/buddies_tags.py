"""Template helpers of the buddy programme: labels of codes and the staff sub-navigation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from baken.buddies import permissions, presenters
from baken.buddies.choices import CheckInWith, Outcome, Support

register = template.Library()


@register.filter
def buddy_label(code: Any, criterion: str) -> str:
    """The translated label of a buddy-programme code, e.g. {{ profile.region|buddy_label:"region" }}.
    A list of codes gives a comma-separated list."""
    if criterion == "support":
        codes = code if isinstance(code, list | tuple) else [code]
        return ", ".join(str(Support(c).label) if c in Support.values else str(c) for c in codes)
    if criterion == "outcome":
        return str(Outcome(code).label) if code in Outcome.values else str(code)
    if criterion == "with_whom":
        return str(CheckInWith(code).label) if code in CheckInWith.values else str(code)
    if isinstance(code, list | tuple):
        return presenters.values_text(criterion, code)
    return presenters.value_label(criterion, str(code)) if code else ""


@register.inclusion_tag("buddies/_nav.html", takes_context=True)
def buddies_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"can_coordinate": permissions.can_coordinate(user), "can_act_as_buddy": permissions.can_act_as_buddy(user)}


@register.filter
def joined(values: Iterable[Any], separator: str = ", ") -> str:
    return separator.join(str(v) for v in values)
