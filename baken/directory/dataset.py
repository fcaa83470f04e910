"""Read and validate the directory dataset (`data/organisations/*.yaml`, format in
`data/README.md`) and write it to the database in one transaction.

Validation (the Pydantic models in `dataset_schema.py`) runs over every file before anything is
written, so a malformed file fails with file, line and reason and nothing is half-imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from baken.core.validation import explain, first_error
from baken.directory.dataset_schema import OrganisationFile, translated
from baken.directory.models import Channel, Organisation


class DatasetError(Exception):
    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


class _Map(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Map:  # type: ignore[override]
        mapping = _Map(super().construct_mapping(node, deep=True))  # type: ignore[arg-type]
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return mapping


_LineLoader.add_constructor(
    "tag:yaml.org,2002:map",
    lambda loader, node: loader.construct_mapping(node),  # type: ignore[arg-type,union-attr]
)

# Dates stay strings for our own validation with a clear message.
_LineLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Names of fields in messages where the key alone would be unclear.
_LABELS = {"type": "channel type", "code": "target group code"}


def _line_of(error_loc: tuple[Any, ...], within: Any) -> int:
    """The line of the deepest mapping key the error location reaches."""
    line = getattr(within, "line", 1)
    node = within
    for part in error_loc:
        if isinstance(node, _Map) and isinstance(part, str):
            line = node.key_lines.get(part, node.line)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def read_file(path: Path) -> dict[str, Any]:
    """Parse and validate one organisation file (`dataset_schema.OrganisationFile`) into model
    field values; the first error becomes a DatasetError with the line of the key at fault."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise DatasetError(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error.problem}") from None
    if not isinstance(raw, _Map):
        raise DatasetError(path, 1, "the file must hold one organisation (a mapping)")
    try:
        org = OrganisationFile.model_validate(raw)
    except ValidationError as error:
        loc = tuple(first_error(error)["loc"])
        raise DatasetError(path, _line_of(loc, raw), explain(error, _LABELS)) from None
    if org.slug != path.stem:
        raise DatasetError(path, _line_of(("slug",), raw), f"slug {org.slug!r} must equal the file name {path.stem!r}")
    assert org.offers is not None and org.source is not None  # checked by the model
    description_nl, description_en = translated(org.description)
    note_nl, note_en = translated(org.on_contact.note)
    cost_note_nl, cost_note_en = translated(org.cost.note)
    channels = []
    for position, ch in enumerate(org.channels):
        notes_nl, notes_en = translated(ch.notes)
        channels.append(
            {
                "position": position,
                "type": ch.type,
                "value": ch.value,
                "free": ch.free,
                "anonymous": ch.anonymous,
                "staffed": bool(ch.staffed),
                "languages": ch.languages,
                "opening_hours": ch.opening_hours,
                "hours_assumed": bool(ch.hours_assumed),
                "notes_nl": notes_nl,
                "notes_en": notes_en,
                "queue": ch.queue,
            }
        )
    return {
        "slug": org.slug,
        "fields": {
            "name": org.name,
            "description_nl": description_nl,
            "description_en": description_en,
            "website": org.website,
            "scope": org.scope,
            "local": bool(org.local),
            "violence": list(dict.fromkeys(org.violence)),
            "help_types": list(dict.fromkeys(org.help_types)),
            "target_groups": [g.model_dump(exclude_none=True) for g in org.target_groups],
            "offers": [offer.to_data().as_json() for offer in org.offers],
            "contexts": list(dict.fromkeys(org.contexts)),
            "staffed_by": list(dict.fromkeys(org.staffed_by)),
            "duty_to_act": org.on_contact.duty_to_act,
            "police": org.on_contact.police or "",
            "anonymous": org.on_contact.anonymous,
            "on_contact_note_nl": note_nl,
            "on_contact_note_en": note_en,
            "cost_free": org.cost.free,
            "cost_note_nl": cost_note_nl,
            "cost_note_en": cost_note_en,
            "source_file": org.source.file,
            "source_lines": org.source.lines,
            "source_also": [dict(item) for item in org.source.also],
            "source_note": org.source.note,
            "needs_verification": bool(org.needs_verification),
            "last_verified": dt.date.fromisoformat(org.last_verified),
            "active": True,
        },
        "channels": channels,
    }


def read_directory(folder: Path) -> list[dict[str, Any]]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise DatasetError(folder, 0, "no organisation files found")
    return [read_file(path) for path in files]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    kept: int = 0


def _channel_rows(org: Organisation) -> list[dict[str, Any]]:
    keys = [
        "position",
        "type",
        "value",
        "free",
        "anonymous",
        "staffed",
        "languages",
        "opening_hours",
        "hours_assumed",
        "notes_nl",
        "notes_en",
        "queue",
    ]
    return [{k: getattr(c, k) for k in keys} for c in org.channels.order_by("position", "id")]


@transaction.atomic
def import_directory(entries: list[dict[str, Any]]) -> ImportSummary:
    """Create or update every organisation; deactivate those no longer in the dataset.
    Re-running with the same data changes nothing. A listing that its organisation or an
    editor has changed since (a published proposal, `last_edited`) is kept as it is: from then
    on the listing, not the seed file, is the source (docs/adr/0075-listing-proposals.md)."""
    summary = ImportSummary()
    seen = set()
    for entry in entries:
        seen.add(entry["slug"])
        org = Organisation.objects.filter(slug=entry["slug"]).first()
        if org is None:
            org = Organisation.objects.create(slug=entry["slug"], **entry["fields"])
            Channel.objects.bulk_create(Channel(organisation=org, **c) for c in entry["channels"])
            summary.created += 1
            continue
        if org.last_edited is not None:
            summary.kept += 1
            continue
        changed = [k for k, v in entry["fields"].items() if getattr(org, k) != v]
        channels_changed = _channel_rows(org) != entry["channels"]
        if not changed and not channels_changed:
            summary.unchanged += 1
            continue
        for key in changed:
            setattr(org, key, entry["fields"][key])
        org.save()
        if channels_changed:
            org.channels.all().delete()
            Channel.objects.bulk_create(Channel(organisation=org, **c) for c in entry["channels"])
        summary.updated += 1
    # update() skips auto_now: set updated_at so the cached snapshot sees the change.
    summary.deactivated = (
        Organisation.objects.filter(active=True).exclude(slug__in=seen).update(active=False, updated_at=timezone.now())
    )
    return summary
