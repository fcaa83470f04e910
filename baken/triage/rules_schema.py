"""The format of `rules.yaml` as Pydantic v2 models: closed vocabularies as `Literal`s from
`directory/vocabulary.py`, unknown keys refused, and the checks that span fields (a `boost`
needs points, a `note` a trigger, ...) as model validators. `rules.py` turns a validated file
into the plain frozen dataclasses the engine reads, and a `ValidationError` into a `RulesError`
that names the rule and the reason."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator

from baken.directory.codes import (
    ChannelTypeCode,
    ContextCode,
    DisabilityCode,
    FaithCode,
    GenderCode,
    HelpTypeCode,
    LanguageCode,
    NeedCode,
    RoleCode,
    TargetGroupCode,
    ViolenceCode,
)
from baken.directory.vocabulary import Role

PHASES = ("recognising", "informing", "seeking_help")
KINDS = ("emergency", "first", "boost", "note", "information", "offer", "constraint")
TRIGGERS = (
    "no_result_in_language",
    "no_faith_service",
    "public_holiday",
    "most_closed",
    "relaxed",
    "relaxed_open",
    "topped_up",
)
PAGES = ("topic", "responding")
OFFERS = ("buddies", "mediation")


def _closed(values: Any) -> Any:
    return Literal[tuple(values)]


PhaseCode = _closed(PHASES)
Kind = _closed(KINDS)
Trigger = _closed(TRIGGERS)
Page = _closed(PAGES)
OfferKind = _closed(OFFERS)
Count = StrictInt
# A selector flag can only be set to true (leaving it out means "not this test").
OnlyTrue = Literal[True]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TextModel(_Strict):
    """A text people read, in Dutch and English."""

    nl: str
    en: str


class ConditionModel(_Strict):
    """A rule's `when`: every field that is set must hold; `any` holds when one part does."""

    role: list[RoleCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    role_known: StrictBool | None = None
    violence: list[ViolenceCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    context: list[ContextCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    faith: list[FaithCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    faith_given: StrictBool | None = None
    gender: list[GenderCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    disability: list[DisabilityCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    need: list[NeedCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    phase: list[PhaseCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    language_given: StrictBool | None = None
    language_not: list[LanguageCode] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    acute: StrictBool | None = None
    suicidal: StrictBool | None = None
    lgbtiq: StrictBool | None = None
    ongoing: StrictBool | None = None
    minor: StrictBool | None = None
    age_from: Count | None = Field(None, ge=0)
    age_to: Count | None = Field(None, ge=0)
    days_since_under: Count | None = Field(None, ge=0)
    adult_or_unknown: StrictBool | None = None
    days_since_at_least: Count | None = Field(None, ge=0)
    trigger: Trigger | None = None  # type: ignore[valid-type]
    any: list[ConditionModel] = Field([], description="At least two conditions, one of which must hold.")

    @model_validator(mode="after")
    def _any_has_parts(self) -> ConditionModel:
        if "any" in self.model_fields_set and len(self.any) < 2:
            raise ValueError("'any' must list at least two conditions")
        return self


class SelectorModel(_Strict):
    """Which organisations a `first` or `boost` rule picks; every field that is set must hold."""

    organisations: list[str] = Field([], min_length=1)
    help_types: list[HelpTypeCode] = Field([], min_length=1)  # type: ignore[valid-type]
    target_groups: list[TargetGroupCode] = Field([], min_length=1)  # type: ignore[valid-type]
    contexts: list[ContextCode] = Field([], min_length=1)  # type: ignore[valid-type]
    contexts_from_query: OnlyTrue | None = None
    faith_from_query: OnlyTrue | None = None
    language_from_query: OnlyTrue | None = None
    staffed_language_from_query: OnlyTrue | None = None
    information_language_from_query: OnlyTrue | None = None
    staffed_channels: list[ChannelTypeCode] = Field([], min_length=1)  # type: ignore[valid-type]
    anonymous: OnlyTrue | None = None
    open_now: OnlyTrue | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> SelectorModel:
        if not self.model_fields_set:
            raise ValueError("'select' must be a non-empty mapping")
        return self


Sources = list[str]


def _check_sources(sources: list[str]) -> None:
    if not sources or not all(s.strip() for s in sources):
        raise ValueError("'source' must be a non-empty list like ['001_816fd686fdf3165a.txt:4761-4762']")


class RuleModel(_Strict):
    id: str = Field(pattern=r"\S")
    kind: Kind  # type: ignore[valid-type]
    title: str = Field(pattern=r"\S")
    source: Sources
    when: ConditionModel = Field(default_factory=lambda: ConditionModel.model_validate({}))
    select: SelectorModel | None = None
    points: float | None = Field(None, strict=False)
    reason: TextModel | None = None
    organisation: str = ""
    numbers: list[str] = []
    pages: list[Page] = []  # type: ignore[valid-type]
    offer: OfferKind | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _complete(self) -> RuleModel:
        _check_sources(self.source)
        kind = self.kind
        if kind != "constraint" and self.reason is None:
            raise ValueError("needs a 'reason' {nl, en}: people read why")
        if kind in {"first", "boost"} and self.select is None:
            raise ValueError(f"a '{kind}' rule needs 'select'")
        if kind == "boost" and not self.points:
            raise ValueError("a 'boost' rule needs 'points'")
        if kind == "emergency" and not (self.organisation and self.numbers):
            raise ValueError("an 'emergency' rule needs 'organisation' and 'numbers'")
        if kind == "information" and not self.pages:
            raise ValueError(f"'pages' must list some of {', '.join(PAGES)}")
        if kind == "offer" and self.offer is None:
            raise ValueError(f"'offer' must be one of {', '.join(OFFERS)}")
        if kind == "note" and self.when.trigger is None:
            raise ValueError("a 'note' needs a 'trigger' in 'when'")
        return self


class ScoringModel(_Strict):
    id: str = Field(pattern=r"\S")
    title: str
    points: float = Field(strict=False)
    reason: TextModel
    source: Sources

    @model_validator(mode="after")
    def _sourced(self) -> ScoringModel:
        _check_sources(self.source)
        return self


class AlternativeModel(_Strict):
    """One way an organisation can fit a role (see `parameters.audience`)."""

    target_group: TargetGroupCode | None = None  # type: ignore[valid-type]
    help_type: HelpTypeCode | None = None  # type: ignore[valid-type]
    person_group: StrictBool | None = None


AudienceRole = _closed([*Role.values, "unknown"])  # "unknown": the person did not say


class ParametersModel(_Strict):
    minor_below_age: Count
    youth_default_age: list[Count] = Field(min_length=2, max_length=2, description="[from, to]")
    young_adults_default_age: list[Count] = Field(min_length=2, max_length=2, description="[from, to]")
    elderly_from_age: Count
    recent_days: Count
    always_open_limit: Count
    min_results: Count
    faith_families: dict[FaithCode, list[FaithCode]] = {}  # type: ignore[valid-type]
    channel_needs: list[NeedCode] = Field(min_length=1)  # type: ignore[valid-type]
    need_help_types: dict[NeedCode, list[HelpTypeCode]] = {}  # type: ignore[valid-type]
    seeking_help_needs: list[NeedCode] = Field(min_length=1)  # type: ignore[valid-type]
    audience: dict[AudienceRole, list[AlternativeModel]]  # type: ignore[valid-type]
    general_lines: list[str] = []

    @model_validator(mode="after")
    def _every_role(self) -> ParametersModel:
        missing = sorted({*Role.values, "unknown"} - set(self.audience))
        if missing:
            raise ValueError(f"audience: no entry for {missing}")
        return self


# Checked as whole sections (parameters, scoring) and rule by rule, so an error names the rule.
__all__ = [
    "KINDS",
    "OFFERS",
    "PAGES",
    "PHASES",
    "TRIGGERS",
    "ConditionModel",
    "ParametersModel",
    "RuleModel",
    "ScoringModel",
    "SelectorModel",
    "TextModel",
    "ValidationError",
]
