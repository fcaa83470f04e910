"""rules.yaml stays readable and true: every rule has an id, a title, a reason in Dutch and
English, and a source that exists (seed lines within the file); every organisation it names is
in the dataset; a malformed rule stops the program with the rule's id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from baken.triage.rules import RULEBOOK, RULES_PATH, RulesError, parse

ROOT = Path(settings.BASE_DIR)
SEEDS = ROOT.parent / "shared" / "seeds"
DESIGN_DOCS = {"product.md", "vocabulary.md"}


def _raw() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))


def test_every_rule_has_an_id_title_source_and_reason() -> None:
    for rule in RULEBOOK.rules:
        assert re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", rule.id), rule.id
        assert rule.title and rule.source
        if rule.kind != "constraint":
            assert rule.reason and rule.reason.nl and rule.reason.en, rule.id
    for rule in RULEBOOK.scoring.values():
        assert rule.reason.nl and rule.reason.en and rule.source


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed files are not next to the repository")
def test_every_seed_reference_points_at_real_lines() -> None:
    for rule in list(RULEBOOK.rules) + list(RULEBOOK.scoring.values()):
        for source in rule.source:
            name, _, where = source.partition(":")
            if name in DESIGN_DOCS or name.startswith(("data/", "product.md")):
                continue
            lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
            match = re.match(r"(\d+)(?:-(\d+))?", where)
            assert match, f"{rule.id}: {source}"
            low, high = int(match.group(1)), int(match.group(2) or match.group(1))
            assert 1 <= low <= high <= len(lines), f"{rule.id}: {source} is outside {name} ({len(lines)} lines)"


def test_every_organisation_named_exists_in_the_dataset() -> None:
    files = {p.stem for p in (ROOT / "data" / "organisations").glob("*.yaml")}
    assert RULEBOOK.organisations_named() <= files


def test_the_routing_facts_of_the_sources_are_there() -> None:
    ids = {rule.id for rule in RULEBOOK.rules}
    for required in [
        "S-ACUTE-112",
        "S-SUICIDE-113",
        "R-CSG-FIRST",
        "R-PERP-CSA",
        "R-PERP-247",
        "R-YOUTH",
        "R-SPORT",
        "R-RELIGIOUS",
        "R-CULTURE",
        "R-CARE",
        "R-LANGUAGE",
        "N-LANGUAGE-NONE",
        "C-ANONYMOUS",
        "C-NOW",
        "C-AGE",
        "R-PEER",
        "O-BUDDY",
        "R-MEDIATION",
        "R-SHELTER",
        "R-POLICE-REPORT",
    ]:
        assert required in ids


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["rules"][0].update(colour="red"), "S-ACUTE-112.*unknown key"),
        (lambda raw: raw["rules"][0].update(kind="magic"), "S-ACUTE-112.*unknown kind"),
        (lambda raw: raw["rules"][0].pop("source"), "S-ACUTE-112.*source"),
        (lambda raw: raw["rules"][0].pop("reason"), "S-ACUTE-112.*reason"),
        (lambda raw: raw["rules"][0]["when"].update(violence=["shouting"]), "unknown violence code"),
        (lambda raw: raw["rules"][0]["when"].update(weather="rain"), "unknown condition 'weather'"),
        (lambda raw: raw["rules"].append(dict(raw["rules"][0])), "duplicate rule ids"),
        (lambda raw: raw["parameters"]["audience"].pop("accused"), "audience: no entry"),
        (lambda raw: raw["rules"][0]["when"].update(acute="yes"), "S-ACUTE-112.*'acute' must be true, false"),
        (lambda raw: raw["parameters"].update(recent_days="7"), "parameters.*'recent_days'.*integer"),
        (lambda raw: raw["rules"][0]["when"].update(trigger="sunshine"), "unknown trigger 'sunshine'; valid: "),
    ],
)
def test_a_malformed_rule_is_refused_with_its_id(change, message: str) -> None:  # type: ignore[no-untyped-def]
    raw = _raw()
    change(raw)
    with pytest.raises(RulesError, match=message):
        parse(raw)
