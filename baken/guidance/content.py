"""Guidance pages: Markdown files in `content/<language>/<slug>.md` with a YAML front matter,
kept in the repository so a domain expert can review them like code.

Front matter:
    title, summary          shown on the page and in the index
    audience                help_seekers | professionals
    phases                  help-seeking phases the page is written for (1, 2, 3)
    sources                 [{file, lines, about}] in ../shared/seeds
    needs_review            true when any part is not taken from the sources
    review_note             what a domain expert should check

Only repository files are rendered; the HTML is still sanitised (defence in depth).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import nh3
import yaml
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from baken.core.translations import PUBLIC_LANGUAGES, public_language

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = tuple(language.code for language in PUBLIC_LANGUAGES)
SLUG = re.compile(r"^[a-z0-9_]+$")

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "blockquote", "div", "br", "abbr", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "abbr": {"title"}}
ALLOWED_CLASSES = {"div": {"admonition", "review"}}
# NL Design System classes for the plain HTML that Markdown produces.
CLASSES = [
    (re.compile(r"<h2>"), '<h2 class="utrecht-heading-2">'),
    (re.compile(r"<h3>"), '<h3 class="utrecht-heading-3">'),
    (re.compile(r"<h4>"), '<h4 class="utrecht-heading-4">'),
    (re.compile(r"<p>"), '<p class="utrecht-paragraph">'),
    (re.compile(r"<ul>"), '<ul class="utrecht-unordered-list">'),
    (re.compile(r"<ol>"), '<ol class="utrecht-ordered-list">'),
    (re.compile(r"<a "), '<a class="utrecht-link" '),
    (re.compile(r"<blockquote>"), '<blockquote class="utrecht-blockquote">'),
    (
        re.compile(r'<div class="admonition review">'),
        '<div class="utrecht-alert utrecht-alert--warning baken-review" role="note" data-review="true">',
    ),
]
URL_PLACEHOLDER = re.compile(r"\{url:([a-z_]+:[a-z_]+)(?::([a-z0-9_-]+))?\}")


class PageNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Source:
    file: str
    lines: str
    about: str = ""


@dataclass(frozen=True)
class Page:
    slug: str
    language: str
    title: str
    summary: str
    audience: str
    html: SafeString
    phases: tuple[int, ...] = ()
    sources: tuple[Source, ...] = ()
    needs_review: bool = False
    review_note: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return public_language(self.language).direction


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ValueError("A guidance page starts with a YAML front matter between --- lines.")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front) or {}
    if not isinstance(meta, dict):
        raise ValueError("The front matter must be a mapping.")
    return meta, body


def _resolve_urls(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name, slug = match.group(1), match.group(2)
        return reverse(name, kwargs={"slug": slug}) if slug else reverse(name)

    return URL_PLACEHOLDER.sub(replace, body)


def render_markdown(body: str) -> SafeString:
    """Markdown → sanitised HTML with NL Design System classes."""
    html = markdown.markdown(_resolve_urls(body), extensions=["extra", "sane_lists", "admonition"])
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    for pattern, replacement in CLASSES:
        html = pattern.sub(replacement, html)
    return mark_safe(html)  # noqa: S308 - sanitised by nh3 just above


def path_for(slug: str, language: str) -> Path:
    if not SLUG.match(slug) or language not in LANGUAGES:
        raise PageNotFound(slug)
    return CONTENT_DIR / language / f"{slug}.md"


@lru_cache(maxsize=128)
def _load(slug: str, language: str) -> Page:
    path = path_for(slug, language)
    if not path.exists():
        raise PageNotFound(slug)
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    with translation.override(language):  # links in the page point to pages in its own language
        html = render_markdown(body)
    return Page(
        slug=slug,
        language=language,
        title=str(meta["title"]),
        summary=str(meta.get("summary", "")),
        audience=str(meta.get("audience", "help_seekers")),
        html=html,
        phases=tuple(meta.get("phases") or ()),
        sources=tuple(Source(**s) for s in meta.get("sources") or ()),
        needs_review=bool(meta.get("needs_review", False)),
        review_note=str(meta.get("review_note", "")),
        meta=meta,
    )


def page(slug: str, language: str | None = None) -> Page:
    """The page in the current language. A language without its own file gets the English
    page (more of its readers read English than Dutch); the template then says so in the
    reader's language and marks the text with its own lang."""
    language = (language or get_language() or "nl").split("-")[0]
    if language not in LANGUAGES:
        language = "en"
    try:
        return _load(slug, language)
    except PageNotFound:
        if language in {"nl", "en"}:
            raise
        return _load(slug, "en")


def all_slugs(language: str = "nl") -> list[str]:
    return sorted(p.stem for p in (CONTENT_DIR / language).glob("*.md") if not p.stem.startswith("_"))
