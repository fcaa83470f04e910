from __future__ import annotations

from django import template

from baken.directory import hours
from baken.directory import vocabulary as v

register = template.Library()

VOCABULARIES: dict[str, type] = {
    "channel": v.ChannelType,
    "violence": v.Violence,
    "help_type": v.HelpType,
    "target_group": v.TargetGroup,
    "role": v.Role,
    "need": v.Need,
    "context": v.Context,
    "faith": v.Faith,
    "gender": v.Gender,
    "disability": v.Disability,
    "staffed_by": v.StaffedBy,
}


@register.filter
def label(code: str, vocabulary: str) -> str:
    """The translated label of a vocabulary code: {{ c.type|label:"channel" }}."""
    try:
        return str(VOCABULARIES[vocabulary](code).label)
    except (KeyError, ValueError):
        return code


@register.filter
def hours_words(expression: str | None) -> str:
    """Opening hours in words ("maandag tot en met vrijdag: 9.00 tot 17.00"), never the raw syntax; empty when they
    cannot be said simply. Holidays as evaluated (weekday office hours close on them)."""
    if not expression:
        return ""
    return hours.describe(expression)
