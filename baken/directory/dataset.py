"""Read and validate the directory dataset (`data/organisations/*.yaml`, format in
`data/README.md`) and write it to the database in one transaction.

Validation runs over every file before anything is written, so a malformed file fails with
file, line and reason and nothing is half-imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from baken.directory import hours
from baken.directory.models import Channel, Organisation
from baken.directory.offers import OfferSchema
from baken.directory.vocabulary import (
    ChannelType,
    Context,
    Faith,
    HelpType,
    PoliceInvolvement,
    Scope,
    StaffedBy,
    TargetGroup,
    Violence,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
LINES = re.compile(r"^\d+(?:-\d+)?$")
QUEUE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


@dataclass
class _Reader:
    path: Path
    data: _Map

    def line(self, key: str | None = None, within: dict[str, Any] | None = None) -> int:
        mapping = within if within is not None else self.data
        if key is not None and isinstance(mapping, _Map):
            return mapping.key_lines.get(key, mapping.line)
        return getattr(mapping, "line", 1)

    def fail(self, reason: str, key: str | None = None, within: dict[str, Any] | None = None) -> DatasetError:
        return DatasetError(self.path, self.line(key, within), reason)

    def text(self, key: str, within: dict[str, Any] | None = None, *, required: bool = False) -> str:
        mapping = self.data if within is None else within
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(f"'{key}' is required", key, mapping)
            return ""
        if not isinstance(value, str | int | float):
            raise self.fail(f"'{key}' must be text", key, mapping)
        return str(value).strip()

    def flag(self, key: str, within: dict[str, Any] | None = None) -> bool | None:
        mapping = self.data if within is None else within
        value = mapping.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(f"'{key}' must be true, false or null (unknown), not {value!r}", key, mapping)

    def codes(self, key: str, valid: type, within: dict[str, Any] | None = None) -> list[str]:
        mapping = self.data if within is None else within
        value = mapping.get(key) or []
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list", key, mapping)
        valid_values = valid.values  # type: ignore[attr-defined]
        for item in value:
            if item not in valid_values:
                raise self.fail(f"unknown {key} code {item!r}; valid: {', '.join(valid_values)}", key, mapping)
        return list(dict.fromkeys(value))

    def translated(self, key: str, within: dict[str, Any] | None = None) -> tuple[str, str]:
        mapping = self.data if within is None else within
        value = mapping.get(key)
        if value is None:
            return "", ""
        if isinstance(value, str):
            return value.strip(), ""
        if not isinstance(value, dict) or set(value) - {"nl", "en"}:
            raise self.fail(f"'{key}' must be text or {{nl: ..., en: ...}}", key, mapping)
        return str(value.get("nl") or "").strip(), str(value.get("en") or "").strip()


def read_file(path: Path) -> dict[str, Any]:
    """Parse and validate one organisation file into model field values."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise DatasetError(path, (mark.line + 1) if mark else 1, f"not valid YAML: {error.problem}") from None
    if not isinstance(raw, _Map):
        raise DatasetError(path, 1, "the file must hold one organisation (a mapping)")
    r = _Reader(path, raw)
    known = {
        "slug",
        "name",
        "description",
        "website",
        "scope",
        "local",
        "violence",
        "help_types",
        "target_groups",
        "offers",
        "contexts",
        "staffed_by",
        "on_contact",
        "cost",
        "source",
        "needs_verification",
        "last_verified",
        "channels",
    }
    for key in raw:
        if key not in known:
            raise r.fail(f"unknown key {key!r}; valid: {', '.join(sorted(known))}", key)

    slug = r.text("slug", required=True)
    if not SLUG.match(slug):
        raise r.fail(f"slug {slug!r} must be lowercase letters, digits and hyphens", "slug")
    if slug != path.stem:
        raise r.fail(f"slug {slug!r} must equal the file name {path.stem!r}", "slug")
    scope = r.text("scope") or "national"
    if scope not in Scope.values:
        raise r.fail(f"unknown scope {scope!r}; valid: {', '.join(Scope.values)}", "scope")
    description_nl, description_en = r.translated("description")
    website = r.text("website")
    if website and not website.startswith(("https://", "http://")):
        raise r.fail("website must start with https:// or http://", "website")

    groups = []
    for group in raw.get("target_groups") or []:
        if not isinstance(group, _Map) or group.get("code") not in TargetGroup.values:
            raise r.fail(
                f"each target group needs a known code; valid: {', '.join(TargetGroup.values)}", "target_groups"
            )
        entry: dict[str, Any] = {"code": group["code"]}
        for bound in ("age_min", "age_max"):
            value = group.get(bound)
            if value is not None:
                if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120:
                    raise r.fail(f"{bound} must be a whole number from 0 to 120", bound, group)
                entry[bound] = value
        if "age_min" in entry and "age_max" in entry and entry["age_min"] > entry["age_max"]:
            raise r.fail("age_min is larger than age_max", "age_min", group)
        faith = group.get("faith")
        if faith is not None:
            if group["code"] != "faith_community" or faith not in Faith.values:
                raise r.fail(f"faith goes with faith_community; valid: {', '.join(Faith.values)}", "faith", group)
            entry["faith"] = faith
        groups.append(entry)

    offers = _read_offers(r, raw)

    on_contact = raw.get("on_contact") or _Map()
    if not isinstance(on_contact, dict):
        raise r.fail("on_contact must be a mapping", "on_contact")
    police = on_contact.get("police") or ""
    if police and police not in PoliceInvolvement.values:
        raise r.fail(
            f"unknown police value {police!r}; valid: {', '.join(PoliceInvolvement.values)}", "police", on_contact
        )
    note_nl, note_en = r.translated("note", on_contact)

    cost = raw.get("cost") or _Map()
    if not isinstance(cost, dict):
        raise r.fail("cost must be a mapping or null", "cost")
    cost_note_nl, cost_note_en = r.translated("note", cost)

    source = raw.get("source")
    if not isinstance(source, dict):
        raise r.fail("source is required: {file, lines} of the seed, or a note", "source")
    source_file = r.text("file", source)
    source_lines = r.text("lines", source)
    source_note = r.text("note", source)
    if source_lines and not LINES.match(source_lines):
        raise r.fail("source.lines must be a line or a range like 120-145", "lines", source)
    if not source_file and not source_note:
        raise r.fail("source needs a file (with lines) or a note saying where the facts come from", "source")
    also = source.get("also") or []
    if not isinstance(also, list):
        raise r.fail("source.also must be a list", "also", source)

    verified_raw = r.text("last_verified", required=True)
    try:
        last_verified = dt.date.fromisoformat(verified_raw)
    except ValueError:
        raise r.fail(f"last_verified must be a date like 2026-11-25, not {verified_raw!r}", "last_verified") from None

    channels = []
    raw_channels = raw.get("channels") or []
    if not isinstance(raw_channels, list):
        raise r.fail("channels must be a list", "channels")
    for position, ch in enumerate(raw_channels):
        if not isinstance(ch, _Map):
            raise r.fail("each channel must be a mapping", "channels")
        ctype = r.text("type", ch, required=True)
        if ctype not in ChannelType.values:
            raise r.fail(f"unknown channel type {ctype!r}; valid: {', '.join(ChannelType.values)}", "type", ch)
        languages = ch.get("languages") or []
        if not isinstance(languages, list) or not all(isinstance(x, str) and LANGUAGE.match(x) for x in languages):
            raise r.fail("languages must be a list of two-letter ISO 639-1 codes", "languages", ch)
        expression = r.text("opening_hours", ch)
        if expression:
            try:
                hours.validate(expression)
            except hours.InvalidHours as error:
                raise r.fail(f"opening_hours {expression!r} cannot be read: {error}", "opening_hours", ch) from None
        staffed = r.flag("staffed", ch)
        notes_nl, notes_en = r.translated("notes", ch)
        queue = r.text("queue", ch)
        if queue and (ctype != "chat" or not QUEUE.match(queue)):
            raise r.fail("queue (a chat hosted on Baken) needs type chat and a slug like 'baken'", "queue", ch)
        channels.append(
            {
                "position": position,
                "type": ctype,
                "value": r.text("value", ch),
                "free": r.flag("free", ch),
                "anonymous": r.flag("anonymous", ch),
                "staffed": bool(staffed),
                "languages": list(dict.fromkeys(languages)),
                "opening_hours": expression,
                "hours_assumed": bool(r.flag("hours_assumed", ch)),
                "notes_nl": notes_nl,
                "notes_en": notes_en,
                "queue": queue,
            }
        )

    return {
        "slug": slug,
        "fields": {
            "name": r.text("name", required=True),
            "description_nl": description_nl,
            "description_en": description_en,
            "website": website,
            "scope": scope,
            "local": bool(r.flag("local")),
            "violence": r.codes("violence", Violence),
            "help_types": r.codes("help_types", HelpType),
            "target_groups": groups,
            "offers": offers,
            "contexts": r.codes("contexts", Context),
            "staffed_by": r.codes("staffed_by", StaffedBy),
            "duty_to_act": r.flag("duty_to_act", on_contact),
            "police": police,
            "anonymous": r.flag("anonymous", on_contact),
            "on_contact_note_nl": note_nl,
            "on_contact_note_en": note_en,
            "cost_free": r.flag("free", cost),
            "cost_note_nl": cost_note_nl,
            "cost_note_en": cost_note_en,
            "source_file": source_file,
            "source_lines": source_lines,
            "source_also": [dict(item) for item in also if isinstance(item, dict)],
            "source_note": source_note,
            "needs_verification": bool(r.flag("needs_verification")),
            "last_verified": last_verified,
            "active": True,
        },
        "channels": channels,
    }


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


def _read_offers(r: _Reader, raw: _Map) -> list[dict[str, Any]]:
    """Who the service is for: at least one offer, each checked against the vocabulary."""
    value = raw.get("offers")
    if not isinstance(value, list) or not value:
        raise r.fail("offers is required: a list of at least one offer (who the service is for)", "offers")
    offers = []
    for offer in value:
        if not isinstance(offer, _Map):
            raise r.fail("each offer must be a mapping of conditions", "offers")
        try:
            parsed = OfferSchema.model_validate(dict(offer))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            reason = first["msg"].removeprefix("Value error, ")
            raise DatasetError(
                r.path, _line_of(first["loc"], offer), f"offer {where or ''}: {reason}".replace(" :", ":")
            ) from None
        offers.append(parsed.to_data().as_json())
    return offers


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
    Re-running with the same data changes nothing."""
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
