"""The mechanism behind each case app's `workflow.py`: a plain table of allowed status
changes and who may make them. Each app keeps its own table; this module only checks it.

    TRANSITIONS = {
        (Status.NEW, Status.ACCEPTED): {Actor.ORGANISATION},
        ...
    }
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from django.utils.translation import gettext_lazy as _

from baken.core.errors import DomainError

TransitionTable = Mapping[tuple[str, str], frozenset[str] | set[str]]


class TransitionNotAllowed(DomainError):
    """A step that the table (or the case's state) does not allow for this actor: 409 in the API."""

    default_status = 409

    def __init__(self, message: Any = None, *, field: str | None = None) -> None:
        super().__init__(message or _("This step is not possible now."), field=field)


def _value(item: str | Enum) -> str:
    return item.value if isinstance(item, Enum) else item


def allowed(table: TransitionTable, current: str, target: str, actor: str) -> bool:
    return _value(actor) in {_value(a) for a in table.get((_value(current), _value(target)), ())}


def check(table: TransitionTable, current: str, target: str, actor: str) -> None:
    if not allowed(table, current, target, actor):
        raise TransitionNotAllowed()


def next_statuses(table: TransitionTable, current: str, actor: str) -> list[str]:
    return [
        to
        for (frm, to), actors in table.items()
        if frm == _value(current) and _value(actor) in {_value(a) for a in actors}
    ]
