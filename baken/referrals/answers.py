"""The help finder's answers as they travel with a referral: parsed from the help finder's
hidden fields or the API body (names = the help finder's API parameters), shown one by one on
the consent screen, and kept only where the person left them ticked. Pure Python, no ORM."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from baken.directory.languages import LANGUAGE_CODES
from baken.directory.vocabulary import Context, Disability, Faith, Gender, Need, Role, Violence
from baken.triage.models import SinceBand


class AnswerError(Exception):
    def __init__(self, parameter: str, message: str, valid_values: Iterable[str] | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.valid_values = valid_values


@dataclass(frozen=True)
class Question:
    name: str
    kind: str  # "code", "codes", "int", "bool"
    label: Any
    choices: Any = None  # TextChoices class or a set of codes
    minimum: int = 0
    maximum: int = 0

    @property
    def valid(self) -> set[str]:
        if self.choices is None:
            return set()
        return set(self.choices) if isinstance(self.choices, frozenset | set) else set(self.choices.values)

    def value_label(self, value: Any) -> str:
        if self.kind == "bool":
            return str(_("yes") if value else _("no"))
        if self.kind == "int":
            return str(value)
        if self.name == "language":
            try:
                return str(get_language_info(value)["name_translated"])
            except KeyError:
                return str(value)
        try:
            return str(self.choices(value).label)
        except (ValueError, TypeError):
            return str(value)


QUESTIONS: tuple[Question, ...] = (
    Question("role", "code", _("Who is asking"), Role),
    Question("violence", "codes", _("What it is about"), Violence),
    Question("context", "codes", _("Where it happens"), Context),
    Question("faith", "code", _("Help that knows this faith"), Faith),
    Question("age", "int", _("Age"), minimum=0, maximum=120),
    Question("gender", "code", _("Gender"), Gender),
    Question("lgbtiq", "bool", _("LGBTIQ+")),
    Question("disability", "code", _("Disability"), Disability),
    Question("language", "code", _("Language you want help in"), frozenset(LANGUAGE_CODES)),
    # The band the person chose in the help finder; `days_since` stays for API clients.
    Question("since", "code", _("When it happened"), SinceBand),
    Question("days_since", "int", _("Days since it (last) happened"), minimum=0, maximum=36500),
    Question("ongoing", "bool", _("It is still happening")),
    Question("acute", "bool", _("Someone is in danger right now")),
    Question("need", "codes", _("What you want now"), Need),
)
BY_NAME = {q.name: q for q in QUESTIONS}
NAMES = tuple(BY_NAME)

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _parse(question: Question, raw_values: list[Any]) -> Any:
    values = [v.strip() if isinstance(v, str) else v for v in raw_values]
    values = [v for v in values if v not in ("", None)]
    if not values:
        return None
    name = question.name
    if question.kind == "codes":
        codes: list[str] = []
        for value in values:
            for part in str(value).split(",") if isinstance(value, str) else [value]:
                part = part.strip() if isinstance(part, str) else part
                if part == "":
                    continue
                if not isinstance(part, str) or part not in question.valid:
                    raise AnswerError(f"answers.{name}", f"Unknown value '{part}' for '{name}'.", question.valid)
                if part not in codes:
                    codes.append(part)
        return codes or None
    if len(values) > 1:
        raise AnswerError(f"answers.{name}", f"'{name}' takes one value.")
    value = values[0]
    if question.kind == "code":
        if not isinstance(value, str) or value not in question.valid:
            raise AnswerError(f"answers.{name}", f"Unknown value '{value}' for '{name}'.", question.valid)
        return value
    if question.kind == "int":
        message = f"'{name}' must be a whole number from {question.minimum} to {question.maximum}."
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise AnswerError(f"answers.{name}", message)
        try:
            number = int(value)
        except ValueError:
            raise AnswerError(f"answers.{name}", message) from None
        if not question.minimum <= number <= question.maximum:
            raise AnswerError(f"answers.{name}", message)
        return number
    # bool
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE:
        return True
    if isinstance(value, str) and value.lower() in _FALSE:
        return False
    raise AnswerError(f"answers.{name}", f"'{name}' must be true or false.", {"true", "false"})


def parse_answers(
    get_values: Callable[[str], list[Any]], present: Iterable[str], *, lenient: bool = False
) -> dict[str, Any]:
    """Validate answers given as `get_values(name) -> list of raw values`. Unknown names and
    bad values raise AnswerError naming `answers.<name>`; `lenient` leaves a bad answer out."""
    for name in present:
        if name not in BY_NAME:
            raise AnswerError(f"answers.{name}", f"Unknown answer '{name}'.", NAMES)
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        try:
            value = _parse(question, get_values(question.name))
        except AnswerError:
            if not lenient:
                raise
            continue
        if value is not None:
            answers[question.name] = value
    return answers


def answers_from_json(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AnswerError("answers", "'answers' must be a JSON object.")
    return parse_answers(lambda name: _as_list(data.get(name)), data.keys())


def answers_from_post(post: Any) -> dict[str, Any]:
    """The help finder's hidden fields; anything else in the POST body is not an answer, and an
    answer that does not parse is left out rather than guessed."""
    return parse_answers(lambda name: post.getlist(name), (), lenient=True)


@dataclass(frozen=True)
class ShareItem:
    key: str
    question: str
    value: str


def share_items(answers: dict[str, Any]) -> list[ShareItem]:
    """Every answer as one removable line of the consent screen (each code of a list on its own)."""
    items: list[ShareItem] = []
    for question in QUESTIONS:
        if question.name not in answers:
            continue
        value = answers[question.name]
        if question.kind == "codes":
            for code in value:
                items.append(ShareItem(f"{question.name}={code}", str(question.label), question.value_label(code)))
        else:
            items.append(ShareItem(question.name, str(question.label), question.value_label(value)))
    return items


def keep_only(answers: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The answers the person left ticked."""
    chosen = set(keys)
    kept: dict[str, Any] = {}
    for name, value in answers.items():
        if BY_NAME[name].kind == "codes":
            codes = [code for code in value if f"{name}={code}" in chosen]
            if codes:
                kept[name] = codes
        elif name in chosen:
            kept[name] = value
    return kept


def to_post_items(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers as (name, value) hidden fields, the way the help finder sends them."""
    pairs: list[tuple[str, str]] = []
    for name, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, ("true" if item else "false") if isinstance(item, bool) else str(item)))
    return pairs
