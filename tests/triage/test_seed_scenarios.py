"""The scenario suite of issue 10: who each service is really for, from the seeds.

Two parts:
- Hand-written cases for the failure classes the issue names, each citing the seed lines.
- Cases built from each organisation's offers, which cite the seed lines they were written
  from (`data/organisations/*.yaml`, `offers[].source`): one person who fits the offer (the
  organisation must be recommended) and, per condition, one person who differs only in that
  condition (it must not be).

`test_the_suite_covers_every_organisation_and_condition` checks the coverage property itself:
at least 150 cases, every organisation at least once as must-include, every eligibility
condition the directory uses at least once as must-exclude.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pytest

from baken.directory.offers import CONDITIONS, OfferData
from baken.directory.snapshot import OrganisationData
from baken.directory.vocabulary import Context, Faith, Role
from baken.triage.engine import Query, Recommendation, recommend
from baken.triage.rules import RULEBOOK
from tests.triage.conftest import at, snapshot_from_yaml

SNAPSHOT = snapshot_from_yaml()
BY_SLUG = {o.slug: o for o in SNAPSHOT}
WEDNESDAY_1000 = at("2026-12-02 10:00")
SEED = "001_816fd686fdf3165a.txt"


@dataclass(frozen=True)
class Case:
    id: str
    cite: str
    query: Query
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # The offer condition this case tests as must-exclude (generated cases).
    condition: str | None = None


def q(**answers: Any) -> Query:
    return Query(at=WEDNESDAY_1000, limit=100, **answers)


HAND: list[Case] = [
    Case(
        "H-potifar-only-for-accused-men",
        f"{SEED}:8996-8999 (mannen die onterecht beschuldigd zijn van een zedendelict)",
        q(role="victim", violence=("sexual_violence",), gender="man"),
        exclude=("potifar",),
    ),
    Case(
        "H-potifar-for-an-accused-man",
        f"{SEED}:8996-8999",
        q(role="accused", violence=("sexual_violence",), gender="man"),
        include=("potifar",),
        exclude=("lotgenoten-seksueel-geweld",),
    ),
    Case(
        "H-potifar-not-for-an-accused-woman",
        f"{SEED}:8996-8999",
        q(role="accused", violence=("sexual_violence",), gender="woman"),
        exclude=("potifar",),
    ),
    Case(
        "H-femmes-for-freedom-not-for-men",
        f"{SEED}:8220-8225 (meisjes en vrouwen)",
        q(role="victim", violence=("forced_marriage",), gender="man"),
        exclude=("femmes-for-freedom",),
    ),
    Case(
        "H-femmes-for-freedom-for-a-woman",
        f"{SEED}:8220-8225",
        q(role="victim", violence=("forced_marriage",), gender="woman"),
        include=("femmes-for-freedom", "landelijk-knooppunt-huwelijksdwang-en-achterlating"),
    ),
    Case(
        "H-catholic-reporting-point-not-for-a-muslim",
        f"{SEED}:8682-8684 (Rooms-Katholieke christenen)",
        q(role="victim", violence=("sexual_violence",), faith="muslim", context="religious"),
        exclude=("meldpunt-grensoverschrijdend-gedrag-rkk", "vrouwenplatform-kerkelijk-kindermisbruik"),
    ),
    Case(
        "H-adults-abused-as-children-not-for-a-child",
        f"{SEED}:9457-9460 (volwassenen die als kind zijn misbruikt)",
        q(role="victim", violence=("child_sexual_abuse",), age=12),
        include=("kindertelefoon",),
        exclude=("stichting-rise",),
    ),
    Case(
        "H-adult-abused-as-a-child",
        f"{SEED}:9457-9460",
        q(role="victim", violence=("child_sexual_abuse",), age=35),
        include=("stichting-rise",),
        exclude=("kindertelefoon",),
    ),
    Case(
        "H-peer-contact-not-for-the-accused",
        f"{SEED}:8590-8592 (lotgenoten: slachtoffers)",
        q(role="accused", violence=("sexual_violence",)),
        exclude=("lotgenoten-seksueel-geweld", "centrum-seksueel-geweld"),
    ),
    Case(
        "H-peer-contact-not-for-a-perpetrator",
        f"{SEED}:8590-8592",
        q(role="perpetrator", violence=("sexual_violence",)),
        include=("stop-it-now",),
        exclude=("lotgenoten-seksueel-geweld",),
    ),
    Case(
        "H-stop-it-now-not-for-victims",
        f"{SEED}:9587-9590 (plegers, en naasten)",
        q(role="victim", violence=("child_sexual_abuse",), age=30),
        exclude=("stop-it-now",),
    ),
    Case(
        "H-stop-it-now-for-a-worried-relative",
        f"{SEED}:9587-9590",
        q(role="relative", violence=("child_sexual_abuse",), age=9),
        include=("stop-it-now", "veilig-thuis"),
    ),
    Case(
        "H-child-sexual-abuse-reaches-child-abuse-services",
        f"design/vocabulary.md:43-48; {SEED}:4660-4663 (Veilig Thuis)",
        q(role="victim", violence=("child_sexual_abuse",), age=10),
        include=("veilig-thuis", "kindertelefoon"),
    ),
    Case(
        "H-partner-violence-reaches-veilig-thuis-for-a-bystander",
        f"design/vocabulary.md:38-42; {SEED}:4660-4663",
        q(role="bystander", violence=("sexual_violence",), context="partner"),
        include=("veilig-thuis",),
    ),
    Case(
        "H-elder-abuse-by-a-child-is-domestic-violence",
        f"design/vocabulary.md:38-42; {SEED}:2576-2579",
        q(role="relative", violence=("elder_abuse",), age=82),
        include=("veilig-thuis", "huiselijk-geweld-en-nu"),
    ),
    Case(
        "H-sport-service-not-for-school",
        f"{SEED}:7881-7883 (sporters)",
        q(role="victim", violence=("sexual_violence",), context="school"),
        exclude=("centrum-veilige-sport-nederland", "stichting-de-stilte-verbroken"),
    ),
    Case(
        "H-vluchtheuvel-for-christian-perpetrators-only",
        f"{SEED}:9347-9352 (daders, christelijk)",
        q(role="victim", violence=("domestic_violence",), faith="christian"),
        exclude=("stichting-de-vluchtheuvel",),
    ),
]


# ---- generated from the offers ------------------------------------------------------------------

_GENDERS = ("woman", "man", "nonbinary")


def _fitting(org: OrganisationData, offer: OfferData) -> Query:
    """One person every condition of the offer holds for."""
    answers: dict[str, Any] = {
        "role": "victim" if not offer.roles or "victim" in offer.roles else sorted(offer.roles)[0],
        "violence": (sorted(org.violence)[0],) if org.violence else (),
    }
    if offer.genders:
        answers["gender"] = sorted(offer.genders)[0]
    if offer.age_min is not None or offer.age_max is not None:
        low, high = offer.age_min or 0, offer.age_max if offer.age_max is not None else 120
        answers["age"] = max(low, min(high, 30))
    if offer.faiths:
        answers["faith"] = sorted(offer.faiths)[0]
    if offer.contexts:
        answers["context"] = sorted(offer.contexts)[0]
    if offer.lgbtiq:
        answers["lgbtiq"] = True
    if offer.disabilities:
        answers["disability"] = sorted(offer.disabilities)[0]
    if offer.days_since_min is not None or offer.days_since_max is not None:
        answers["days_since"] = offer.days_since_min if offer.days_since_min is not None else offer.days_since_max
    if offer.ongoing is not None:
        answers["ongoing"] = offer.ongoing
    return q(**answers)


def _violating(org: OrganisationData, offer: OfferData, condition: str, base: Query) -> Query | None:
    """The same person with only `condition` not holding for ANY offer of the organisation;
    None when another offer would admit them anyway (then it is not a must-exclude)."""
    others = org.offers

    def union(name: str) -> set[str] | None:
        values: set[str] = set()
        for other in others:
            if not getattr(other, name):
                return None  # an offer without this condition admits everyone on it
            values |= getattr(other, name)
        return values

    if condition == "roles":
        allowed = union("roles")
        outside = [r for r in Role.values if allowed is not None and r not in allowed]
        return replace(base, role=outside[0]) if outside else None
    if condition == "genders":
        allowed = union("genders")
        outside = [g for g in _GENDERS if allowed is not None and g not in allowed]
        return replace(base, gender=outside[0]) if outside else None
    if condition == "faiths":
        allowed = union("faiths")
        if allowed is None:
            return None
        outside = [f for f in Faith.values if RULEBOOK.parameters.faiths_matching(f).isdisjoint(allowed)]
        return replace(base, faith=outside[0]) if outside else None
    if condition == "contexts":
        allowed = union("contexts")
        outside = [c for c in Context.values if allowed is not None and c not in allowed and c != "online"]
        return replace(base, context=outside[0]) if outside else None
    if condition == "disabilities":
        return replace(base, disability="none") if union("disabilities") is not None else None
    if condition == "lgbtiq":
        return replace(base, lgbtiq=False) if all(o.lgbtiq for o in others) else None
    if condition == "age_min":
        lowest = min((o.age_min or 0) for o in others)
        return replace(base, age=lowest - 1) if lowest > 0 else None
    if condition == "age_max":
        highest = max((o.age_max if o.age_max is not None else 999) for o in others)
        return replace(base, age=highest + 1) if highest < 120 else None
    if condition == "days_since_min":
        lowest = min((o.days_since_min or 0) for o in others)
        return replace(base, days_since=lowest - 1) if lowest > 0 else None
    if condition == "days_since_max":
        highest = max((o.days_since_max if o.days_since_max is not None else 10**6) for o in others)
        return replace(base, days_since=highest + 1) if highest < 10**6 else None
    if condition == "ongoing":
        values = {o.ongoing for o in others}
        return replace(base, ongoing=not values.pop()) if len(values) == 1 and None not in values else None
    raise AssertionError(condition)


def _cite(offer: OfferData) -> str:
    return f"{offer.source_file}:{offer.source_lines}" if offer.source_file else offer.note


def _generated() -> list[Case]:
    cases: list[Case] = []
    for org in SNAPSHOT:
        for number, offer in enumerate(org.offers, start=1):
            base = _fitting(org, offer)
            cases.append(Case(f"G-{org.slug}-{number}-fits", _cite(offer), base, include=(org.slug,)))
            for condition in offer.conditions():
                other = _violating(org, offer, condition, base)
                if other is not None:
                    cases.append(
                        Case(
                            f"G-{org.slug}-{number}-not-{condition}",
                            _cite(offer),
                            other,
                            exclude=(org.slug,),
                            condition=condition,
                        )
                    )
    return cases


CASES = HAND + _generated()


def _strict(rec: Recommendation) -> set[str]:
    """What is offered as fitting: not the services marked as coming close, nor the open
    fallback that appears only when nothing that fits is open."""
    fitting = {r.organisation.slug for r in rec.results if not {"M-CLOSE", "F-RELAXED"} & set(r.rules)}
    fitting |= {r.organisation.slug for r in rec.always_open if "F-RELAXED-OPEN" not in r.rules}
    return fitting


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_seed_scenario(case: Case) -> None:
    assert case.cite, "every case cites where it comes from"
    rec = recommend(case.query, SNAPSHOT)
    shown = _strict(rec)
    for slug in case.include:
        assert slug in shown, (slug, sorted(shown))
    for slug in case.exclude:
        assert slug not in shown, (slug, case.query)


def test_the_suite_covers_every_organisation_and_condition() -> None:
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    included = {slug for c in CASES for slug in c.include}
    assert included == set(BY_SLUG), sorted(set(BY_SLUG) - included)
    used = {name for org in SNAPSHOT for offer in org.offers for name in offer.conditions()}
    excluded = {c.condition for c in CASES if c.condition}
    assert used <= excluded, sorted(used - excluded)
    assert set(CONDITIONS) >= used
    # Every case from the data cites seed lines (or, for 113, the note saying why none exist).
    assert all(c.cite for c in CASES)


def test_every_organisation_has_an_offer_that_cites_its_source() -> None:
    for org in SNAPSHOT:
        assert org.offers, org.slug
        for offer in org.offers:
            assert (offer.source_file and offer.source_lines) or offer.note, org.slug
