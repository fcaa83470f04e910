"""Small helpers for the JSON API: parse query parameters and answer bad input with a 4xx
that names the parameter and, where there is a closed list, the valid values."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone

MAX_JSON_BODY = 64 * 1024


class ApiError(Exception):
    """A client error; becomes JSON `{"error": {"status", "parameter", "message", "valid_values"}}`."""

    def __init__(
        self,
        parameter: str | None,
        message: str,
        *,
        valid_values: Iterable[str] | None = None,
        status: int = 400,
    ) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.valid_values = sorted(valid_values) if valid_values is not None else None
        self.status = status

    def as_response(self) -> JsonResponse:
        body: dict[str, Any] = {"status": self.status, "message": str(self.message)}
        if self.parameter is not None:
            body["parameter"] = self.parameter
        if self.valid_values is not None:
            body["valid_values"] = self.valid_values
        return JsonResponse({"error": body}, status=self.status)


def api_view(view: Callable[..., JsonResponse]) -> Callable[..., JsonResponse]:
    """Turn ApiError into its JSON answer."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return error.as_response()

    return wrapper


def reject_unknown(params: QueryDict, allowed: Iterable[str]) -> None:
    allowed_set = set(allowed)
    for name in params:
        if name not in allowed_set:
            raise ApiError(name, f"Unknown parameter '{name}'.", valid_values=allowed_set)


def codes(params: QueryDict, name: str, valid: Iterable[str]) -> list[str]:
    """A repeatable parameter (`?violence=a&violence=b` or `?violence=a,b`) of known codes."""
    valid_set = set(valid)
    values: list[str] = []
    for raw in params.getlist(name):
        for value in raw.split(","):
            value = value.strip()
            if not value:
                continue
            if value not in valid_set:
                raise ApiError(name, f"Unknown value '{value}' for '{name}'.", valid_values=valid_set)
            if value not in values:
                values.append(value)
    return values


def code(params: QueryDict, name: str, valid: Iterable[str]) -> str | None:
    values = codes(params, name, valid)
    if len(values) > 1:
        raise ApiError(name, f"'{name}' takes one value.", valid_values=set(valid))
    return values[0] if values else None


def integer(params: QueryDict, name: str, *, minimum: int, maximum: int) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(name, f"'{name}' must be a whole number from {minimum} to {maximum}.") from None
    if not minimum <= value <= maximum:
        raise ApiError(name, f"'{name}' must be a whole number from {minimum} to {maximum}.")
    return value


def boolean(params: QueryDict, name: str) -> bool | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    lowered = raw.lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ApiError(name, f"'{name}' must be true or false.", valid_values={"true", "false"})


def moment(params: QueryDict, name: str) -> datetime:
    """An ISO 8601 date-time with offset; now when absent."""
    raw = params.get(name)
    if raw is None or raw == "":
        return timezone.now()
    # A '+' in a query string arrives as a space when the client did not encode it.
    candidate = raw.strip().replace(" ", "+")
    try:
        value = datetime.fromisoformat(candidate)
    except ValueError:
        raise ApiError(
            name, f"'{name}' must be an ISO 8601 date-time with offset, e.g. 2026-11-29T23:30:00+01:00."
        ) from None
    if value.tzinfo is None:
        raise ApiError(name, f"'{name}' needs a UTC offset, e.g. 2026-11-29T23:30:00+01:00.")
    return value


def json_body(request: HttpRequest, *, max_bytes: int = MAX_JSON_BODY) -> dict[str, Any]:
    length = int(request.headers.get("Content-Length") or 0)
    if length > max_bytes or len(request.body) > max_bytes:
        raise ApiError("body", f"The request body is larger than {max_bytes} bytes.", status=413)
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise ApiError("body", "The request body must be a JSON object.") from None
    if not isinstance(data, dict):
        raise ApiError("body", "The request body must be a JSON object.")
    return data
