"""The question and the answer of the help finder engine: plain, immutable dataclasses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from baken.directory.offers import OfferData
from baken.directory.snapshot import ChannelData, OrganisationData
from baken.triage.rules import RULEBOOK

# ---- the question ---------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(tz=UTC)


@dataclass(frozen=True)
class Query:
    """The anonymous answers (the API parameters). Every field may be unknown."""

    role: str | None = None
    violence: tuple[str, ...] = ()
    context: str | None = None
    faith: str | None = None
    age: int | None = None
    gender: str | None = None
    lgbtiq: bool | None = None
    disability: str | None = None
    language: str | None = None
    days_since: int | None = None
    ongoing: bool | None = None
    acute: bool = False
    needs: tuple[str, ...] = ()
    at: datetime = field(default_factory=_now)
    limit: int = 10
    # Not an API parameter: the safety screen's question about thoughts of suicide.
    suicidal: bool = False
    # The time band the person chose on the "when" screen ("under_7_days", ...): the handover
    # passes this on, never the number of days computed from it.
    since: str | None = None
    # Not an API parameter: the kinds of violence the answers also count as (see `expand`).
    implied: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists become tuples (hashable, ordered, without repeats); `at` must carry an offset.
        object.__setattr__(self, "violence", tuple(dict.fromkeys(self.violence)))
        object.__setattr__(self, "needs", tuple(dict.fromkeys(self.needs)))
        if self.at.tzinfo is None:
            raise ValueError("Query.at must be timezone-aware")

    @property
    def minor(self) -> bool:
        return self.age is not None and self.age < RULEBOOK.parameters.minor_below_age

    def without(self, *, needs: Iterable[str] = (), violence: bool = False, context: bool = False) -> Query:
        """The same question with some answers left out (used to relax, never shown)."""
        dropped = set(needs)
        return replace(
            self,
            needs=tuple(n for n in self.needs if n not in dropped),
            violence=() if violence else self.violence,
            context=None if context else self.context,
        )


# ---- the answer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelState:
    channel: ChannelData
    open: bool | None
    next_open: datetime | None
    # How to reach it: "direct" (its own number or address), "website" (only through the
    # organisation's website, labelled as such) or None (no way in the sources).
    reach: str | None = None
    href: str = ""


@dataclass(frozen=True)
class AppliedImplication:
    """A kind of violence the answers also count as, and why (in plain words)."""

    id: str
    adds: str
    reason: str


@dataclass(frozen=True)
class Result:
    organisation: OrganisationData
    score: float
    open_now: bool | None
    next_open: datetime | None
    channels: tuple[ChannelState, ...]
    reasons: tuple[str, ...]
    rules: tuple[str, ...]
    # The offer of the organisation the person matched (None when it has no offers).
    offer: OfferData | None = None


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    organisation_slug: str
    organisation_name: str
    needs_verification: bool
    rule: str
    reason: str


@dataclass(frozen=True)
class Emergency:
    show: bool
    numbers: tuple[EmergencyNumber, ...] = ()


@dataclass(frozen=True)
class Information:
    """A link to an information page: `topic` (per violence type), `index`, or `responding`
    (how to respond when someone tells you)."""

    kind: str
    rule: str
    violence: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Note:
    rule: str
    text: str


@dataclass(frozen=True)
class Offer:
    """One of Baken's own programmes to offer (`buddies`, `mediation`)."""

    kind: str
    rule: str
    text: str


@dataclass(frozen=True)
class Recommendation:
    query: Query
    phase: str
    emergency: Emergency
    results: tuple[Result, ...]
    always_open: tuple[Result, ...]
    information: tuple[Information, ...]
    notes: tuple[Note, ...] = ()
    offers: tuple[Offer, ...] = ()
    holiday: str | None = None
    implications: tuple[AppliedImplication, ...] = ()
