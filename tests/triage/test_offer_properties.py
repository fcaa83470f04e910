"""Property tests of issue 10 (hypothesis): offers hold, open means reachable, implications
widen. The offer check here is written independently of the engine's, from the data format."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given

from baken.directory.offers import OfferData
from baken.directory.vocabulary import IMPLICATIONS
from baken.triage.engine import Query, eligible, expand, recommend
from baken.triage.rules import RULEBOOK
from tests.triage.conftest import at
from tests.triage.test_properties import PROFILE, SNAPSHOT, queries


def contradicts(offer: OfferData, q: Query) -> bool:
    """A given answer that this offer rules out (an answer not given never rules out)."""
    role = q.role or "victim"
    if offer.roles and role not in offer.roles:
        return True
    if offer.genders and q.gender in {"woman", "man", "nonbinary"} and q.gender not in offer.genders:
        return True
    if q.age is not None and offer.age_min is not None and q.age < offer.age_min:
        return True
    if q.age is not None and offer.age_max is not None and q.age > offer.age_max:
        return True
    if offer.faiths and q.faith is not None and offer.faiths.isdisjoint(RULEBOOK.parameters.faiths_matching(q.faith)):
        return True
    online_abuse = "online" in offer.contexts and "online_abuse" in q.violence
    if offer.contexts and q.context is not None and q.context not in offer.contexts and not online_abuse:
        return True
    if offer.lgbtiq and q.lgbtiq is False:
        return True
    if offer.disabilities and q.disability is not None and q.disability not in offer.disabilities:
        return True
    if q.days_since is not None:
        if offer.days_since_min is not None and q.days_since < offer.days_since_min:
            return True
        if offer.days_since_max is not None and q.days_since > offer.days_since_max:
            return True
    return offer.ongoing is not None and q.ongoing is not None and q.ongoing != offer.ongoing


@PROFILE
@given(queries)
def test_no_result_fails_all_of_its_organisations_offers(query: Query) -> None:
    rec = recommend(query, SNAPSHOT)
    asked = expand(query)[0]
    for r in rec.results:
        if {"M-CLOSE", "F-RELAXED"} & set(r.rules):
            continue  # marked as coming close: the page says it does not fit every answer
        assert any(not contradicts(o, asked) for o in r.organisation.offers), r.organisation.slug
        assert r.offer is not None and not contradicts(r.offer, asked), r.organisation.slug


@PROFILE
@given(queries)
def test_an_open_channel_always_has_a_way_to_reach_it(query: Query) -> None:
    rec = recommend(query, SNAPSHOT)
    for r in (*rec.results, *rec.always_open):
        for state in r.channels:
            if state.open:
                assert state.reach in {"direct", "website", "local"}, (r.organisation.slug, state)
                assert state.href or state.reach == "local", (r.organisation.slug, state)
        if r.open_now:
            assert any(s.open and s.reach for s in r.channels) or not r.channels, r.organisation.slug


def _trigger(implication) -> Query:  # type: ignore[no-untyped-def]
    violence = tuple(sorted(implication.when_violence))[:1] or ("sexual_violence",)
    context = sorted(implication.when_context)[0] if implication.when_context else None
    age = 10 if implication.minor else 40
    return Query(role="victim", violence=violence, context=context, age=age, at=at("2026-12-02 10:00"))


@pytest.mark.parametrize("implication", IMPLICATIONS, ids=[i.id for i in IMPLICATIONS])
def test_every_implication_reaches_a_service_the_plain_code_would_not(implication) -> None:  # type: ignore[no-untyped-def]
    query = _trigger(implication)
    expanded, applied = expand(query)
    assert implication in applied
    plain = {o.slug for o in SNAPSHOT if eligible(o, query)}
    widened = {o.slug for o in SNAPSHOT if eligible(o, expanded)}
    assert widened - plain, implication.id
    # ... and the recommendation shows one of them with the implication named.
    rec = recommend(replace(query, limit=100), SNAPSHOT)
    named = [r for r in rec.results if implication.id in r.rules]
    assert named and all((implication.reason_nl in r.reasons or implication.reason_en in r.reasons) for r in named), (
        implication.id
    )


def test_open_now_is_never_claimed_on_a_public_holiday_without_data_for_it() -> None:
    kings_day = at("2026-04-27 11:00")  # a Monday
    rec = recommend(Query(role="victim", violence=("domestic_violence",), at=kings_day, limit=100), SNAPSHOT)
    for r in (*rec.results, *rec.always_open):
        for state in r.channels:
            expression = state.channel.opening_hours or ""
            if state.open and "PH" not in expression and expression != "24/7":
                pytest.fail(f"{r.organisation.slug} shown open on King's Day without data for it: {expression}")


def test_unknown_hours_are_never_open_now() -> None:
    rec = recommend(Query(role="victim", at=datetime.fromisoformat("2026-12-02T03:00:00+01:00"), limit=100), SNAPSHOT)
    for r in (*rec.results, *rec.always_open):
        for state in r.channels:
            if not state.channel.opening_hours:
                assert state.open is None, r.organisation.slug
