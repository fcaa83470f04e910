"""The routing rules of the help finder, read from `rules.yaml` (data a domain expert can read
and change) and checked when Baken starts: an unknown key, code or kind, or a rule without a
source, stops the program with the rule's id and the reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from baken.directory.languages import LANGUAGE_CODES
from baken.directory.vocabulary import (
    ChannelType,
    Context,
    Disability,
    Faith,
    Gender,
    HelpType,
    Need,
    Role,
    TargetGroup,
    Violence,
)

RULES_PATH = Path(__file__).resolve().parent / "rules.yaml"

PHASES = ("recognising", "informing", "seeking_help")
KINDS = ("emergency", "first", "boost", "note", "information", "offer", "constraint")
TRIGGERS = (
    "no_result_in_language",
    "no_faith_service",
    "public_holiday",
    "most_closed",
    "relaxed",
    "relaxed_open",
    "topped_up",
)
PAGES = ("topic", "responding")
OFFERS = ("buddies", "mediation")


class RulesError(ValueError):
    """rules.yaml breaks its own format; the message names the rule and the reason."""


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, language: str | None) -> str:
        return self.en if (language or "").startswith("en") else self.nl


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

VALID_CODES: dict[str, frozenset[str]] = {
    "role": frozenset(Role.values),
    "violence": frozenset(Violence.values),
    "context": frozenset(Context.values),
    "faith": frozenset(Faith.values),
    "gender": frozenset(Gender.values),
    "disability": frozenset(Disability.values),
    "need": frozenset(Need.values),
    "phase": frozenset(PHASES),
    "language_not": frozenset(LANGUAGE_CODES),
    "help_types": frozenset(HelpType.values),
    "target_groups": frozenset(TargetGroup.values),
    "contexts": frozenset(Context.values),
    "staffed_channels": frozenset(ChannelType.values),
}
CONDITION_FLAGS = (
    "role_known",
    "faith_given",
    "language_given",
    "acute",
    "suicidal",
    "lgbtiq",
    "ongoing",
    "minor",
    "adult_or_unknown",
)
CONDITION_NUMBERS = ("age_from", "age_to", "days_since_under", "days_since_at_least")
SELECTOR_FLAGS = (
    "contexts_from_query",
    "faith_from_query",
    "language_from_query",
    "staffed_language_from_query",
    "information_language_from_query",
    "anonymous",
    "open_now",
)
RULE_KEYS = {"id", "kind", "title", "when", "select", "points", "reason", "source", "organisation", "numbers"}
RULE_KEYS |= {"pages", "offer"}


def _fail(where: str, reason: str) -> RulesError:
    return RulesError(f"rules.yaml, {where}: {reason}")


def _codes(where: str, key: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not value:
        raise _fail(where, f"'{key}' must be a non-empty list")
    unknown = [v for v in value if v not in VALID_CODES[key]]
    if unknown:
        raise _fail(where, f"unknown {key} code(s) {unknown}; valid: {', '.join(sorted(VALID_CODES[key]))}")
    return frozenset(value)


def _flag(where: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, f"'{key}' must be true or false")
    return value


def _text(where: str, value: Any) -> Text:
    if not isinstance(value, dict) or set(value) != {"nl", "en"} or not all(isinstance(v, str) for v in value.values()):
        raise _fail(where, "'reason' must be {nl: ..., en: ...}")
    return Text(nl=value["nl"].strip(), en=value["en"].strip())


def _sources(where: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, "'source' must be a non-empty list like ['001_816fd686fdf3165a.txt:4761-4762']")
    return tuple(v.strip() for v in value)


def _condition(where: str, raw: Any) -> Condition:
    if raw is None:
        return Condition()
    if not isinstance(raw, dict):
        raise _fail(where, "'when' must be a mapping")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in VALID_CODES and key not in {"help_types", "target_groups", "contexts", "staffed_channels"}:
            values[key] = _codes(where, key, value)
        elif key in CONDITION_FLAGS:
            values[key] = _flag(where, key, value)
        elif key in CONDITION_NUMBERS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise _fail(where, f"'{key}' must be a whole number of 0 or more")
            values[key] = value
        elif key == "trigger":
            if value not in TRIGGERS:
                raise _fail(where, f"unknown trigger {value!r}; valid: {', '.join(TRIGGERS)}")
            values[key] = value
        elif key == "any":
            if not isinstance(value, list) or len(value) < 2:
                raise _fail(where, "'any' must list at least two conditions")
            values[key] = tuple(_condition(where, part) for part in value)
        else:
            raise _fail(where, f"unknown condition {key!r}")
    return Condition(**values)


def _selector(where: str, raw: Any) -> Selector:
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, "'select' must be a non-empty mapping")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "organisations":
            if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
                raise _fail(where, "'organisations' must be a list of slugs")
            values[key] = tuple(value)
        elif key in {"help_types", "target_groups", "contexts", "staffed_channels"}:
            values[key] = _codes(where, key, value)
        elif key in SELECTOR_FLAGS:
            if value is not True:
                raise _fail(where, f"'{key}' can only be true")
            values[key] = True
        else:
            raise _fail(where, f"unknown selector {key!r}")
    return Selector(**values)


def _rule(raw: Any, position: int) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise _fail(f"rule {position + 1}", "each rule needs an 'id'")
    where = f"rule {raw['id']}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {sorted(unknown)}")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise _fail(where, f"unknown kind {kind!r}; valid: {', '.join(KINDS)}")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(where, "needs a 'title'")
    rule = Rule(
        id=raw["id"],
        kind=kind,
        title=title.strip(),
        source=_sources(where, raw.get("source")),
        when=_condition(where, raw.get("when")),
        select=_selector(where, raw["select"]) if "select" in raw else None,
        points=float(raw.get("points") or 0),
        reason=_text(where, raw["reason"]) if "reason" in raw else None,
        organisation=str(raw.get("organisation") or ""),
        numbers=tuple(str(n) for n in raw.get("numbers") or ()),
        pages=tuple(raw.get("pages") or ()),
        offer=str(raw.get("offer") or ""),
    )
    needs_reason = kind != "constraint"
    if needs_reason and rule.reason is None:
        raise _fail(where, "needs a 'reason' {nl, en}: people read why")
    if kind in {"first", "boost"} and rule.select is None:
        raise _fail(where, f"a '{kind}' rule needs 'select'")
    if kind == "boost" and not rule.points:
        raise _fail(where, "a 'boost' rule needs 'points'")
    if kind == "emergency" and not (rule.organisation and rule.numbers):
        raise _fail(where, "an 'emergency' rule needs 'organisation' and 'numbers'")
    if kind == "information" and (not rule.pages or set(rule.pages) - set(PAGES)):
        raise _fail(where, f"'pages' must list some of {', '.join(PAGES)}")
    if kind == "offer" and rule.offer not in OFFERS:
        raise _fail(where, f"'offer' must be one of {', '.join(OFFERS)}")
    if kind == "note" and not _has_trigger(rule.when):
        raise _fail(where, "a 'note' needs a 'trigger' in 'when'")
    return rule


def _has_trigger(condition: Condition) -> bool:
    return condition.trigger is not None


def _range(where: str, value: Any) -> tuple[int, int]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise _fail(where, "must be [from, to]")
    return int(value[0]), int(value[1])


def _parameters(raw: Any) -> Parameters:
    if not isinstance(raw, dict):
        raise _fail("parameters", "must be a mapping")
    where = "parameters"
    audience: dict[str, tuple[Alternative, ...]] = {}
    for role, alternatives in (raw.get("audience") or {}).items():
        if role not in VALID_CODES["role"] | {"unknown"}:
            raise _fail(where, f"audience: unknown role {role!r}")
        parsed = []
        for alt in alternatives:
            if not isinstance(alt, dict) or set(alt) - {"target_group", "help_type", "person_group"}:
                raise _fail(where, f"audience.{role}: alternatives take target_group, help_type, person_group")
            if alt.get("target_group") is not None and alt["target_group"] not in VALID_CODES["target_groups"]:
                raise _fail(where, f"audience.{role}: unknown target group {alt['target_group']!r}")
            if alt.get("help_type") is not None and alt["help_type"] not in VALID_CODES["help_types"]:
                raise _fail(where, f"audience.{role}: unknown help type {alt['help_type']!r}")
            parsed.append(Alternative(**alt))
        audience[role] = tuple(parsed)
    missing = (VALID_CODES["role"] | {"unknown"}) - set(audience)
    if missing:
        raise _fail(where, f"audience: no entry for {sorted(missing)}")
    need_help_types = {
        need: _codes(where, "help_types", types) for need, types in (raw.get("need_help_types") or {}).items()
    }
    unknown_needs = set(need_help_types) - VALID_CODES["need"]
    if unknown_needs:
        raise _fail(where, f"need_help_types: unknown need(s) {sorted(unknown_needs)}")
    families = {faith: _codes(where, "faith", members) for faith, members in (raw.get("faith_families") or {}).items()}
    return Parameters(
        minor_below_age=int(raw["minor_below_age"]),
        youth_default_age=_range(f"{where}.youth_default_age", raw["youth_default_age"]),
        young_adults_default_age=_range(f"{where}.young_adults_default_age", raw["young_adults_default_age"]),
        elderly_from_age=int(raw["elderly_from_age"]),
        recent_days=int(raw["recent_days"]),
        always_open_limit=int(raw["always_open_limit"]),
        min_results=int(raw["min_results"]),
        faith_families=families,
        channel_needs=_codes(where, "need", raw["channel_needs"]),
        need_help_types=need_help_types,
        seeking_help_needs=_codes(where, "need", raw["seeking_help_needs"]),
        audience=audience,
        general_lines=tuple(raw.get("general_lines") or ()),
    )


def _scoring(raw: Any) -> dict[str, ScoringRule]:
    if not isinstance(raw, list):
        raise _fail("scoring", "must be a list")
    found: dict[str, ScoringRule] = {}
    for item in raw:
        where = f"scoring {item.get('id')}"
        if set(item) - {"id", "title", "points", "source", "reason"}:
            raise _fail(where, f"unknown key(s) {sorted(set(item) - {'id', 'title', 'points', 'source', 'reason'})}")
        found[item["id"]] = ScoringRule(
            id=item["id"],
            title=str(item["title"]),
            points=float(item["points"]),
            reason=_text(where, item.get("reason")),
            source=_sources(where, item.get("source")),
        )
    return found


def parse(raw: Any) -> RuleBook:
    if not isinstance(raw, dict) or set(raw) != {"parameters", "scoring", "rules"}:
        raise RulesError("rules.yaml must have exactly: parameters, scoring, rules")
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
