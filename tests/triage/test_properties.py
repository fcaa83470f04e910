"""Properties that hold for any valid question at any moment (hypothesis), on the real dataset:
never an empty answer; always an open staffed service apart; need=now and need=anonymous are
hard; hard constraints hold for every result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baken.directory.snapshot import OrganisationData
from baken.directory.vocabulary import Context, Disability, Faith, Gender, Need, Role, Violence
from baken.triage.engine import Query, channel_open, eligible, expand, recommend
from tests.triage.conftest import serves_role, snapshot_from_yaml

SNAPSHOT = snapshot_from_yaml()
LANGUAGES = ["nl", "en", "ar", "tr", "pl", "so", "ti", "fr", "uk"]

moments = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.just(UTC),
)
queries = st.builds(
    Query,
    role=st.none() | st.sampled_from(Role.values),
    violence=st.lists(st.sampled_from(Violence.values), max_size=3).map(tuple),
    context=st.none() | st.sampled_from(Context.values),
    faith=st.none() | st.sampled_from(Faith.values),
    age=st.none() | st.integers(0, 120),
    gender=st.none() | st.sampled_from(Gender.values),
    lgbtiq=st.none() | st.booleans(),
    disability=st.none() | st.sampled_from(Disability.values),
    language=st.none() | st.sampled_from(LANGUAGES),
    days_since=st.none() | st.integers(0, 20_000),
    ongoing=st.none() | st.booleans(),
    acute=st.booleans(),
    needs=st.lists(st.sampled_from(Need.values), max_size=4).map(tuple),
    at=moments,
    limit=st.integers(1, 50),
    suicidal=st.booleans(),
)
PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _anonymous(channel, org: OrganisationData) -> bool:  # type: ignore[no-untyped-def]
    return channel.anonymous is True or (channel.anonymous is None and org.anonymous is True)


@PROFILE
@given(queries)
def test_never_empty_and_always_an_open_staffed_service(query: Query) -> None:
    rec = recommend(query, SNAPSHOT)
    assert 1 <= len(rec.results) <= query.limit
    assert rec.always_open
    for r in rec.always_open:
        assert r.open_now is True
        assert r.channels and all(s.channel.staffed and s.open for s in r.channels)
        assert all(channel_open(s.channel, query.at) for s in r.channels)
    assert len({r.organisation.slug for r in rec.results}) == len(rec.results)
    if query.acute:
        assert rec.emergency.show and "112" in [n.number for n in rec.emergency.numbers]


@PROFILE
@given(queries.map(lambda q: Query(**{**q.__dict__, "needs": (*q.needs, "now")})))
def test_need_now_only_open_channels(query: Query) -> None:
    rec = recommend(query, SNAPSHOT)
    for r in rec.results:
        assert r.open_now is True, r.organisation.slug
        assert r.channels, r.organisation.slug
        for s in r.channels:
            assert s.channel.staffed and s.open is True, (r.organisation.slug, s.channel)


@PROFILE
@given(queries.map(lambda q: Query(**{**q.__dict__, "needs": (*q.needs, "anonymous")})))
def test_need_anonymous_only_anonymous_channels(query: Query) -> None:
    rec = recommend(query, SNAPSHOT)
    for r in rec.results:
        assert all(_anonymous(s.channel, r.organisation) for s in r.channels), r.organisation.slug
    for r in rec.always_open:
        assert all(_anonymous(s.channel, r.organisation) for s in r.channels), r.organisation.slug


@PROFILE
@given(queries)
def test_results_that_fit_every_answer_are_eligible(query: Query) -> None:
    """Except the services marked as coming close (M-CLOSE, F-RELAXED), every result passes
    the hard constraints; a perpetrator only sees services that serve perpetrators, always."""
    rec = recommend(query, SNAPSHOT)
    for r in rec.results:
        if not {"M-CLOSE", "F-RELAXED"} & set(r.rules):
            assert eligible(r.organisation, expand(query)[0]), r.organisation.slug
        if query.role == "perpetrator" and "F-RELAXED-OPEN" not in r.rules:
            assert serves_role(r.organisation, "perpetrator"), r.organisation.slug


@settings(max_examples=100, deadline=None)
@given(queries, st.integers(0, 60 * 24 * 7))
def test_minors_and_adults_stay_on_their_side(query: Query, minutes: int) -> None:
    """C-AGE: a minor never gets the 18-25 line; an adult never the children's line."""
    moment = datetime(2026, 11, 30, tzinfo=UTC) + timedelta(minutes=minutes)
    for age, forbidden in ((15, "alles-oke"), (40, "kindertelefoon")):
        rec = recommend(Query(**{**query.__dict__, "age": age, "at": moment}), SNAPSHOT)
        assert forbidden not in {r.organisation.slug for r in rec.results}
