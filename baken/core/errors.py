"""The one domain error of the case kernel.

Every service that refuses an action raises `DomainError` (or a subclass such as
`workflow.TransitionNotAllowed` or `access.AccessDenied`): a translated message for the person
or staff member, the input field it is about, the valid values when there is a closed list,
and the HTTP status an API answers with. Forms put it next to the field; the JSON API turns
it into `{"error": {"status", "parameter", "message", "valid_values"}}`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class DomainError(Exception):
    """A refused action. `message` is translated (lazily); `field` names the input at fault."""

    default_status = 400

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        valid_values: Iterable[str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.valid_values = sorted(str(v) for v in valid_values) if valid_values is not None else None
        self.status = status if status is not None else self.default_status

    @property
    def parameter(self) -> str | None:
        """The API's name for `field`."""
        return self.field
