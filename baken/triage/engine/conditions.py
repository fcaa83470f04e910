"""The phase of a question and the two small languages of `rules.yaml`: a rule's `when`
(does it apply to these answers?) and a `first`/`boost` rule's `select` (which organisations
does it pick?)."""

from __future__ import annotations

from baken.triage.engine.eligibility import _Facts
from baken.triage.engine.types import Query
from baken.triage.rules import RULEBOOK, Condition, RuleBook, Selector

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
