"""The help finder engine: from anonymous answers to the services that fit and can be reached
now, each with the rules (and their reasons) that placed it.

Pure Python over the directory snapshot; no ORM. The steps, in order:
1. `eligible(org, query)`: the hard constraints that do not depend on time (role, violence
   type, setting, age bounds, target groups) plus `fitting_channels` (channel type,
   anonymous, free).
2. The open-now step: opening hours at `query.at`; `need=now` keeps only services with a
   staffed channel open at that moment.
3. Scoring: `rules.yaml` (scoring weights and routing rules) adds points and reasons.
4. The "open right now" block, information links, offers and notes; when nothing fits every
   answer the engine relaxes answers one at a time, says so, and never answers with nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import get_language

from baken.directory import hours
from baken.directory.offers import OfferData
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData
from baken.directory.vocabulary import (
    CONVERSATION_CHANNELS,
    Context,
    Faith,
    ImplicationRule,
    Need,
    TargetGroup,
    Violence,
    implied_violence,
)
from baken.triage.languages import language_name
from baken.triage.rules import RULEBOOK, Condition, Rule, RuleBook, Selector

AUDIENCE_GROUPS = frozenset({"perpetrators", "relatives", "bystanders", "professionals", "accused"})
AGE_GROUPS = frozenset({"youth", "young_adults", "elderly"})
# M-SPECIFIC only for organisations that work on at most this many violence types.
SPECIFIC_MAX_TYPES = 3
FIRST_POINTS = 1000.0


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


# ---- facts per organisation (computed once per snapshot object) ----------------------------


@dataclass(frozen=True)
class _Facts:
    org: OrganisationData
    has_everyone: bool
    person_groups: tuple[TargetGroupData, ...]
    age_ranges: tuple[tuple[int, int], ...]
    faiths: frozenset[str]
    staffed: tuple[ChannelData, ...]


_FACTS: dict[int, _Facts] = {}


def _age_range(group: TargetGroupData, book: RuleBook) -> tuple[int, int] | None:
    p = book.parameters
    defaults = {"youth": p.youth_default_age, "young_adults": p.young_adults_default_age}
    if group.code == "elderly":
        defaults["elderly"] = (p.elderly_from_age, 120)
    if group.age_min is None and group.age_max is None and group.code not in defaults:
        return None
    low, high = defaults.get(group.code, (0, 120))
    return (group.age_min if group.age_min is not None else low, group.age_max if group.age_max is not None else high)


def _facts(org: OrganisationData, book: RuleBook = RULEBOOK) -> _Facts:
    cached = _FACTS.get(id(org))
    if cached is not None and cached.org is org:
        return cached
    person = tuple(g for g in org.target_groups if g.code not in AUDIENCE_GROUPS)
    has_everyone = not org.target_groups or any(g.code == "everyone" for g in org.target_groups)
    ranges = () if has_everyone else tuple(r for g in person if (r := _age_range(g, book)) is not None)
    facts = _Facts(
        org=org,
        has_everyone=has_everyone,
        person_groups=person,
        age_ranges=ranges,
        faiths=frozenset(g.faith for g in org.target_groups if g.code == "faith_community" and g.faith),
        staffed=tuple(c for c in org.channels if _staffed_reachable(c, org)),
    )
    if len(_FACTS) > 50_000:  # snapshots are rebuilt when the directory changes
        _FACTS.clear()
    _FACTS[id(org)] = facts
    return facts


def _staffed_reachable(channel: ChannelData, org: OrganisationData) -> bool:
    """A person answers there and we can say how to get there: its own number or address, or
    the organisation's website. Never "open now" with nothing to press."""
    return channel.staffed and channel.type in CONVERSATION_CHANNELS and reach_of(channel, org)[0] is not None


def reach_of(channel: ChannelData, org: OrganisationData) -> tuple[str | None, str]:
    """("direct", value) when the sources give its number or address, ("website", url) when only
    the organisation's website leads there, ("local", "") for a service you find in your own area
    (your GP), (None, "") when nothing does."""
    if channel.value:
        return "direct", channel.value
    if org.website:
        return "website", org.website
    if org.local:
        # Your own GP, district team or shelter: the one in your area (the page says so).
        return "local", ""
    return None, ""


# ---- opening hours, memoised per expression and minute --------------------------------------


@lru_cache(maxsize=16_384)
def _open_at_minute(expression: str, minute: int) -> bool | None:
    return hours.is_open(expression, datetime.fromtimestamp(minute * 60, tz=UTC))


@lru_cache(maxsize=4096)
def _next_open_at_minute(expression: str, minute: int) -> datetime | None:
    return hours.next_open(expression, datetime.fromtimestamp(minute * 60, tz=UTC))


def channel_open(channel: ChannelData, moment: datetime) -> bool | None:
    """Opening hours have minute precision, so the answer is memoised per minute."""
    if not channel.opening_hours:
        return None
    return _open_at_minute(channel.opening_hours, int(moment.timestamp()) // 60)


def channel_next_open(channel: ChannelData, moment: datetime) -> datetime | None:
    if not channel.opening_hours:
        return None
    if channel_open(channel, moment):
        return hours.local(moment)
    found = _next_open_at_minute(channel.opening_hours, int(moment.timestamp()) // 60)
    return hours.local(found) if found is not None else None


# ---- step 1: the constraints that do not depend on time -------------------------------------


def _fits_role(facts: _Facts, query: Query, book: RuleBook) -> bool:
    """C-ROLE: the organisation serves the person asking."""
    org = facts.org
    for alt in book.parameters.audience[query.role or "unknown"]:
        if alt.target_group is not None and alt.target_group not in org.target_codes:
            continue
        if alt.help_type is not None and alt.help_type not in org.help_types:
            continue
        if alt.person_group and not (facts.person_groups or not org.target_groups):
            continue
        return True
    return False


def _fits_context(org: OrganisationData, query: Query) -> bool:
    """C-CONTEXT: a service for one setting is not for another (online abuse counts as online)."""
    if not org.contexts or query.context is None or query.context in org.contexts:
        return True
    return "online" in org.contexts and "online_abuse" in query.violence


def _group_fit(group: TargetGroupData, query: Query, book: RuleBook) -> bool | None:
    """Does the person belong to this target group? None when we were not told."""
    code = group.code
    bounds = _age_range(group, book)
    if bounds is not None:
        if query.age is None:
            age_fit: bool | None = None
        else:
            age_fit = bounds[0] <= query.age <= bounds[1]
        if code in AGE_GROUPS or age_fit is False:
            return age_fit
    if code == "everyone":
        return True
    if code in {"women", "men"}:
        wanted = "woman" if code == "women" else "man"
        if query.gender in {"woman", "man"}:
            return query.gender == wanted
        return None
    if code == "lgbtiq":
        return query.lgbtiq
    if code == "non_dutch_speakers":
        return None if query.language is None else query.language != "nl"
    if code == "faith_community":
        if query.faith is None:
            return None
        return group.faith is None or group.faith in book.parameters.faiths_matching(query.faith)
    if code in {"physical_disability", "intellectual_disability"}:
        if query.disability is None:
            return None
        return query.disability == code.removesuffix("_disability")
    if code in {"athletes", "culture_sector"}:
        wanted = "sport" if code == "athletes" else "culture"
        return None if query.context is None else query.context == wanted
    return None  # migrants and any group we do not ask about


@dataclass(frozen=True)
class _Fit:
    """How an eligible organisation fits: the groups it is specifically for that the person is
    in, or (when unsure) the groups we do not know the person belongs to."""

    matched: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()
    # The settings a service is only for, when we were not told the setting.
    settings_unsure: tuple[str, ...] = ()
    # The offer the person matched (None for organisations without offers).
    offer: OfferData | None = None


_GENDER_GROUP = {"woman": "women", "man": "men"}
_DISABILITY_GROUP = {"physical": "physical_disability", "intellectual": "intellectual_disability"}
_ROLE_GROUP = {
    "perpetrator": "perpetrators",
    "relative": "relatives",
    "bystander": "bystanders",
    "professional": "professionals",
    "accused": "accused",
}


def _age_group(offer: OfferData) -> str | None:
    """The label of an offer's age bounds in reasons; None for "adults" (the usual asker)."""
    if offer.age_min is not None and offer.age_min >= 60:
        return "elderly"
    if offer.age_max is None:
        return None
    return "young_adults" if (offer.age_min or 0) >= 18 else "youth"


def _offer_fit(offer: OfferData, query: Query, book: RuleBook) -> _Fit | None:
    """Every condition of the offer must hold; an answer we were not given leaves it unsure."""
    role = query.role or "victim"  # someone who does not say is treated as asking for themselves
    if offer.roles and role not in offer.roles:
        return None
    matched: list[str] = []
    unsure: list[str] = []
    if offer.roles and "victim" not in offer.roles and role in _ROLE_GROUP:
        matched.append(_ROLE_GROUP[role])
    if offer.genders:
        if query.gender in {"woman", "man", "nonbinary"}:
            if query.gender not in offer.genders:
                return None
            matched += [_GENDER_GROUP[g] for g in sorted(offer.genders) if g in _GENDER_GROUP]
        else:
            unsure += [_GENDER_GROUP[g] for g in sorted(offer.genders) if g in _GENDER_GROUP]
    if offer.age_min is not None or offer.age_max is not None:
        group = _age_group(offer)
        if query.age is None:
            if group is not None:
                unsure.append(group)
        elif not (offer.age_min or 0) <= query.age <= (offer.age_max if offer.age_max is not None else 120):
            return None
        elif group is not None:
            matched.append(group)
    if offer.faiths:
        if query.faith is None:
            unsure.append("faith_community")
        elif offer.faiths.isdisjoint(book.parameters.faiths_matching(query.faith)):
            return None
        else:
            matched.append("faith_community")
    settings: tuple[str, ...] = ()
    if offer.contexts:
        online = "online" in offer.contexts and "online_abuse" in query.violence
        if query.context is None:
            if not online:
                settings = tuple(sorted(offer.contexts))
        elif query.context not in offer.contexts and not online:
            return None
    if offer.lgbtiq:
        if query.lgbtiq is False:
            return None
        (matched if query.lgbtiq else unsure).append("lgbtiq")
    if offer.disabilities:
        if query.disability is None:
            unsure += [_DISABILITY_GROUP[d] for d in sorted(offer.disabilities)]
        elif query.disability not in offer.disabilities:
            return None
        else:
            matched.append(_DISABILITY_GROUP[query.disability])
    days = query.days_since
    if days is not None:
        if offer.days_since_min is not None and days < offer.days_since_min:
            return None
        if offer.days_since_max is not None and days > offer.days_since_max:
            return None
    if offer.ongoing is not None and query.ongoing is not None and query.ongoing != offer.ongoing:
        return None
    return _Fit(matched=tuple(matched), unsure=tuple(unsure), settings_unsure=settings, offer=offer)


def _assess_offers(facts: _Facts, query: Query, book: RuleBook) -> _Fit | None:
    """C-OFFER: the person matches at least one offer; the surest, most specific one counts."""
    org = facts.org
    if query.violence and org.violence.isdisjoint(query.violence):
        return None  # C-VIOLENCE
    best: _Fit | None = None
    for offer in org.offers:
        fit = _offer_fit(offer, query, book)
        if fit is None:
            continue
        if best is None or (len(fit.unsure), -len(fit.matched)) < (len(best.unsure), -len(best.matched)):
            best = fit
    return best


def _assess(facts: _Facts, query: Query, book: RuleBook) -> _Fit | None:
    org = facts.org
    if org.offers:
        return _assess_offers(facts, query, book)
    # Hand-made organisations without offers (tests, benchmarks): the older reading of
    # target groups as alternatives.
    if not _fits_role(facts, query, book):
        return None
    if query.violence and org.violence.isdisjoint(query.violence):
        return None  # C-VIOLENCE
    if not _fits_context(org, query):
        return None
    age = query.age
    if facts.age_ranges and age is not None and not any(low <= age <= high for low, high in facts.age_ranges):
        return None  # C-AGE
    settings: tuple[str, ...] = ()
    if org.contexts and query.context is None and not ("online" in org.contexts and "online_abuse" in query.violence):
        settings = tuple(sorted(org.contexts))
    if facts.has_everyone or not facts.person_groups:
        return _Fit(settings_unsure=settings)
    fits = [(g.code, _group_fit(g, query, book)) for g in facts.person_groups]
    matched = tuple(dict.fromkeys(code for code, fit in fits if fit))
    if matched:
        return _Fit(matched=matched, settings_unsure=settings)
    unsure = tuple(dict.fromkeys(code for code, fit in fits if fit is None))
    return _Fit(unsure=unsure, settings_unsure=settings) if unsure else None  # C-GROUP


def _channel_anonymous(channel: ChannelData, org: OrganisationData) -> bool:
    return channel.anonymous is True or (channel.anonymous is None and org.anonymous is True)


def _channel_free(channel: ChannelData, org: OrganisationData) -> bool:
    return channel.free is True or (channel.free is None and org.cost_free is True)


def fitting_channels(org: OrganisationData, query: Query) -> tuple[ChannelData, ...]:
    """The channels that satisfy the channel, anonymous and free needs (C-CHANNEL,
    C-ANONYMOUS, C-FREE); an unknown flag on a channel takes the organisation's own."""
    wanted = {n for n in query.needs if n in RULEBOOK.parameters.channel_needs}
    anonymous = "anonymous" in query.needs
    free = "free" in query.needs
    return tuple(
        c
        for c in org.channels
        if (not wanted or c.type in wanted)
        and (not anonymous or _channel_anonymous(c, org))
        and (not free or _channel_free(c, org))
    )


def eligible(org: OrganisationData, query: Query) -> bool:
    """The hard constraints that do not depend on time: role, violence type, setting, age
    bounds and target groups, and at least one channel that fits the channel needs."""
    return _assess(_facts(org), query, RULEBOOK) is not None and bool(fitting_channels(org, query))


# ---- phase -----------------------------------------------------------------------------------


def is_acute(query: Query, book: RuleBook = RULEBOOK) -> bool:
    """Danger, less than `recent_days` ago, or "now": then what is open comes first (M-ACUTE-OPEN)."""
    recent = query.days_since is not None and query.days_since < book.parameters.recent_days
    return query.acute or recent or "now" in query.needs


def phase_of(query: Query, book: RuleBook = RULEBOOK) -> str:
    """001:708-720: recognising (names nothing, asks nothing), informing (finding out what it
    is and what can be done, anonymously), seeking_help (asks for a kind of help, or danger)."""
    if query.acute or not book.parameters.seeking_help_needs.isdisjoint(query.needs):
        return "seeking_help"
    if not query.violence and not query.needs:
        return "recognising"
    return "informing"


# ---- conditions and selectors ------------------------------------------------------------------


def _holds(c: Condition, q: Query, phase: str, book: RuleBook, triggers: frozenset[str] = frozenset()) -> bool:
    """Every condition that is set must hold (straight-line checks: this runs per rule per request)."""
    if c.role is not None and q.role not in c.role:
        return False
    if c.role_known is not None and (q.role is not None) != c.role_known:
        return False
    if c.violence is not None and c.violence.isdisjoint(q.violence):
        return False
    if c.context is not None and q.context not in c.context:
        return False
    if c.faith is not None and q.faith not in c.faith:
        return False
    if c.faith_given is not None and (q.faith is not None) != c.faith_given:
        return False
    if c.gender is not None and q.gender not in c.gender:
        return False
    if c.disability is not None and q.disability not in c.disability:
        return False
    if c.need is not None and c.need.isdisjoint(q.needs):
        return False
    if c.phase is not None and phase not in c.phase:
        return False
    if c.language_given is not None and (q.language is not None) != c.language_given:
        return False
    if c.language_not is not None and (q.language is None or q.language in c.language_not):
        return False
    if c.acute is not None and q.acute != c.acute:
        return False
    if c.suicidal is not None and q.suicidal != c.suicidal:
        return False
    if c.lgbtiq is not None and q.lgbtiq != c.lgbtiq:
        return False
    if c.ongoing is not None and q.ongoing != c.ongoing:
        return False
    age = q.age
    if c.minor is not None and (age is None or (age < book.parameters.minor_below_age) != c.minor):
        return False
    if c.age_from is not None and (age is None or age < c.age_from):
        return False
    if c.age_to is not None and (age is None or age > c.age_to):
        return False
    if c.days_since_under is not None and (q.days_since is None or q.days_since >= c.days_since_under):
        return False
    if c.adult_or_unknown and age is not None and age < book.parameters.minor_below_age:
        return False
    if c.days_since_at_least is not None and q.days_since is not None and q.days_since < c.days_since_at_least:
        return False
    if c.trigger is not None and c.trigger not in triggers:
        return False
    return not c.any or any(_holds(part, q, phase, book, triggers) for part in c.any)


def _picks(s: Selector, facts: _Facts, q: Query, open_now: bool | None, book: RuleBook) -> bool:
    org = facts.org
    if s.organisations and org.slug not in s.organisations:
        return False
    if s.help_types and s.help_types.isdisjoint(org.help_types):
        return False
    if s.target_groups and s.target_groups.isdisjoint(org.target_codes):
        return False
    if s.contexts and s.contexts.isdisjoint(org.contexts):
        return False
    if s.contexts_from_query and (q.context is None or q.context not in org.contexts):
        return False
    if s.faith_from_query and (q.faith is None or facts.faiths.isdisjoint(book.parameters.faiths_matching(q.faith))):
        return False
    if s.language_from_query and (q.language is None or q.language not in org.languages):
        return False
    if s.staffed_language_from_query and not any(q.language in c.languages for c in facts.staffed):
        return False
    if s.information_language_from_query and any(q.language in c.languages for c in facts.staffed):
        return False
    if s.staffed_channels and not any(c.type in s.staffed_channels for c in facts.staffed):
        return False
    if s.anonymous and org.anonymous is not True:
        return False
    return not (s.open_now and open_now is not True)


# ---- reasons -------------------------------------------------------------------------------

_VOCABULARIES: dict[str, Any] = {
    "violence": Violence,
    "needs": Need,
    "groups": TargetGroup,
    "context": Context,
    "settings": Context,
}


@lru_cache(maxsize=4096)
def _label(vocabulary: str, code: str, language: str) -> str:
    """A translated vocabulary label, cached per language (reasons are rendered per request)."""
    with translation.override(language):
        if vocabulary == "language":
            return language_name(code)
        if vocabulary == "faith":
            return str(Faith(code).label)
        return str(_VOCABULARIES[vocabulary](code).label).lower()


def _render(template: str, q: Query, params: dict[str, tuple[str, ...]], language: str) -> str:
    """Fill {violence}, {needs}, {groups}, {settings}, {context}, {language}, {faith}, {holiday}."""
    if "{" not in template:
        return template
    values: dict[str, tuple[str, ...]] = {
        "context": (q.context,) if q.context else (),
        "language": (q.language,) if q.language else (),
        "faith": (q.faith,) if q.faith else (),
        **params,
    }
    for key, codes in values.items():
        marker = "{" + key + "}"
        if marker in template:
            if key == "holiday":
                text = ", ".join(codes)
            else:
                text = ", ".join(_label(key, code, language) for code in codes)
            template = template.replace(marker, text)
    return template


@dataclass
class _Candidate:
    facts: _Facts
    fit: _Fit
    channels: tuple[ChannelData, ...]
    staffed: tuple[ChannelData, ...]
    open_now: bool | None
    score: float = 0.0
    contributions: list[tuple[str, float, dict[str, tuple[str, ...]]]] = field(default_factory=list)

    def add(self, rule_id: str, points: float, **params: tuple[str, ...]) -> None:
        self.score += points
        self.contributions.append((rule_id, points, params))


def _open_state(channels: Sequence[ChannelData], moment: datetime) -> bool | None:
    state: bool | None = None
    for channel in channels:
        is_open = channel_open(channel, moment)
        if is_open:
            return True
        if is_open is False:
            state = False
    return state


def _candidates(organisations: Sequence[OrganisationData], q: Query, book: RuleBook) -> list[_Candidate]:
    found = []
    for org in organisations:
        facts = _facts(org, book)
        fit = _assess(facts, q, book)
        if fit is None:
            continue
        channels = fitting_channels(org, q)
        if not channels:
            continue
        staffed = tuple(c for c in channels if _staffed_reachable(c, org))
        found.append(_Candidate(facts, fit, channels, staffed, _open_state(staffed, q.at)))
    if "now" in q.needs:  # C-NOW
        found = [c for c in found if c.open_now]
    return found


def _score(cands: list[_Candidate], q: Query, phase: str, fired: Sequence[Rule], book: RuleBook) -> None:
    weights = book.scoring
    helped = {n: book.parameters.need_help_types[n] for n in q.needs if n in book.parameters.need_help_types}
    firsts = [rule for rule in fired if rule.kind == "first"]
    acute = is_acute(q, book)
    boosts = [rule for rule in fired if rule.kind == "boost"]
    for cand in cands:
        org = cand.facts.org
        matched = [v for v in q.violence if v in org.violence]
        if matched:
            # What the person named counts in full; what it also counts as, for half.
            named = sum(1 for v in matched if v not in q.implied)
            # What it also counts as only weighs when nothing named matched.
            points = weights["M-VIOLENCE"].points * (named if named else 0.25 * len(matched))
            cand.add("M-VIOLENCE", points, violence=tuple(matched))
            if len(org.violence) <= SPECIFIC_MAX_TYPES:
                cand.add("M-SPECIFIC", weights["M-SPECIFIC"].points / len(org.violence))
        met = [n for n, types in helped.items() if not types.isdisjoint(org.help_types)]
        if met:
            cand.add("M-NEED", weights["M-NEED"].points * len(met), needs=tuple(met))
        specific = [g for g in cand.fit.matched if g != "everyone"]
        if specific:
            cand.add("M-GROUP", weights["M-GROUP"].points, groups=tuple(specific))
        if cand.fit.unsure:
            cand.add("M-GROUP-UNSURE", weights["M-GROUP-UNSURE"].points, groups=cand.fit.unsure)
        if cand.fit.settings_unsure:
            cand.add("M-SETTING-UNSURE", weights["M-SETTING-UNSURE"].points, settings=cand.fit.settings_unsure)
        if cand.open_now:
            cand.add("M-OPEN-NOW", weights["M-OPEN-NOW"].points)
            if acute:
                cand.add("M-ACUTE-OPEN", weights["M-ACUTE-OPEN"].points)
        if any(c.value for c in cand.staffed):
            cand.add("M-DIRECT", weights["M-DIRECT"].points)
        if cand.staffed:
            cand.add("M-STAFFED", weights["M-STAFFED"].points)
            if cand.open_now is None:
                cand.add("M-HOURS-UNKNOWN", weights["M-HOURS-UNKNOWN"].points)
        if phase == "informing" and org.anonymous is True:
            cand.add("M-PHASE-ANONYMOUS", weights["M-PHASE-ANONYMOUS"].points)
        # A service for the wider faith family (christian for a catholic) counts for half.
        umbrella = q.faith is not None and q.faith not in cand.facts.faiths
        for rule in boosts:
            assert rule.select is not None
            if _picks(rule.select, cand.facts, q, cand.open_now, book):
                cand.add(rule.id, rule.points / 2 if rule.select.faith_from_query and umbrella else rule.points)
        for rank, rule in enumerate(firsts):
            assert rule.select is not None
            if _picks(rule.select, cand.facts, q, cand.open_now, book):
                order = rule.select.organisations
                position = order.index(org.slug) if org.slug in order else int(umbrella)
                cand.add(rule.id, FIRST_POINTS - 10 * rank - position)


def _ranked(cands: list[_Candidate], at: datetime) -> list[_Candidate]:
    # An overdue listing goes below an otherwise equal current one: its facts are less certain.
    # Only a tie-breaker, so stale facts never outweigh fit (docs/adr/0075-listing-proposals.md).
    today = hours.local(at).date()
    return sorted(
        cands, key=lambda c: (-c.score, c.facts.org.stale_on(today), c.facts.org.name.casefold(), c.facts.org.slug)
    )


class _Pool:
    """The scored candidates per (relaxed) question, computed once within one recommendation:
    the fallbacks of the results and of the open-now block ask for the same relaxations."""

    def __init__(
        self, organisations: Sequence[OrganisationData], phase: str, fired: Sequence[Rule], book: RuleBook
    ) -> None:
        self.organisations = organisations
        self.phase = phase
        self.fired = fired
        self.book = book
        self._scored: dict[Query, list[_Candidate]] = {}

    def scored(self, q: Query) -> list[_Candidate]:
        found = self._scored.get(q)
        if found is None:
            found = _candidates(self.organisations, q, self.book)
            _score(found, q, self.phase, self.fired, self.book)
            self._scored[q] = found
        return found


def _channel_state(channel: ChannelData, org: OrganisationData, moment: datetime) -> ChannelState:
    reach, href = reach_of(channel, org)
    if channel.staffed and reach is None:
        # Nothing to press: never shown as open.
        return ChannelState(channel, None, None, None, "")
    return ChannelState(channel, channel_open(channel, moment), channel_next_open(channel, moment), reach, href)


def _result(
    cand: _Candidate,
    q: Query,
    book: RuleBook,
    language: str,
    *,
    open_only: bool,
    extra: Sequence[str] = (),
    implications: Sequence[ImplicationRule] = (),
) -> Result:
    org = cand.facts.org
    channels = cand.channels
    if open_only:
        channels = tuple(c for c in cand.staffed if channel_open(c, q.at))
    # Channels with their own number or address first (stable: the dataset's order otherwise).
    channels = tuple(sorted(channels, key=lambda c: not c.value))
    states = tuple(_channel_state(c, org, q.at) for c in channels)
    next_times = [s.next_open for s in states if s.next_open is not None and s.channel in cand.staffed]
    reasons: list[str] = []
    rules: list[str] = []
    # "Comes close" is said first; then the reasons that weighed most.
    # (M-ACUTE-OPEN only outweighs: its reason comes after the ones that say what fits.)
    ordered = sorted(cand.contributions, key=lambda item: (item[0] != "M-CLOSE", item[0] == "M-ACUTE-OPEN", -item[1]))
    for rule_id, _points, params in ordered:
        rule = book.by_id[rule_id]
        if rule_id not in rules:
            rules.append(rule_id)
            if rule.reason is not None:
                reasons.append(_render(rule.reason.get(language), q, params, language))
    for rule_id in extra:
        if rule_id not in rules:
            rules.append(rule_id)
    # Say which relation between kinds of violence brought this service in.
    for implication in implications:
        if implication.adds in org.violence and implication.id not in rules:
            rules.append(implication.id)
            reasons.append(implication.reason_en if language == "en" else implication.reason_nl)
    return Result(
        organisation=cand.facts.org,
        score=round(cand.score, 2),
        open_now=cand.open_now,
        next_open=min(next_times) if next_times else None,
        channels=states,
        reasons=tuple(reasons),
        rules=tuple(rules),
        offer=cand.fit.offer,
    )


# ---- step 4: the open-right-now block and the fallbacks ---------------------------------------


def _open_candidates(cands: list[_Candidate]) -> list[_Candidate]:
    return [c for c in cands if c.open_now]


def _relaxations(q: Query, book: RuleBook) -> list[Query]:
    """Answers left out one step at a time, the least important first; anonymity is kept as
    long as anything else can go."""
    channel_needs = [n for n in q.needs if n in book.parameters.channel_needs or n == "free"]
    kinds = [n for n in q.needs if n not in book.parameters.channel_needs and n not in {"free", "anonymous", "now"}]
    steps = [q.without(needs=channel_needs)]
    steps.append(steps[-1].without(needs=kinds, context=True))
    steps.append(steps[-1].without(violence=True))
    steps.append(steps[-1].without(needs=["anonymous"]))
    return steps


def _always_open(pool: _Pool, q: Query) -> tuple[list[_Candidate], bool]:
    """C-ALWAYS-OPEN: staffed services open at `q.at`, best first. Returns (services, relaxed)."""
    book = pool.book
    organisations = pool.organisations
    limit = book.parameters.always_open_limit
    found = _open_candidates(pool.scored(q))
    if found:
        return _ranked(found, q.at)[:limit], False
    for relaxed in _relaxations(q, book):
        found = _open_candidates(pool.scored(relaxed))
        if found:
            return _ranked(found, q.at)[:limit], True
    # The general 24/7 lines, first those that serve the person asking, then any that is open.
    lines = [o for slug in book.parameters.general_lines for o in organisations if o.slug == slug]
    bare = replace(q, needs=(), violence=(), context=None, age=None, gender=None, lgbtiq=None, disability=None)
    for source in (lines, organisations):
        found = []
        for org in source:
            facts = _facts(org, book)
            staffed = facts.staffed
            state = _open_state(staffed, q.at)
            if state and (source is organisations or _assess(facts, bare, book) is not None):
                found.append(_Candidate(facts, _Fit(), tuple(org.channels), staffed, state))
        if found:
            for cand in found:
                cand.add("M-OPEN-NOW", book.scoring["M-OPEN-NOW"].points)
            return found[:limit], True
    return [], True


def _results_fallback(pool: _Pool, q: Query, open_block: list[_Candidate]) -> list[_Candidate]:
    """When nothing fits every answer: relax (keeping need=now and anonymity), then the open
    services. Never empty while the directory has an open staffed service."""
    for relaxed in _relaxations(q, pool.book)[:-1]:
        found = pool.scored(relaxed)
        if found:
            return _ranked(found, q.at)
    if "anonymous" in q.needs:
        anonymous = [c for c in open_block if any(_channel_anonymous(ch, c.facts.org) for ch in c.staffed)]
        open_block = anonymous or open_block
    return list(open_block)


def _close_ones(pool: _Pool, q: Query, ranked: Sequence[_Candidate], limit: int) -> list[_Candidate]:
    """M-CLOSE: when only a few services fit every answer, add the ones that fit most of them
    (keeping need=now and anonymity), marked as coming close."""
    book = pool.book
    present = {c.facts.org.slug for c in ranked}
    added: list[_Candidate] = []
    for relaxed in _relaxations(q, book)[:-1]:
        more = [c for c in pool.scored(relaxed) if c.facts.org.slug not in present]
        for shared in _ranked(more, q.at):
            cand = replace(shared, contributions=list(shared.contributions))  # the pool's stay unmarked
            cand.add("M-CLOSE", book.scoring["M-CLOSE"].points)
            added.append(cand)
            present.add(cand.facts.org.slug)
        if len(ranked) + len(added) >= min(limit, book.parameters.min_results):
            break
    return added


# ---- information, notes, offers, emergency ---------------------------------------------------


def _emergency(organisations: Sequence[OrganisationData], fired: Sequence[Rule], language: str) -> Emergency:
    numbers = []
    for rule in fired:
        if rule.kind != "emergency":
            continue
        org = next((o for o in organisations if o.slug == rule.organisation), None)
        for number in rule.numbers:
            numbers.append(
                EmergencyNumber(
                    number=number,
                    organisation_slug=rule.organisation,
                    organisation_name=org.name if org else rule.organisation,
                    # Not in the directory means not checked: say so.
                    needs_verification=org.needs_verification if org else True,
                    rule=rule.id,
                    reason=rule.reason.get(language) if rule.reason else "",
                )
            )
    return Emergency(show=bool(numbers), numbers=tuple(numbers))


def _information(q: Query, fired: Sequence[Rule], language: str) -> tuple[Information, ...]:
    items: list[Information] = []
    for rule in fired:
        if rule.kind != "information":
            continue
        text = rule.reason.get(language) if rule.reason else ""
        for page in rule.pages:
            if page == "topic":
                if q.violence:
                    items.extend(Information("topic", rule.id, violence=v, text=text) for v in q.violence)
                else:
                    items.append(Information("index", rule.id, text=text))
            else:
                items.append(Information(page, rule.id, text=text))
    return tuple(items)


def _triggers(
    organisations: Sequence[OrganisationData],
    q: Query,
    results: Sequence[_Candidate],
    open_block: Sequence[_Candidate],
    relaxed: bool,
    relaxed_open: bool,
    topped_up: bool,
    holiday: str | None,
    book: RuleBook,
) -> frozenset[str]:
    found = set()
    if q.language and not any(q.language in ch.languages for c in results for ch in c.facts.staffed):
        found.add("no_result_in_language")
    if q.faith:
        family = book.parameters.faiths_matching(q.faith)
        if all(_facts(o, book).faiths.isdisjoint(family) for o in organisations):
            found.add("no_faith_service")
    if holiday:
        found.add("public_holiday")
    with_person = [c for c in results if c.staffed]
    if open_block and with_person and 2 * sum(1 for c in with_person if c.open_now) < len(with_person):
        found.add("most_closed")
    if relaxed:
        found.add("relaxed")
    if topped_up:
        found.add("topped_up")
    if relaxed_open:
        found.add("relaxed_open")
    return frozenset(found)


def emergency_for(query: Query, organisations: Sequence[OrganisationData], book: RuleBook = RULEBOOK) -> Emergency:
    """The emergency numbers for these answers alone (shown on every screen of the flow)."""
    phase = phase_of(query, book)
    fired = [rule for rule in book.of_kind("emergency") if _holds(rule.when, query, phase, book)]
    return _emergency(organisations, fired, get_language() or "nl")


# ---- recommend --------------------------------------------------------------------------------


def expand(query: Query) -> tuple[Query, tuple[ImplicationRule, ...]]:
    """The question with every kind of violence the answers also count as (vocabulary
    implications), and the implications that applied. Matching and scoring use this."""
    implied, applied = implied_violence(query.violence, query.context, query.minor if query.age is not None else None)
    if not implied:
        return query, ()
    return replace(query, violence=query.violence + implied, implied=implied), applied


def recommend(query: Query, organisations: Sequence[OrganisationData], book: RuleBook = RULEBOOK) -> Recommendation:
    """The services that fit, best first, with an open staffed service always apart."""
    language = get_language() or "nl"
    asked = query
    query, applied = expand(query)
    phase = phase_of(query, book)
    fired = [rule for rule in book.rules if rule.kind != "constraint" and _holds(rule.when, query, phase, book)]
    holiday = hours.public_holiday(hours.local(query.at).date())

    pool = _Pool(organisations, phase, fired, book)
    cands = pool.scored(query)
    open_block, relaxed_open = _always_open(pool, query)
    relaxed = not cands
    ranked = _ranked(cands, query.at) if cands else _results_fallback(pool, query, open_block)
    limit = max(1, query.limit)
    topped_up = bool(cands) and len(ranked) < min(limit, book.parameters.min_results)
    if topped_up:
        ranked += _close_ones(pool, query, ranked, limit)
    chosen = ranked[:limit]

    open_only = "now" in query.needs
    extra = ("F-RELAXED",) if relaxed else ()
    results = tuple(
        _result(c, query, book, language, open_only=open_only, extra=extra, implications=applied) for c in chosen
    )
    if "anonymous" in query.needs:
        results = tuple(
            replace(r, channels=tuple(s for s in r.channels if _channel_anonymous(s.channel, r.organisation)))
            for r in results
        )
    open_extra = ("C-ALWAYS-OPEN", "F-RELAXED-OPEN") if relaxed_open else ("C-ALWAYS-OPEN",)
    always_open = tuple(
        _result(c, query, book, language, open_only=True, extra=open_extra, implications=applied) for c in open_block
    )

    triggers = _triggers(organisations, query, chosen, open_block, relaxed, relaxed_open, topped_up, holiday, book)
    notes = tuple(
        Note(rule.id, _render(rule.reason.get(language), query, {"holiday": (holiday,) if holiday else ()}, language))
        for rule in book.rules
        if rule.kind == "note" and rule.reason is not None and _holds(rule.when, query, phase, book, triggers)
    )
    offers = tuple(
        Offer(rule.offer, rule.id, rule.reason.get(language) if rule.reason else "")
        for rule in fired
        if rule.kind == "offer"
    )
    return Recommendation(
        query=asked,
        phase=phase,
        emergency=_emergency(organisations, fired, language),
        results=results,
        always_open=always_open,
        information=_information(asked, fired, language),
        notes=notes,
        offers=offers,
        holiday=holiday,
        implications=tuple(
            AppliedImplication(r.id, r.adds, r.reason_en if language == "en" else r.reason_nl) for r in applied
        ),
    )


__all__ = [
    "AppliedImplication",
    "ChannelState",
    "Emergency",
    "EmergencyNumber",
    "Information",
    "Note",
    "Offer",
    "Query",
    "Recommendation",
    "Result",
    "channel_next_open",
    "channel_open",
    "eligible",
    "emergency_for",
    "expand",
    "fitting_channels",
    "is_acute",
    "phase_of",
    "recommend",
]
