"""Step 4 of the engine: the words. Reasons rendered from the rules in the language the caller
passes (never read from Django's active language), the channels as a person can reach them,
the emergency numbers, the information links and the triggers of the notes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.utils import translation

from baken.directory.snapshot import ChannelData, OrganisationData
from baken.directory.vocabulary import Context, Faith, ImplicationRule, Need, TargetGroup, Violence
from baken.triage.engine.conditions import _holds, phase_of
from baken.triage.engine.eligibility import _facts, reach_of
from baken.triage.engine.opening import channel_next_open, channel_open
from baken.triage.engine.scoring import _Candidate
from baken.triage.engine.types import ChannelState, Emergency, EmergencyNumber, Information, Query, Result
from baken.triage.languages import language_name
from baken.triage.rules import RULEBOOK, Rule, RuleBook

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


def emergency_for(
    query: Query, organisations: Sequence[OrganisationData], book: RuleBook = RULEBOOK, *, language: str = "nl"
) -> Emergency:
    """The emergency numbers for these answers alone (shown on every screen of the flow)."""
    phase = phase_of(query, book)
    fired = [rule for rule in book.of_kind("emergency") if _holds(rule.when, query, phase, book)]
    return _emergency(organisations, fired, language or "nl")
