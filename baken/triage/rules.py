"""The routing rules of the help finder, read from `rules.yaml` (data a domain expert can read
and change) and checked when Baken starts against the Pydantic models in `rules_schema.py`: an
unknown key, code or kind, or a rule without a source, stops the program with the rule's id and
the reason. The engine reads the plain frozen dataclasses below, not the models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.utils import translation
from pydantic import BaseModel, ValidationError

from baken.core.validation import explain
from baken.triage.rules_schema import (
    KINDS,
    OFFERS,
    PAGES,
    PHASES,
    TRIGGERS,
    ConditionModel,
    ParametersModel,
    RuleModel,
    ScoringModel,
    SelectorModel,
    TextModel,
)

M = TypeVar("M", bound=BaseModel)

RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"

__all__ = ["KINDS", "OFFERS", "PAGES", "PHASES", "RULEBOOK", "TRIGGERS", "RuleBook", "RulesError", "load", "parse"]


class RulesError(ValueError):
    """rules.yaml breaks its own format; the message names the rule and the reason."""


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, language: str | None) -> str:
        """Dutch and English are written in rules.yaml; every other language looks the
        English text up in the triage catalogue (`manage.py translation_status` lists the
        ones still missing), and falls back to English."""
        code = (language or "nl").split("-")[0]
        if code == "nl":
            return self.nl
        if code == "en":
            return self.en
        with translation.override(code):
            return translation.gettext(self.en)


@dataclass(frozen=True)
class Condition:
    """When a rule applies. Every field that is set must hold; `any` holds when one part does."""

    role: frozenset[str] | None = None
    role_known: bool | None = None
    violence: frozenset[str] | None = None
    context: frozenset[str] | None = None
    faith: frozenset[str] | None = None
    faith_given: bool | None = None
    gender: frozenset[str] | None = None
    disability: frozenset[str] | None = None
    need: frozenset[str] | None = None
    phase: frozenset[str] | None = None
    language_given: bool | None = None
    language_not: frozenset[str] | None = None
    acute: bool | None = None
    suicidal: bool | None = None
    lgbtiq: bool | None = None
    ongoing: bool | None = None
    minor: bool | None = None
    age_from: int | None = None
    age_to: int | None = None
    days_since_under: int | None = None
    # Holds when we were not told, too: "not known to be a minor", "not known to be recent".
    adult_or_unknown: bool | None = None
    days_since_at_least: int | None = None
    trigger: str | None = None
    any: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Selector:
    """Which organisations a `first` or `boost` rule picks; every field that is set must hold."""

    organisations: tuple[str, ...] = ()
    help_types: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    contexts: frozenset[str] = frozenset()
    contexts_from_query: bool = False
    faith_from_query: bool = False
    language_from_query: bool = False
    staffed_language_from_query: bool = False
    information_language_from_query: bool = False
    staffed_channels: frozenset[str] = frozenset()
    anonymous: bool = False
    open_now: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: str
    source: tuple[str, ...]
    when: Condition = field(default_factory=Condition)
    select: Selector | None = None
    points: float = 0.0
    reason: Text | None = None
    organisation: str = ""
    numbers: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    offer: str = ""


@dataclass(frozen=True)
class ScoringRule:
    id: str
    title: str
    points: float
    reason: Text
    source: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    """One way an organisation can fit a role (see `parameters.audience`)."""

    target_group: str | None = None
    help_type: str | None = None
    person_group: bool | None = None


@dataclass(frozen=True)
class Parameters:
    minor_below_age: int
    youth_default_age: tuple[int, int]
    young_adults_default_age: tuple[int, int]
    elderly_from_age: int
    recent_days: int
    always_open_limit: int
    min_results: int
    faith_families: Mapping[str, frozenset[str]]
    channel_needs: frozenset[str]
    need_help_types: Mapping[str, frozenset[str]]
    seeking_help_needs: frozenset[str]
    audience: Mapping[str, tuple[Alternative, ...]]
    general_lines: tuple[str, ...]

    def faiths_matching(self, faith: str) -> frozenset[str]:
        return self.faith_families.get(faith, frozenset({faith}))


@dataclass(frozen=True)
class RuleBook:
    parameters: Parameters
    scoring: Mapping[str, ScoringRule]
    rules: tuple[Rule, ...]

    @cached_property
    def by_id(self) -> dict[str, Rule | ScoringRule]:
        found: dict[str, Rule | ScoringRule] = dict(self.scoring)
        found.update({rule.id: rule for rule in self.rules})
        return found

    def of_kind(self, *kinds: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind in kinds)

    def organisations_named(self) -> set[str]:
        """Every organisation slug the rules name (checked against the dataset by a test)."""
        named = {rule.organisation for rule in self.rules if rule.organisation}
        for rule in self.rules:
            if rule.select is not None:
                named.update(rule.select.organisations)
        named.update(self.parameters.general_lines)
        return named


# ---- reading ------------------------------------------------------------------------------


def _fail(where: str, reason: str) -> RulesError:
    return RulesError(f"rules.yaml, {where}: {reason}")


def _validated(model: type[M], raw: Any, where: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise _fail(where, explain(error)) from None


def _set(values: list[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def _text(model: TextModel) -> Text:
    return Text(nl=model.nl.strip(), en=model.en.strip())


def _condition(model: ConditionModel) -> Condition:
    return Condition(
        role=_set(model.role),
        role_known=model.role_known,
        violence=_set(model.violence),
        context=_set(model.context),
        faith=_set(model.faith),
        faith_given=model.faith_given,
        gender=_set(model.gender),
        disability=_set(model.disability),
        need=_set(model.need),
        phase=_set(model.phase),
        language_given=model.language_given,
        language_not=_set(model.language_not),
        acute=model.acute,
        suicidal=model.suicidal,
        lgbtiq=model.lgbtiq,
        ongoing=model.ongoing,
        minor=model.minor,
        age_from=model.age_from,
        age_to=model.age_to,
        days_since_under=model.days_since_under,
        adult_or_unknown=model.adult_or_unknown,
        days_since_at_least=model.days_since_at_least,
        trigger=model.trigger,
        any=tuple(_condition(part) for part in model.any),
    )


def _selector(model: SelectorModel) -> Selector:
    return Selector(
        organisations=tuple(model.organisations),
        help_types=frozenset(model.help_types),
        target_groups=frozenset(model.target_groups),
        contexts=frozenset(model.contexts),
        contexts_from_query=bool(model.contexts_from_query),
        faith_from_query=bool(model.faith_from_query),
        language_from_query=bool(model.language_from_query),
        staffed_language_from_query=bool(model.staffed_language_from_query),
        information_language_from_query=bool(model.information_language_from_query),
        staffed_channels=frozenset(model.staffed_channels),
        anonymous=bool(model.anonymous),
        open_now=bool(model.open_now),
    )


def _rule(raw: Any, position: int) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise _fail(f"rule {position + 1}", "each rule needs an 'id'")
    if raw.get("when", {}) is None:  # `when:` left empty means "always"
        raw = {key: value for key, value in raw.items() if key != "when"}
    model = _validated(RuleModel, raw, f"rule {raw['id']}")
    return Rule(
        id=model.id,
        kind=model.kind,
        title=model.title.strip(),
        source=tuple(v.strip() for v in model.source),
        when=_condition(model.when),
        select=_selector(model.select) if model.select is not None else None,
        points=float(model.points or 0),
        reason=_text(model.reason) if model.reason is not None else None,
        organisation=model.organisation,
        numbers=tuple(model.numbers),
        pages=tuple(model.pages),
        offer=model.offer or "",
    )


def _parameters(raw: Any) -> Parameters:
    model = _validated(ParametersModel, raw, "parameters")
    return Parameters(
        minor_below_age=model.minor_below_age,
        youth_default_age=(model.youth_default_age[0], model.youth_default_age[1]),
        young_adults_default_age=(model.young_adults_default_age[0], model.young_adults_default_age[1]),
        elderly_from_age=model.elderly_from_age,
        recent_days=model.recent_days,
        always_open_limit=model.always_open_limit,
        min_results=model.min_results,
        faith_families={faith: frozenset(members) for faith, members in model.faith_families.items()},
        channel_needs=frozenset(model.channel_needs),
        need_help_types={need: frozenset(types) for need, types in model.need_help_types.items()},
        seeking_help_needs=frozenset(model.seeking_help_needs),
        audience={
            role: tuple(Alternative(**alt.model_dump(exclude_unset=True)) for alt in alternatives)
            for role, alternatives in model.audience.items()
        },
        general_lines=tuple(model.general_lines),
    )


def _scoring(raw: Any) -> dict[str, ScoringRule]:
    if not isinstance(raw, list):
        raise _fail("scoring", "must be a list")
    found: dict[str, ScoringRule] = {}
    for item in raw:
        where = f"scoring {item.get('id') if isinstance(item, dict) else item!r}"
        model = _validated(ScoringModel, item, where)
        found[model.id] = ScoringRule(
            id=model.id,
            title=model.title,
            points=model.points,
            reason=_text(model.reason),
            source=tuple(v.strip() for v in model.source),
        )
    return found


def parse(raw: Any) -> RuleBook:
    if not isinstance(raw, dict) or set(raw) != {"parameters", "scoring", "rules"}:
        raise RulesError("rules.yaml must have exactly: parameters, scoring, rules")
    if not isinstance(raw["rules"], list):
        raise _fail("rules", "must be a list")
    rules = tuple(_rule(item, position) for position, item in enumerate(raw["rules"]))
    book = RuleBook(parameters=_parameters(raw["parameters"]), scoring=_scoring(raw["scoring"]), rules=rules)
    ids = [rule.id for rule in rules] + list(book.scoring)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesError(f"rules.yaml: duplicate rule ids {duplicates}")
    required_scoring = {"M-VIOLENCE", "M-SPECIFIC", "M-NEED", "M-GROUP", "M-GROUP-UNSURE", "M-OPEN-NOW"}
    required_scoring |= {"M-STAFFED", "M-HOURS-UNKNOWN", "M-PHASE-ANONYMOUS", "M-CLOSE", "M-SETTING-UNSURE"}
    required_scoring |= {"M-ACUTE-OPEN", "M-DIRECT"}
    if required_scoring - set(book.scoring):
        raise RulesError(f"rules.yaml: scoring misses {sorted(required_scoring - set(book.scoring))}")
    return book


def load(path: Path = RULES_PATH) -> RuleBook:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


def rule_ids(rules: Iterable[Rule | ScoringRule]) -> list[str]:
    return [rule.id for rule in rules]


RULEBOOK = load()
