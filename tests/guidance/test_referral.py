"""Which directory entries guidance pages point to (pure functions on snapshot data)."""

from __future__ import annotations

from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData
from baken.guidance import meldcode, referral

PHONE = (ChannelData(type="phone", staffed=True, opening_hours="24/7"),)


def org(
    slug: str, violence: set[str], *, help_types: set[str] = frozenset({"care"}), targets=("everyone",), channels=PHONE
) -> OrganisationData:  # type: ignore[assignment]
    return OrganisationData(
        slug=slug,
        name=slug.title(),
        violence=frozenset(violence),
        help_types=frozenset(help_types),
        target_groups=tuple(TargetGroupData(code=t) for t in targets),
        channels=channels,
    )


SNAPSHOT = (
    org(
        "veilig-thuis",
        {"domestic_violence", "child_abuse"},
        help_types={"advice", "reporting"},
        targets=("everyone", "professionals"),
    ),
    org("politie", {"domestic_violence"}, help_types={"acute_help", "police_report"}),
    org("broad", {"domestic_violence", "child_abuse", "sexual_violence", "elder_abuse"}),
    org("special", {"child_abuse"}),
    org("website-only", {"child_abuse"}, channels=(ChannelData(type="website"),)),
    org("for-perpetrators", {"child_abuse"}, targets=("perpetrators",)),
    org("pro", {"child_abuse"}, help_types={"advice"}, targets=("professionals",)),
    org("report-only", {"child_abuse"}, help_types={"reporting"}),
)


def test_topic_lists_staffed_and_specialised_first_and_perpetrator_services_last() -> None:
    shown, total = referral.serving_violence(SNAPSHOT, "child_abuse")
    slugs = [o.slug for o in shown]
    assert total == 7 and "politie" not in slugs
    assert slugs[-1] == "for-perpetrators"
    assert slugs.index("special") < slugs.index("broad") < slugs.index("website-only")


def test_topic_list_is_limited() -> None:
    shown, total = referral.serving_violence(SNAPSHOT, "child_abuse", limit=2)
    assert len(shown) == 2 and total == 7


def test_meldcode_report_points_to_veilig_thuis_and_acute_to_the_police() -> None:
    matches = referral.meldcode_matches(
        SNAPSHOT, violence=["child_abuse"], report=True, organise_help=False, acute=True, ask_advice=False
    )
    assert [(m.organisation.slug, m.reasons) for m in matches] == [
        ("politie", ("acute",)),
        ("veilig-thuis", ("report",)),
    ]


def test_meldcode_help_prefers_services_for_professionals_and_skips_pure_reporting_points() -> None:
    matches = referral.meldcode_matches(
        SNAPSHOT, violence=["child_abuse"], report=False, organise_help=True, acute=False, ask_advice=True
    )
    slugs = [m.organisation.slug for m in matches]
    assert slugs[0] == "veilig-thuis" and matches[0].reasons == ("advice",)
    assert slugs[1] == "pro" and "for_professionals" in matches[1].reasons
    assert "report-only" not in slugs and "politie" not in slugs


def test_meldcode_nothing_decided_nothing_matched() -> None:
    assert (
        referral.meldcode_matches(
            SNAPSHOT, violence=[], report=False, organise_help=False, acute=False, ask_advice=False
        )
        == []
    )


def test_advice_from_the_weighing() -> None:
    assert meldcode.advice({"acute": "yes", "structural": "no", "own_help": "yes"}).report
    assert meldcode.advice({"acute": "no", "structural": "yes", "own_help": "yes"}).report
    calm = meldcode.advice({"acute": "no", "structural": "no", "own_help": "yes"})
    assert (calm.report, calm.organise_help, calm.ask_advice) == (False, True, False)
    assert meldcode.advice({"acute": "no", "structural": "no", "own_help": "no"}).report
    assert meldcode.advice({"acute": "unsure", "structural": "no", "own_help": "yes"}).ask_advice
