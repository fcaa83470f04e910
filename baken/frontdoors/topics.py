"""Topic front doors as data (`topics.yaml`): loaded once, checked against the vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from baken.directory.vocabulary import Violence

PATH = Path(__file__).resolve().parent / "topics.yaml"


class TopicError(ValueError):
    """topics.yaml names an unknown code or repeats a slug."""


@dataclass(frozen=True)
class Topic:
    slug: str
    violence: tuple[str, ...]
    title: dict[str, str]
    intro: dict[str, str]
    points: dict[str, tuple[str, ...]]

    def text(self, part: str, language: str | None) -> Any:
        values = getattr(self, part)
        return values.get(language or "nl") or values["nl"]


def parse(raw: list[dict[str, Any]]) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for entry in raw:
        slug = entry["slug"]
        if slug in topics:
            raise TopicError(f"topic {slug!r} appears twice")
        unknown = [code for code in entry["violence"] if code not in Violence.values]
        if unknown:
            raise TopicError(f"topic {slug!r}: unknown violence codes {unknown}; valid: {', '.join(Violence.values)}")
        for part in ("title", "intro"):
            if not entry[part].get("nl"):
                raise TopicError(f"topic {slug!r}: {part} needs Dutch text")
        topics[slug] = Topic(
            slug=slug,
            violence=tuple(entry["violence"]),
            title=dict(entry["title"]),
            intro=dict(entry["intro"]),
            points={lang: tuple(items) for lang, items in (entry.get("points") or {"nl": []}).items()},
        )
    return topics


@lru_cache(maxsize=1)
def all_topics() -> dict[str, Topic]:
    return parse(yaml.safe_load(PATH.read_text(encoding="utf-8")))
