"""Pydantic's validation errors in plain words, for the data files Baken loads (`rules.yaml`,
the directory dataset): the loaders add the file, line or rule, this says what is wrong."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

# What an unknown key is called, by the last mapping it sits in.
_KEY_NAMES = {"when": "condition", "any": "condition", "select": "selector"}


def _name(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if not isinstance(part, int)]
    return names[-1] if names else ""


def explain(error: ValidationError) -> str:
    """The first error as one sentence: "unknown violence code 'shouting'; valid: ...",
    "unknown condition 'weather'", "'source' is required", or Pydantic's own message."""
    first = error.errors(include_url=False)[0]
    loc = tuple(first.get("loc", ()))
    kind = first.get("type", "")
    name = _name(loc)
    if kind == "extra_forbidden":
        parents = [str(part) for part in loc[:-1] if not isinstance(part, int)]
        what = _KEY_NAMES.get(parents[-1], "key") if parents else "key"
        return f"unknown {what} {name!r}"
    if kind == "literal_error":
        expected = str((first.get("ctx") or {}).get("expected", "")).replace("'", "")
        code = " code" if loc and isinstance(loc[-1], int) else ""  # an item of a list of codes
        return f"unknown {name}{code} {first.get('input')!r}; valid: {expected.replace(' or ', ', ')}"
    if kind == "missing":
        return f"'{name}' is required"
    message = str(first.get("msg", "")).removeprefix("Value error, ")
    where = ".".join(str(part) for part in loc)
    return f"'{where}': {message}" if where else message
