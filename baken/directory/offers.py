"""Who a service is for: one or more offers per organisation, each a set of conditions that must
all hold (docs/adr/0022-eligibility-as-offers.md). A person matches an organisation when they
match at least one of its offers. An empty condition holds for everyone.

`OfferSchema` (Pydantic v2) validates an offer in a dataset file against the vocabulary;
`OfferData` is the plain, immutable copy the engines work with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from baken.directory.vocabulary import Context, Disability, Faith, Gender, Role

# The conditions an offer can set, in the order they are checked and documented.
CONDITIONS = (
    "roles",
    "genders",
    "age_min",
    "age_max",
    "faiths",
    "contexts",
    "lgbtiq",
    "disabilities",
    "days_since_min",
    "days_since_max",
    "ongoing",
)


@dataclass(frozen=True, slots=True)
class OfferData:
    roles: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()
    age_min: int | None = None
    age_max: int | None = None
    faiths: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    lgbtiq: bool | None = None
    disabilities: frozenset[str] = frozenset()
    days_since_min: int | None = None
    days_since_max: int | None = None
    ongoing: bool | None = None
    source_file: str = ""
    source_lines: str = ""
    note: str = ""

    def conditions(self) -> tuple[str, ...]:
        """The conditions this offer sets (the ones that can exclude someone)."""
        return tuple(name for name in CONDITIONS if getattr(self, name) not in (None, frozenset()))

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            k: sorted(v) if isinstance(v, frozenset) else v for k, v in data.items() if v not in (None, "", frozenset())
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OfferData:
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in {"roles", "genders", "faiths", "contexts", "disabilities"}:
                values[key] = frozenset(value)
            elif key in {"source_file", "source_lines", "note"} or key in CONDITIONS:
                values[key] = value
        return cls(**values)


def _codes(values: list[str], valid: list[str], what: str, forbidden: frozenset[str] = frozenset()) -> list[str]:
    for value in values:
        if value in forbidden:
            raise ValueError(f"{what} {value!r} cannot be a condition (it says nothing about who the service is for)")
        if value not in valid:
            raise ValueError(f"unknown {what} {value!r}; valid: {', '.join(v for v in valid if v not in forbidden)}")
    if len(set(values)) != len(values):
        raise ValueError(f"{what} codes repeat")
    return values


class SourceSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str = Field(min_length=1)
    lines: str = Field(pattern=r"^\d+(?:-\d+)?$")


class OfferSchema(BaseModel):
    """One offer in `data/organisations/*.yaml` (format in data/README.md)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    roles: list[str] = []
    genders: list[str] = []
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    faiths: list[str] = []
    contexts: list[str] = []
    lgbtiq: bool | None = None
    disabilities: list[str] = []
    days_since_min: int | None = Field(default=None, ge=0)
    days_since_max: int | None = Field(default=None, ge=0)
    ongoing: bool | None = None
    source: SourceSchema | None = None
    note: str = ""

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: list[str]) -> list[str]:
        return _codes(v, list(Role.values), "role")

    @field_validator("genders")
    @classmethod
    def _genders(cls, v: list[str]) -> list[str]:
        return _codes(v, list(Gender.values), "gender", frozenset({"unspecified"}))

    @field_validator("faiths")
    @classmethod
    def _faiths(cls, v: list[str]) -> list[str]:
        return _codes(v, list(Faith.values), "faith")

    @field_validator("contexts")
    @classmethod
    def _contexts(cls, v: list[str]) -> list[str]:
        return _codes(v, list(Context.values), "context")

    @field_validator("disabilities")
    @classmethod
    def _disabilities(cls, v: list[str]) -> list[str]:
        return _codes(v, list(Disability.values), "disability", frozenset({"none"}))

    @model_validator(mode="after")
    def _consistent(self) -> OfferSchema:
        if self.source is None and not self.note:
            raise ValueError("an offer needs a source {file, lines} or a note saying where it comes from")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError(f"age_min {self.age_min} is larger than age_max {self.age_max}: nobody fits")
        if (
            self.days_since_min is not None
            and self.days_since_max is not None
            and self.days_since_min > self.days_since_max
        ):
            raise ValueError("days_since_min is larger than days_since_max: nobody fits")
        if self.ongoing is True and self.days_since_min is not None and self.days_since_min > 0:
            raise ValueError("an offer for what is still going on cannot also require days since it ended")
        if self.lgbtiq is False:
            raise ValueError("lgbtiq: false would exclude LGBTIQ+ people; leave it out or set true")
        if self.age_max is not None and self.age_max < 18 and "professional" in self.roles:
            raise ValueError("professionals are adults: an offer for professionals cannot end before age 18")
        return self

    def to_data(self) -> OfferData:
        return OfferData(
            roles=frozenset(self.roles),
            genders=frozenset(self.genders),
            age_min=self.age_min,
            age_max=self.age_max,
            faiths=frozenset(self.faiths),
            contexts=frozenset(self.contexts),
            lgbtiq=self.lgbtiq,
            disabilities=frozenset(self.disabilities),
            days_since_min=self.days_since_min,
            days_since_max=self.days_since_max,
            ongoing=self.ongoing,
            source_file=self.source.file if self.source else "",
            source_lines=self.source.lines if self.source else "",
            note=self.note,
        )
