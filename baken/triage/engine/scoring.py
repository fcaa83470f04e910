"""Steps 2 and 3 of the engine: the candidates that fit (and, for need=now, are open), their
points from `rules.yaml`, the ranking, and the fallbacks when nothing fits every answer (relax
one answer at a time; the open-right-now block; services that come close)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from baken.directory import hours
from baken.directory.snapshot import ChannelData, OrganisationData
from baken.triage.engine.conditions import _picks, is_acute
from baken.triage.engine.eligibility import (
    _assess,
    _channel_anonymous,
    _Facts,
    _facts,
    _Fit,
    _staffed_reachable,
    fitting_channels,
)
from baken.triage.engine.opening import channel_open
from baken.triage.engine.types import Query
from baken.triage.rules import Rule, RuleBook

# M-SPECIFIC only for organisations that work on at most this many violence types.
SPECIFIC_MAX_TYPES = 3
FIRST_POINTS = 1000.0


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
