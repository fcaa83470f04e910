"""The append-only history base of every kind of case, and the one audit-action naming style.

A history row is written once. Saving it again, deleting it, or updating or deleting rows
through a queryset raises `AppendOnlyError`. History goes only with its case (a database
cascade when the case is deleted after withdrawal or retention) and the one allowed edit is
`erase()`: emptying the content fields a model names in `ERASABLE` when a person withdraws.

    class CaseEvent(AppendOnly):
        ERASABLE = ("note",)
        case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
        ...
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.db import models

from baken.core.crypto import EncryptedTextField

ACTION = re.compile(r"^[a-z]+\.[a-z]+(_[a-z]+)+$")


class AppendOnlyError(ValueError):
    """An attempt to change or remove written history."""

    def __init__(self) -> None:
        super().__init__("History is append-only.")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError()

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()

    def erase(self) -> int:
        """Empty the model's ERASABLE content fields (withdrawal); the steps themselves stay."""
        erasable: tuple[str, ...] = getattr(self.model, "ERASABLE", ())
        blank = {name: "" if not self.model._meta.get_field(name).null else None for name in erasable}
        return super().update(**blank) if blank else 0


class AppendOnly(models.Model):
    """Base for history rows: insert once, never change or delete one by one."""

    ERASABLE: ClassVar[tuple[str, ...]] = ()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError()


class HistoryEvent(AppendOnly):
    """The base of every case's step history: when it happened and an optional note (encrypted;
    withdrawal erases it). Each app adds its case, statuses and actor."""

    ERASABLE: ClassVar[tuple[str, ...]] = ("note",)

    at = models.DateTimeField(auto_now_add=True)
    note = EncryptedTextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


def audit_action(app: str, subject: str, verb: str) -> str:
    """The one naming style of audit actions: `<app>.<subject>_<verb>`, e.g.
    `referrals.referral_read`, `buddies.case_withdrawn`, `mediation.party_invited`."""
    action = f"{app}.{subject}_{verb}"
    if not ACTION.match(action):
        raise ValueError(f"Audit action {action!r} does not follow <app>.<subject>_<verb>.")
    return action
