"""A proposal's change set, as plain data (no ORM): which listing fields and channels change,
what they were, and a readable diff. Services apply it; the review page shows the diff.

    {"fields": {"cost_free": true},
     "channels": [{"op": "update", "id": 12, "set": {"value": "0800-1234"}},
                  {"op": "add", "set": {"type": "phone", "value": "088-1"}},
                  {"op": "remove", "id": 13}]}

Offers (who a service is for, `directory/offers.py`) are one listing field, "offers": the
whole new list, validated by `Organisation.clean()` like the dataset loader does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# Listing fields an organisation admin or editor may change, with their label.
LISTING_FIELDS: dict[str, Any] = {
    "description_nl": _("Description (Dutch)"),
    "description_en": _("Description (English)"),
    "website": _("Website"),
    "anonymous": _("You can stay anonymous"),
    "on_contact_note_nl": _("What happens when you contact them (Dutch)"),
    "on_contact_note_en": _("What happens when you contact them (English)"),
    "cost_free": _("Free of charge"),
    "cost_note_nl": _("Cost (Dutch)"),
    "cost_note_en": _("Cost (English)"),
    "alert_nl": _("Short-term alert (Dutch)"),
    "alert_en": _("Short-term alert (English)"),
    "alert_until": _("Alert shown until"),
    # Who the service is for (directory/offers.py): the whole list is proposed at once.
    "offers": _("Who the service is for (offers)"),
}
CHANNEL_FIELDS: dict[str, Any] = {
    "type": _("Kind"),
    "value": _("Number or address"),
    "opening_hours": _("Opening hours"),
    "languages": _("Languages"),
    "staffed": _("A person answers"),
    "free": _("Free"),
    "anonymous": _("Anonymous"),
    "notes_nl": _("Notes (Dutch)"),
}
# Changing one of these counts as confirming the contact details (3-month cadence).
CONTACT_CHANNEL_FIELDS = frozenset({"value", "opening_hours", "type"})
# Fields whose change may be published at once as urgent.
URGENT_FIELDS = frozenset({"alert_nl", "alert_en", "alert_until"})
URGENT_CHANNEL_FIELDS = frozenset({"value", "opening_hours"})


class InvalidChangeSet(ValueError):
    """A change set that names an unknown field or operation."""


def validate(changes: dict[str, Any]) -> None:
    unknown = set(changes) - {"fields", "channels"}
    if unknown:
        raise InvalidChangeSet(f"unknown keys {sorted(unknown)}; valid: fields, channels")
    bad = set(changes.get("fields", {})) - set(LISTING_FIELDS)
    if bad:
        raise InvalidChangeSet(f"unknown fields {sorted(bad)}; valid: {', '.join(LISTING_FIELDS)}")
    for item in changes.get("channels", []):
        if item.get("op") not in {"update", "add", "remove"}:
            raise InvalidChangeSet("channel op must be update, add or remove")
        if item["op"] != "add" and not isinstance(item.get("id"), int):
            raise InvalidChangeSet("channel update and remove need the channel id")
        bad = set(item.get("set", {})) - set(CHANNEL_FIELDS)
        if bad:
            raise InvalidChangeSet(f"unknown channel fields {sorted(bad)}; valid: {', '.join(CHANNEL_FIELDS)}")


def is_empty(changes: dict[str, Any]) -> bool:
    return not changes.get("fields") and not changes.get("channels")


def touches_contact(changes: dict[str, Any]) -> bool:
    return any(
        item["op"] != "update" or CONTACT_CHANNEL_FIELDS & set(item.get("set", {}))
        for item in changes.get("channels", [])
    )


def urgent_allowed(changes: dict[str, Any]) -> bool:
    """Only a closure notice or a changed number or hours may skip the review."""
    fields_ok = set(changes.get("fields", {})) <= URGENT_FIELDS
    channels_ok = all(
        item["op"] == "update" and set(item.get("set", {})) <= URGENT_CHANNEL_FIELDS
        for item in changes.get("channels", [])
    )
    return fields_ok and channels_ok and not is_empty(changes)


@dataclass(frozen=True)
class DiffRow:
    where: str
    field: str
    before: Any
    after: Any


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return " | ".join(
            "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in offer.items())
            for offer in value
        )
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def diff(changes: dict[str, Any], before: dict[str, Any]) -> list[DiffRow]:
    """Readable rows, one per changed fact: where, which field, before, after."""
    rows: list[DiffRow] = []
    listing = str(_("Listing"))
    old_fields = before.get("fields", {})
    for name, value in changes.get("fields", {}).items():
        rows.append(DiffRow(listing, str(LISTING_FIELDS[name]), _show(old_fields.get(name)), _show(value)))
    old_channels = {c["id"]: c for c in before.get("channels", [])}
    for item in changes.get("channels", []):
        if item["op"] == "add":
            where = str(_("New channel"))
            for name, value in item.get("set", {}).items():
                rows.append(DiffRow(where, str(CHANNEL_FIELDS[name]), "—", _show(value)))
            continue
        old = old_channels.get(item["id"], {})
        where = str(
            _("Channel: %(name)s") % {"name": _show(old.get("value")) if old.get("value") else old.get("type", "")}
        )
        if item["op"] == "remove":
            rows.append(
                DiffRow(where, str(_("Channel")), _show(old.get("value") or old.get("type")), str(_("removed")))
            )
            continue
        for name, value in item.get("set", {}).items():
            rows.append(DiffRow(where, str(CHANNEL_FIELDS[name]), _show(old.get(name)), _show(value)))
    return rows
