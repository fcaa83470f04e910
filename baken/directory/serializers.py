"""JSON shapes of the directory, shared by the directory API and the help finder API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from baken.directory import hours
from baken.directory.snapshot import ChannelData, OrganisationData


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def channel_json(channel: ChannelData, moment: datetime) -> dict[str, Any]:
    return {
        "type": channel.type,
        "value": channel.value,
        "free": channel.free,
        "anonymous": channel.anonymous,
        "staffed": channel.staffed,
        "languages": list(channel.languages),
        "opening_hours": channel.opening_hours,
        "hours_assumed": channel.hours_assumed,
        "open": channel.open_at(moment),
        "next_open": iso(channel.next_open(moment)),
        "notes": {"nl": channel.notes_nl, "en": channel.notes_en},
        "queue": channel.queue or None,
    }


def source_json(org: OrganisationData) -> dict[str, Any]:
    return {
        "file": org.source_file or None,
        "lines": org.source_lines or None,
        "note": org.source_note or None,
        "needs_verification": org.needs_verification,
        "last_verified": org.last_verified.isoformat() if org.last_verified else None,
    }


def freshness_json(org: OrganisationData, moment: datetime) -> dict[str, Any]:
    """How old the listing is and its short-term alert: the fields `/api/v1/organisations`
    (list and detail) carry at the top level of each organisation."""
    today = hours.local(moment).date()
    due = org.verification_due
    alert = org.alert_on(today)
    return {
        "last_verified": org.last_verified.isoformat() if org.last_verified else None,
        "last_edited": iso(org.last_edited),
        "verification_due": due.isoformat() if due else None,
        "stale": org.stale_on(today),
        "alert": (
            {"nl": alert.nl or None, "en": alert.en or None, "until": alert.until.isoformat() if alert.until else None}
            if alert
            else None
        ),
    }


def organisation_summary_json(org: OrganisationData) -> dict[str, Any]:
    return {"slug": org.slug, "name": org.name, "website": org.website or None}


def organisation_json(org: OrganisationData, moment: datetime) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name": org.name,
        "description": {"nl": org.description_nl, "en": org.description_en},
        # Every language that has a description (issue 14; additive: `description` stays).
        "descriptions": [{"language": code, "text": text} for code, text in org.descriptions.items()],
        "website": org.website or None,
        "scope": org.scope,
        "local": org.local,
        "violence": sorted(org.violence),
        "help_types": sorted(org.help_types),
        "target_groups": [
            {
                k: v
                for k, v in {"code": g.code, "age_min": g.age_min, "age_max": g.age_max, "faith": g.faith}.items()
                if v is not None
            }
            for g in org.target_groups
        ],
        "contexts": sorted(org.contexts),
        "staffed_by": sorted(org.staffed_by),
        "on_contact": {
            "duty_to_act": org.duty_to_act,
            "police": org.police or None,
            "anonymous": org.anonymous,
            "note": {"nl": org.on_contact_note_nl, "en": org.on_contact_note_en},
        },
        "cost": {"free": org.cost_free, "note": {"nl": org.cost_note_nl, "en": org.cost_note_en}},
        "open": org.open_at(moment),
        "next_open": iso(org.next_open(moment)),
        "channels": [channel_json(c, moment) for c in org.channels],
        "source": source_json(org),
        **freshness_json(org, moment),
    }
