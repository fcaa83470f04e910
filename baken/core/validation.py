"""Pydantic's validation errors in plain words, for the data files Baken loads (`rules.yaml`,
the directory dataset): the loaders add the file, line or rule, this says what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

# What an unknown key is called, by the mapping it sits in.
_KEY_NAMES = {"when": "condition", "any": "condition", "select": "selector"}


def _names(loc: tuple[Any, ...]) -> list[str]:
    return [str(part) for part in loc if not isinstance(part, int)]


def first_error(error: ValidationError) -> dict[str, Any]:
    """The error to report: an unknown key first (a misspelt key also shows up as a missing
    one, and the misspelling is what the author must fix), otherwise the first."""
    errors: list[dict[str, Any]] = [dict(e) for e in error.errors(include_url=False)]
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def explain(error: ValidationError, labels: Mapping[str, str] | None = None) -> str:
    """The first error as one sentence: "unknown violence code 'shouting'; valid: ...",
    "unknown condition 'weather'", "'source' is required", "'anonymous' must be true, false or
    null (unknown), not 'maybe'", or the validator's own message. `labels` names fields in
    messages ("type" -> "channel type")."""
    first = first_error(error)
    loc = tuple(first.get("loc", ()))
    kind = first.get("type", "")
    names = _names(loc)
    name = names[-1] if names else ""
    label = (labels or {}).get(name, name)
    where = ".".join(str(part) for part in loc)
    value = first.get("input")
    if kind == "extra_forbidden":
        what = _KEY_NAMES.get(names[-2], "key") if len(names) > 1 else "key"
        return f"unknown {what} {name!r}"
    if kind == "literal_error":
        expected = str((first.get("ctx") or {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        code = " code" if loc and isinstance(loc[-1], int) else ""  # an item of a list of codes
        return f"unknown {label}{code} {value!r}; valid: {expected}"
    if kind == "missing":
        return f"'{name}' is required"
    if kind == "bool_type":
        return f"'{name}' must be true, false or null (unknown), not {value!r}"
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    if kind == "value_error" and (not name or name in message):
        return message  # the validator's message already names what it is about
    return f"'{where}': {message}" if where else message
