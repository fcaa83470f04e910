"""Seeded, made-up matching instances for the benchmark and the tests. Shaped like the
programme: mostly Dutch speakers, a few other languages, half the wishes stated, a few of
them required, buddies with 1-3 places, most of them trained and active."""

from __future__ import annotations

import random

from baken.buddies.choices import Availability, Background, BuddyGender, Channel, Region, ReportingExperience, Workshop
from baken.buddies.matching import AgeRange, Buddy, Person, Preference

LANGUAGES = ["nl"] * 85 + ["en"] * 5 + ["ar"] * 3 + ["tr"] * 3 + ["pl"] * 2 + ["so", "ti"]
SUPPORT = ["find_professional", "weigh_reporting", "listening", "other"]


def _wish(rng: random.Random, values: list[str], *, stated: float = 0.5, required: float = 0.15) -> Preference:
    if rng.random() >= stated:
        return Preference()
    chosen = rng.sample(values, rng.randint(1, min(2, len(values))))
    return Preference(values=frozenset(chosen), required=rng.random() < required)


def people(count: int, rng: random.Random) -> list[Person]:
    regions = list(Region.values)
    result = []
    for i in range(count):
        first = rng.choice(LANGUAGES)
        languages = {first} | ({"nl"} if first != "nl" and rng.random() < 0.5 else set())
        age = AgeRange()
        if rng.random() < 0.3:
            low = rng.choice([20, 25, 30, 40])
            age = AgeRange(minimum=low, maximum=low + rng.choice([15, 20, 30]), required=rng.random() < 0.1)
        home = rng.choice(regions)
        region = Preference()
        if rng.random() < 0.6:
            region = Preference(values=frozenset({home, rng.choice(regions)}), required=rng.random() < 0.2)
        result.append(
            Person(
                id=i + 1,
                languages=frozenset(languages),
                gender=_wish(rng, list(BuddyGender.values), stated=0.6, required=0.25),
                age=age,
                background=_wish(rng, list(Background.values), stated=0.3, required=0.1),
                reporting_experience=_wish(rng, list(ReportingExperience.values), stated=0.3, required=0.1),
                region=region,
                meeting_mode=_wish(rng, list(Channel.values), stated=0.6, required=0.15),
                availability=_wish(rng, list(Availability.values), stated=0.5, required=0.1),
                support=frozenset(rng.sample(SUPPORT, rng.randint(1, 2))),
                waiting_days=rng.randint(0, 120),
            )
        )
    return result


def buddies(count: int, rng: random.Random, *, all_available: bool = False) -> list[Buddy]:
    regions = list(Region.values)
    result = []
    for j in range(count):
        languages = {"nl"}
        if rng.random() < 0.3:
            languages.add(rng.choice(LANGUAGES[85:]))
        result.append(
            Buddy(
                id=j + 1,
                trained=rng.random() < 0.9 or all_available,
                active=rng.random() < 0.9 or all_available,
                capacity_left=rng.randint(1, 3),
                languages=frozenset(languages),
                gender=rng.choice(["woman"] * 6 + ["man"] * 3 + ["nonbinary"]),
                age=rng.randint(22, 70),
                backgrounds=frozenset(rng.sample(list(Background.values), rng.randint(0, 3))),
                reporting_experience=rng.choice(list(ReportingExperience.values)),
                region=rng.choice(regions),
                meeting_modes=frozenset(rng.sample(list(Channel.values), rng.randint(1, 4))),
                availability=frozenset(rng.sample(list(Availability.values), rng.randint(1, 3))),
                workshops=frozenset(rng.sample(list(Workshop.values), rng.randint(0, 3))),
            )
        )
    return result


def instance(
    n_people: int, n_buddies: int, seed: int, *, all_available: bool = False
) -> tuple[list[Person], list[Buddy]]:
    """`all_available`: every buddy trained and active (the largest matrix for this size)."""
    rng = random.Random(seed)
    return people(n_people, rng), buddies(n_buddies, rng, all_available=all_available)
