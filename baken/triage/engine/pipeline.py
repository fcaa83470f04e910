"""`recommend`: the steps of the engine in order (see the package docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from baken.directory import hours
from baken.directory.snapshot import OrganisationData
from baken.triage.engine.conditions import _holds, phase_of
from baken.triage.engine.eligibility import _channel_anonymous, expand
from baken.triage.engine.explain import _emergency, _information, _render, _result, _triggers
from baken.triage.engine.scoring import _always_open, _close_ones, _Pool, _ranked, _results_fallback
from baken.triage.engine.types import AppliedImplication, Note, Offer, Query, Recommendation
from baken.triage.rules import RULEBOOK, RuleBook


def recommend(
    query: Query, organisations: Sequence[OrganisationData], book: RuleBook = RULEBOOK, *, language: str = "nl"
) -> Recommendation:
    """The services that fit, best first, with an open staffed service always apart. Reasons,
    notes and links come in `language` (a language code such as "nl" or "en"; see `rules.Text`)."""
    language = language or "nl"
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
