"""The format of one organisation file (`data/organisations/*.yaml`, described in
`data/README.md`) as Pydantic v2 models: closed vocabularies as `Literal`s from
`vocabulary.py`, unknown keys refused at the top level, offers as `offers.OfferSchema`.
`dataset.read_file` validates a file with `OrganisationFile` and reports the first error with
the file, the line of the key at fault and a plain reason (`core/validation.explain`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from baken.directory import hours
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


def _closed(values: Any) -> Any:
    return Literal[tuple(values)]


def _none_is_empty(value: Any) -> Any:
    # `violence:` left empty in YAML reads as null: the same as an empty list.
    return [] if value is None else value


def _as_text(value: Any) -> Any:
    # Line numbers and numbers in YAML arrive as int or float; they are text here.
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("must be text")
    return str(value).strip()


Text = Annotated[str, BeforeValidator(_as_text)]
Flag = StrictBool | None


def _codes(vocabulary: Any) -> Any:
    return Annotated[list[_closed(vocabulary.values)], BeforeValidator(_none_is_empty)]  # type: ignore[misc]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class TranslatedText(_Part):
    nl: Text = ""
    en: Text = ""


Translated = Annotated[str | TranslatedText, BeforeValidator(lambda v: "" if v is None else v)]


def translated(value: str | TranslatedText) -> tuple[str, str]:
    """(Dutch, English); plain text is Dutch."""
    if isinstance(value, TranslatedText):
        return value.nl, value.en
    return value.strip(), ""


class TargetGroupEntry(_Part):
    code: _closed(TargetGroup.values)  # type: ignore[valid-type]
    age_min: StrictInt | None = Field(None, ge=0, le=120)
    age_max: StrictInt | None = Field(None, ge=0, le=120)
    faith: _closed(Faith.values) | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _consistent(self) -> TargetGroupEntry:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("age_min is larger than age_max")
        if self.faith is not None and self.code != "faith_community":
            raise ValueError(f"faith goes with faith_community; valid: {', '.join(Faith.values)}")
        return self


class OnContact(_Part):
    duty_to_act: Flag = None
    police: _closed(PoliceInvolvement.values) | None = None  # type: ignore[valid-type]
    anonymous: Flag = None
    note: Translated = ""


class Cost(_Part):
    free: Flag = None
    note: Translated = ""


class Source(_Part):
    file: Text = ""
    lines: Text = ""
    note: Text = ""
    also: list[dict[str, Any]] = Field([], description="Further places in the seeds: [{file, lines}].")

    @field_validator("lines")
    @classmethod
    def _lines(cls, value: str) -> str:
        if value and not LINES.match(value):
            raise ValueError("source.lines must be a line or a range like 120-145")
        return value

    @model_validator(mode="after")
    def _somewhere(self) -> Source:
        if not self.file and not self.note:
            raise ValueError("source needs a file (with lines) or a note saying where the facts come from")
        return self


class ChannelEntry(_Part):
    type: _closed(ChannelType.values)  # type: ignore[valid-type]
    value: Text = ""
    free: Flag = None
    anonymous: Flag = None
    staffed: Flag = None
    languages: Annotated[list[str], BeforeValidator(_none_is_empty)] = []
    opening_hours: Text = ""
    hours_assumed: Flag = None
    notes: Translated = ""
    # A chat hosted on Baken itself (the staffed front door): the slug of its queue.
    queue: Text = ""
    # Where this channel's facts come from; kept in the file for reviewers, not stored.
    source: dict[str, Any] | None = None

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: list[str]) -> list[str]:
        if not all(LANGUAGE.match(code) for code in value):
            raise ValueError("languages must be a list of two-letter ISO 639-1 codes")
        return list(dict.fromkeys(value))

    @field_validator("queue")
    @classmethod
    def _queue(cls, value: str, info: ValidationInfo) -> str:
        if value and (info.data.get("type") != "chat" or not QUEUE.match(value)):
            raise ValueError("queue (a chat hosted on Baken) needs type chat and a slug like 'baken'")
        return value

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if value:
            try:
                hours.validate(value)
            except hours.InvalidHours as error:
                raise ValueError(f"opening_hours {value!r} cannot be read: {error}") from None
        return value


class OrganisationFile(_Part):
    """One organisation file. Unknown keys are refused: a typo must not silently drop a fact."""

    slug: Text
    name: Text
    description: Translated = ""
    website: Text = ""
    scope: Annotated[_closed(Scope.values), BeforeValidator(lambda v: v or "national")] = "national"  # type: ignore[valid-type]
    local: Flag = None
    violence: _codes(Violence) = []  # type: ignore[valid-type]
    help_types: _codes(HelpType) = []  # type: ignore[valid-type]
    target_groups: Annotated[list[TargetGroupEntry], BeforeValidator(_none_is_empty)] = []
    offers: list[OfferSchema] | None = None
    contexts: _codes(Context) = []  # type: ignore[valid-type]
    staffed_by: _codes(StaffedBy) = []  # type: ignore[valid-type]
    on_contact: Annotated[OnContact, BeforeValidator(lambda v: {} if v is None else v)] = Field(
        default_factory=lambda: OnContact.model_validate({})
    )
    cost: Annotated[Cost, BeforeValidator(lambda v: {} if v is None else v)] = Field(
        default_factory=lambda: Cost.model_validate({})
    )
    source: Source | None = None
    needs_verification: Flag = None
    last_verified: Text
    channels: Annotated[list[ChannelEntry], BeforeValidator(_none_is_empty)] = []

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"slug {value!r} must be lowercase letters, digits and hyphens")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("website must start with https:// or http://")
        return value

    @field_validator("last_verified")
    @classmethod
    def _verified(cls, value: str) -> str:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"last_verified must be a date like 2026-11-25, not {value!r}") from None
        return value

    @model_validator(mode="after")
    def _required(self) -> OrganisationFile:
        if not self.offers:
            raise ValueError("offers is required: a list of at least one offer (who the service is for)")
        if self.source is None:
            raise ValueError("source is required: {file, lines} of the seed, or a note")
        return self
