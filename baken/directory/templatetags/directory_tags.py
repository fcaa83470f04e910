from __future__ import annotations

from django import template

from baken.directory.hours import in_words

register = template.Library()


@register.filter
def hours_in_words(expression: str | None) -> list[str] | None:
    return in_words(expression)
