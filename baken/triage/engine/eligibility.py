"""Step 1 of the engine, and the part insights relies on: the constraints that do not depend
on time. Who a service is for (its offers, ADR 0022; or, for hand-made organisations without
offers, target groups as alternatives), the kinds of violence the answers also count as
(`expand`), and the channels that fit the channel, anonymous and free needs."""

from __future__ import annotations

from dataclasses import dataclass, replace

from baken.directory.offers import OfferData
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData
from baken.directory.vocabulary import CONVERSATION_CHANNELS, ImplicationRule, implied_violence
from baken.triage.engine.types import Query
from baken.triage.rules import RULEBOOK, RuleBook

AUDIENCE_GROUPS = frozenset({"perpetrators", "relatives", "bystanders", "professionals", "accused"})
AGE_GROUPS = frozenset({"youth", "young_adults", "elderly"})

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


def expand(query: Query) -> tuple[Query, tuple[ImplicationRule, ...]]:
    """The question with every kind of violence the answers also count as (vocabulary
    implications), and the implications that applied. Matching and scoring use this."""
    implied, applied = implied_violence(query.violence, query.context, query.minor if query.age is not None else None)
    if not implied:
        return query, ()
    return replace(query, violence=query.violence + implied, implied=implied), applied
