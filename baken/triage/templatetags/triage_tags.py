"""Small presentation helpers for the help finder templates."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from baken.triage import pictograms, presenters
from baken.triage.forms import VIOLENCE_DESCRIPTIONS
from baken.triage.languages import language_name

register = template.Library()


@register.filter
def violence_description(code: str) -> str:
    description = VIOLENCE_DESCRIPTIONS.get(code)
    return str(description) if description else ""


@register.filter
def language_names(codes: Iterable[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


@register.filter
def tel(number: str) -> str:
    """A phone number as a tel: target (digits and a leading +)."""
    return re.sub(r"[^\d+]", "", number or "")


@register.filter
def first_sentence(text: str) -> str:
    """What a service does, in one line: the first sentence of its description."""
    match = re.match(r"(.+?[.!?])(\s|$)", text or "")
    return match.group(1) if match else (text or "")


@register.filter
def startswith(text: str, prefix: str) -> bool:
    return str(text or "").startswith(prefix)


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def domain(url: str) -> str:
    return presenters.domain(url or "")


@register.filter
def ltr(value: object) -> SafeString:
    """A number or phone number kept left to right inside right-to-left text (Arabic):
    without the isolate, "0800-0113" would show as "0113-0800"."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def pictogram(name: str) -> SafeString:
    """An easy-read pictogram with its text alternative (triage/pictograms.py)."""
    return pictograms.pictogram(name)
