"""The engine's contract (used by the insights coverage too): `eligible` holds the constraints
that do not depend on time, `fitting_channels` the channel needs; time only in `recommend`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData
from baken.triage.engine import Query, eligible, fitting_channels, phase_of, recommend
from tests.triage.conftest import at

NOON = at("2026-12-02 12:00")
NIGHT = at("2026-12-02 03:00")


def org(slug: str = "x", **fields: object) -> OrganisationData:
    defaults: dict[str, object] = {
        "name": slug.title(),
        "violence": frozenset({"sexual_violence"}),
        "target_groups": (TargetGroupData("everyone"),),
        "channels": (ChannelData(type="phone", value="0800", staffed=True, opening_hours="24/7", anonymous=True),),
    }
    defaults.update(fields)
    return OrganisationData(slug=slug, **defaults)  # type: ignore[arg-type]


def groups(*codes: str, **bounds: int) -> tuple[TargetGroupData, ...]:
    return tuple(TargetGroupData(code, age_min=bounds.get("age_min"), age_max=bounds.get("age_max")) for code in codes)


class TestQuery:
    def test_needs_a_timezone(self) -> None:
        with pytest.raises(ValueError, match="timezone"):
            Query(at=datetime(2026, 12, 2, 12))

    def test_lists_become_tuples_without_repeats(self) -> None:
        q = Query(violence=["fgm", "fgm"], needs=["now"], at=NOON)  # type: ignore[arg-type]
        assert q.violence == ("fgm",) and q.needs == ("now",)
        assert hash(q)


class TestEligible:
    def test_perpetrators_only_where_the_service_serves_them(self) -> None:
        for_victims = org()
        for_perpetrators = org(target_groups=groups("perpetrators"))
        q = Query(role="perpetrator", at=NOON)
        assert not eligible(for_victims, q)
        assert eligible(for_perpetrators, q)
        assert not eligible(for_perpetrators, Query(role="victim", at=NOON))
        assert not eligible(for_perpetrators, Query(at=NOON)), "unknown role: no audience-only services"

    def test_violence_must_match_when_named(self) -> None:
        assert eligible(org(), Query(violence=("sexual_violence", "fgm"), at=NOON))
        assert not eligible(org(), Query(violence=("fgm",), at=NOON))
        assert eligible(org(), Query(at=NOON))

    @pytest.mark.parametrize(
        ("target", "age", "expected"),
        [
            (groups("youth"), 17, True),
            (groups("youth"), 18, False),  # a youth group without bounds means minors only
            (groups("young_adults", age_min=18, age_max=25), 17, False),
            (groups("young_adults", age_min=18, age_max=25), 25, True),
            (groups("young_adults", age_min=18, age_max=25), 26, False),
            (groups("youth", "faith_community"), 40, False),  # age bounds restrict any other group
            (groups("everyone", "youth"), 40, True),  # ... unless the service is for everyone
            (groups("youth"), None, True),  # unknown age: not excluded
        ],
    )
    def test_age_bounds(self, target: tuple[TargetGroupData, ...], age: int | None, expected: bool) -> None:
        assert eligible(org(target_groups=target), Query(role="victim", age=age, at=NOON)) is expected

    @pytest.mark.parametrize(
        ("target", "answers", "expected"),
        [
            (groups("women"), {"gender": "man"}, False),
            (groups("women"), {"gender": "woman"}, True),
            (groups("women"), {}, True),  # not told: not excluded (ranked lower)
            (groups("men", "accused"), {"role": "accused", "gender": "woman"}, False),
            (groups("lgbtiq"), {"lgbtiq": False}, False),
            (groups("athletes"), {"context": "school"}, False),
            (groups("intellectual_disability"), {"disability": "physical"}, False),
            (groups("intellectual_disability"), {"disability": "intellectual"}, True),
        ],
    )
    def test_target_groups(
        self, target: tuple[TargetGroupData, ...], answers: dict[str, object], expected: bool
    ) -> None:
        answers = {"role": "victim", **answers}
        assert eligible(org(target_groups=target), Query(at=NOON, **answers)) is expected  # type: ignore[arg-type]

    def test_faith_family(self) -> None:
        christian = org(target_groups=(TargetGroupData("faith_community", faith="christian"),))
        catholic = org(target_groups=(TargetGroupData("faith_community", faith="catholic"),))
        assert eligible(christian, Query(role="victim", faith="catholic", at=NOON))
        assert not eligible(catholic, Query(role="victim", faith="reformed", at=NOON))
        assert not eligible(catholic, Query(role="victim", faith="muslim", at=NOON))

    def test_a_service_for_one_setting_is_not_for_another(self) -> None:
        sport = org(contexts=frozenset({"sport"}))
        assert eligible(sport, Query(context="sport", at=NOON))
        assert eligible(sport, Query(at=NOON))
        assert not eligible(sport, Query(context="work", at=NOON))
        online = org(contexts=frozenset({"online"}), violence=frozenset({"online_abuse"}))
        assert eligible(online, Query(context="partner", violence=("online_abuse",), at=NOON))

    def test_relatives_reach_general_services_and_reporting_points(self) -> None:
        q = Query(role="relative", at=NOON)
        assert eligible(org(), q)
        assert not eligible(org(target_groups=groups("youth")), q)
        assert eligible(org(target_groups=groups("athletes"), help_types=frozenset({"reporting"})), q)

    def test_does_not_depend_on_the_time(self) -> None:
        closed_now = org(channels=(ChannelData(type="phone", staffed=True, opening_hours="Mo-Fr 09:00-17:00"),))
        assert eligible(closed_now, Query(at=NIGHT)) == eligible(closed_now, Query(at=NOON)) is True


class TestFittingChannels:
    CHANNELS = (
        ChannelData(type="phone", staffed=True, anonymous=True, free=True),
        ChannelData(type="chat", staffed=True, anonymous=False, free=None),
        ChannelData(type="website", anonymous=None, free=None),
    )

    def test_anonymous_free_and_channel_types(self) -> None:
        o = org(channels=self.CHANNELS, anonymous=None, cost_free=True)
        types = lambda *needs: [c.type for c in fitting_channels(o, Query(needs=needs, at=NOON))]  # noqa: E731
        assert types() == ["phone", "chat", "website"]
        assert types("anonymous") == ["phone"]
        assert types("free") == ["phone", "chat", "website"]  # unknown takes the organisation's "free"
        assert types("chat") == ["chat"]
        assert types("chat", "phone") == ["phone", "chat"]
        assert types("chat", "anonymous") == []
        assert not eligible(o, Query(needs=("chat", "anonymous"), at=NOON))

    def test_unknown_anonymity_takes_the_organisation_answer(self) -> None:
        o = org(channels=(ChannelData(type="phone", staffed=True, anonymous=None),), anonymous=True)
        assert fitting_channels(o, Query(needs=("anonymous",), at=NOON))
        o = org(channels=(ChannelData(type="phone", staffed=True, anonymous=None),), anonymous=None)
        assert not fitting_channels(o, Query(needs=("anonymous",), at=NOON))


class TestRecommend:
    def test_need_now_keeps_only_open_services_and_falls_back_to_open_ones(self) -> None:
        day = org("day", channels=(ChannelData(type="phone", staffed=True, opening_hours="Mo-Fr 09:00-17:00"),))
        always = org("always", violence=frozenset({"fgm"}))
        rec = recommend(Query(violence=("sexual_violence",), needs=("now",), at=NIGHT), [day, always])
        assert [r.organisation.slug for r in rec.results] == ["always"]
        assert "F-RELAXED" in rec.results[0].rules
        assert "F-RELAXED" in [n.rule for n in rec.notes]

    def test_never_empty_even_when_nothing_fits(self) -> None:
        rec = recommend(Query(role="perpetrator", violence=("fgm",), at=NIGHT), [org("only-for-victims")])
        assert rec.results and rec.always_open
        assert "F-RELAXED-OPEN" in rec.always_open[0].rules

    def test_every_result_explains_itself(self, snapshot: tuple[OrganisationData, ...]) -> None:
        rec = recommend(Query(role="victim", violence=("domestic_violence",), at=NOON), snapshot)
        for r in rec.results:
            assert r.rules and r.reasons
            assert all(reason and "{" not in reason for reason in r.reasons)

    def test_limit(self, snapshot: tuple[OrganisationData, ...]) -> None:
        assert len(recommend(Query(at=NOON, limit=3), snapshot).results) == 3
        assert len(recommend(Query(at=NOON, limit=50), snapshot).results) > 10

    def test_deterministic(self, snapshot: tuple[OrganisationData, ...]) -> None:
        q = Query(role="victim", at=datetime(2026, 12, 2, 11, tzinfo=UTC))
        assert recommend(q, snapshot) == recommend(q, snapshot)

    def test_few_fit_then_close_ones_are_added_and_marked(self, snapshot: tuple[OrganisationData, ...]) -> None:
        rec = recommend(Query(role="perpetrator", violence=("child_sexual_abuse",), at=NOON), snapshot)
        assert rec.results[0].organisation.slug == "stop-it-now"
        assert len(rec.results) >= 3
        # Baken's own staffed front door (issue 13) is for everyone, so it fits; the rest are close ones.
        assert all("M-CLOSE" in r.rules for r in rec.results[1:] if r.organisation.slug != "baken")
        assert "N-TOPPED-UP" in [n.rule for n in rec.notes]


@pytest.mark.parametrize(
    ("answers", "phase"),
    [
        ({}, "recognising"),
        ({"violence": ("domestic_violence",)}, "informing"),
        ({"needs": ("listening", "anonymous")}, "informing"),
        ({"violence": ("domestic_violence",), "needs": ("shelter",)}, "seeking_help"),
        ({"acute": True}, "seeking_help"),
    ],
)
def test_phase(answers: dict[str, object], phase: str) -> None:
    assert phase_of(Query(at=NOON, **answers)) == phase  # type: ignore[arg-type]
