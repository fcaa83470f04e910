"""Plain, immutable copies of the directory for the pure engines (help finder, coverage,
filters) and the APIs. No ORM here: engines take these and stay testable and fast."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from baken.directory import freshness, hours, texts
from baken.directory.offers import OfferData
from baken.directory.vocabulary import CONVERSATION_CHANNELS

if TYPE_CHECKING:
    from baken.directory.models import Organisation


@dataclass(frozen=True, slots=True)
class ChannelData(texts.ChannelTexts):
    type: str
    value: str | None = None
    free: bool | None = None
    anonymous: bool | None = None
    staffed: bool = False
    languages: tuple[str, ...] = ()
    opening_hours: str | None = None
    hours_assumed: bool = False
    notes_nl: str = ""
    notes_en: str = ""
    queue: str = ""  # a chat hosted on Baken: its queue slug

    @property
    def reachable_for_conversation(self) -> bool:
        return self.staffed and self.type in CONVERSATION_CHANNELS

    def open_at(self, moment: datetime) -> bool | None:
        return hours.is_open(self.opening_hours, moment)

    def next_open(self, moment: datetime) -> datetime | None:
        return hours.next_open(self.opening_hours, moment)


@dataclass(frozen=True, slots=True)
class TargetGroupData:
    code: str
    age_min: int | None = None
    age_max: int | None = None
    faith: str | None = None


@dataclass(frozen=True, slots=True)
class OrganisationData(texts.OrganisationTexts):
    slug: str
    name: str
    description_nl: str = ""
    description_en: str = ""
    website: str = ""
    scope: str = "national"
    local: bool = False
    violence: frozenset[str] = frozenset()
    help_types: frozenset[str] = frozenset()
    target_groups: tuple[TargetGroupData, ...] = ()
    # Who it is for (eligibility): match at least one. Empty only in hand-made test data,
    # where the engine falls back to reading `target_groups`.
    offers: tuple[OfferData, ...] = ()
    contexts: frozenset[str] = frozenset()
    staffed_by: frozenset[str] = frozenset()
    duty_to_act: bool | None = None
    police: str = ""
    anonymous: bool | None = None
    on_contact_note_nl: str = ""
    on_contact_note_en: str = ""
    cost_free: bool | None = None
    cost_note_nl: str = ""
    cost_note_en: str = ""
    source_file: str = ""
    source_lines: str = ""
    source_note: str = ""
    needs_verification: bool = False
    last_verified: date | None = None
    contact_verified: date | None = None
    last_edited: datetime | None = None
    alert_nl: str = ""
    alert_en: str = ""
    alert_until: date | None = None
    channels: tuple[ChannelData, ...] = ()
    target_codes: frozenset[str] = field(default=frozenset())

    def __post_init__(self) -> None:
        if not self.target_codes and self.target_groups:
            object.__setattr__(self, "target_codes", frozenset(g.code for g in self.target_groups))

    @property
    def verification_due(self) -> date | None:
        return freshness.verification_due(self.last_verified, self.contact_verified)

    def stale_on(self, today: date) -> bool:
        """Past its verification cadence (freshness.py) on that day."""
        return freshness.is_stale(self.verification_due, today)

    def alert_on(self, today: date) -> freshness.Alert | None:
        """The short-term alert that still holds on that day."""
        return freshness.active_alert(self.alert_nl, self.alert_en, self.alert_until, today)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(code for c in self.channels for code in c.languages)

    @property
    def staffed_channels(self) -> tuple[ChannelData, ...]:
        return tuple(c for c in self.channels if c.reachable_for_conversation)

    def open_at(self, moment: datetime) -> bool | None:
        """Open when one of its staffed channels is open; None when none has known hours."""
        unknown = True
        for channel in self.staffed_channels:
            state = channel.open_at(moment)
            if state:
                return True
            if state is False:
                unknown = False
        return None if unknown else False

    def next_open(self, moment: datetime) -> datetime | None:
        moments = [m for c in self.staffed_channels if (m := c.next_open(moment)) is not None]
        return min(moments) if moments else None

    def serves_age(self, age: int) -> bool:
        """Serves that age when one of its target groups does; a group without bounds serves all."""
        if not self.target_groups:
            return True
        return any(
            (g.age_min is None or age >= g.age_min) and (g.age_max is None or age <= g.age_max)
            for g in self.target_groups
        )


def from_models(organisations: Iterable[Organisation]) -> tuple[OrganisationData, ...]:
    """Copy ORM organisations (with prefetched channels) into dataclasses."""
    result = []
    for org in organisations:
        channels = tuple(
            ChannelData(
                type=c.type,
                value=c.value or None,
                free=c.free,
                anonymous=c.anonymous,
                staffed=c.staffed,
                languages=tuple(c.languages),
                opening_hours=c.opening_hours or None,
                hours_assumed=c.hours_assumed,
                notes_nl=c.notes_nl,
                notes_en=c.notes_en,
                queue=c.queue,
            )
            for c in org.channels.all()
        )
        result.append(
            OrganisationData(
                slug=org.slug,
                name=org.name,
                description_nl=org.description_nl,
                description_en=org.description_en,
                website=org.website,
                scope=org.scope,
                local=org.local,
                violence=frozenset(org.violence),
                help_types=frozenset(org.help_types),
                target_groups=tuple(
                    TargetGroupData(
                        code=g["code"], age_min=g.get("age_min"), age_max=g.get("age_max"), faith=g.get("faith")
                    )
                    for g in org.target_groups
                ),
                offers=tuple(OfferData.from_json(o) for o in org.offers),
                contexts=frozenset(org.contexts),
                staffed_by=frozenset(org.staffed_by),
                duty_to_act=org.duty_to_act,
                police=org.police,
                anonymous=org.anonymous,
                on_contact_note_nl=org.on_contact_note_nl,
                on_contact_note_en=org.on_contact_note_en,
                cost_free=org.cost_free,
                cost_note_nl=org.cost_note_nl,
                cost_note_en=org.cost_note_en,
                source_file=org.source_file,
                source_lines=org.source_lines,
                source_note=org.source_note,
                needs_verification=org.needs_verification,
                last_verified=org.last_verified,
                contact_verified=org.contact_verified,
                last_edited=org.last_edited,
                alert_nl=org.alert_nl,
                alert_en=org.alert_en,
                alert_until=org.alert_until,
                channels=channels,
            )
        )
    return tuple(result)


def from_entries(entries: Iterable[dict[str, Any]]) -> tuple[OrganisationData, ...]:
    """The snapshot straight from validated dataset entries (`dataset.read_directory`), without
    a database: for tests and benchmarks of the engines on the real directory."""
    result = []
    for entry in entries:
        f = entry["fields"]
        copied = {k: v for k, v in f.items() if k in OrganisationData.__dataclass_fields__}
        for key in ("violence", "help_types", "contexts", "staffed_by"):
            copied[key] = frozenset(f[key])
        copied["target_groups"] = tuple(
            TargetGroupData(code=g["code"], age_min=g.get("age_min"), age_max=g.get("age_max"), faith=g.get("faith"))
            for g in f["target_groups"]
        )
        copied["offers"] = tuple(OfferData.from_json(o) for o in f.get("offers", ()))
        channels = []
        for c in entry["channels"]:
            values = {k: v for k, v in c.items() if k in ChannelData.__dataclass_fields__}
            values["value"] = c["value"] or None
            values["opening_hours"] = c["opening_hours"] or None
            values["languages"] = tuple(c["languages"])
            channels.append(ChannelData(**values))
        result.append(OrganisationData(slug=entry["slug"], channels=tuple(channels), **copied))
    return tuple(result)
