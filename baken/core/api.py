"""Small helpers for the JSON API: parse query parameters and answer bad input with a 4xx
that names the parameter and, where there is a closed list, the valid values."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Set
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from pydantic import Field, ValidationInfo, model_validator
from pydantic import ValidationError as PydanticValidationError

MAX_JSON_BODY = 64 * 1024
SchemaT = TypeVar("SchemaT", bound=Schema)


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


def _as_set(values: Iterable[str]) -> Set[str]:
    # Callers on the hot path pass a frozenset built once; anything else is copied.
    return values if isinstance(values, Set) else set(values)


def reject_unknown(params: QueryDict, allowed: Iterable[str]) -> None:
    allowed_set = _as_set(allowed)
    for name in params:
        if name not in allowed_set:
            raise ApiError(name, f"Unknown parameter '{name}'.", valid_values=allowed_set)


def reject_unknown_fields(data: dict[str, Any], allowed: Iterable[str], *, prefix: str = "") -> None:
    """A field of a JSON body that the operation does not know: 400 naming the first one (in
    alphabetical order, so the answer does not depend on key order) and the valid ones."""
    allowed_set = _as_set(allowed)
    unknown = sorted(name for name in data if name not in allowed_set)
    if unknown:
        name = f"{prefix}{unknown[0]}"
        raise ApiError(name, f"Unknown field '{name}'.", valid_values=allowed_set)


def _raw(params: QueryDict, name: str) -> str | None:
    """The value of a single parameter; None when absent. An empty value (`?age=`) is refused
    rather than read as absent: the document does not allow it, and a client that sends it has
    most likely lost the value it meant to send."""
    raw = params.get(name)
    if raw is not None and raw.strip() == "":
        raise ApiError(name, f"'{name}' is empty: give a value or leave the parameter out.")
    return raw


def codes(params: QueryDict, name: str, valid: Iterable[str]) -> list[str]:
    """A repeatable parameter (`?violence=a&violence=b` or `?violence=a,b`) of known codes."""
    valid_set = _as_set(valid)
    values: list[str] = []
    for raw in params.getlist(name):
        if raw.strip() == "":
            raise ApiError(name, f"'{name}' is empty: give a value or leave the parameter out.", valid_values=valid_set)
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
    raw = _raw(params, name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(name, f"'{name}' must be a whole number from {minimum} to {maximum}.") from None
    if not minimum <= value <= maximum:
        raise ApiError(name, f"'{name}' must be a whole number from {minimum} to {maximum}.")
    return value


def boolean(params: QueryDict, name: str) -> bool | None:
    raw = _raw(params, name)
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered in {"true", "1", "yes"}:
        return True
    if lowered in {"false", "0", "no"}:
        return False
    raise ApiError(name, f"'{name}' must be true or false.", valid_values={"true", "false"})


# Opening hours are evaluated up to 14 days ahead and in local time; Python's datetime ends at
# year 9999 and the opening-hours engine and the holiday calendar give wrong answers before 1900.
FIRST_YEAR, LAST_YEAR = 1900, 9998
# The same range for the document (JSON Schema has no minimum for dates): a pattern on the year.
YEAR_PATTERN = "^(19[0-9]{2}|[2-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-"


def date_time_field(description: str) -> Any:
    """A date-time query parameter limited to the years the opening-hours engine handles."""
    return Field(None, description=description, json_schema_extra={"pattern": YEAR_PATTERN})


def date_field(description: str) -> Any:
    return Field(None, description=description, json_schema_extra={"pattern": YEAR_PATTERN})


def moment(params: QueryDict, name: str, *, default_precision: str = "") -> datetime:
    """An ISO 8601 date-time with offset, years 1900 to 9998; now when absent (to the minute
    with `default_precision="minute"`, so answers within one minute are the same)."""
    raw = _raw(params, name)
    if raw is None:
        now = timezone.now()
        return now.replace(second=0, microsecond=0) if default_precision == "minute" else now
    # A '+' in a query string arrives as a space when the client did not encode it.
    candidate = raw.strip().replace(" ", "+")
    try:
        value = datetime.fromisoformat(candidate)
    except ValueError:
        raise ApiError(
            name, f"'{name}' must be an ISO 8601 date-time with offset, e.g. 2026-11-29T23:30:00+01:00."
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ApiError(name, f"'{name}' needs a UTC offset, e.g. 2026-11-29T23:30:00+01:00.")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(name, f"'{name}' must lie in the years {FIRST_YEAR} to {LAST_YEAR}.")
    return value


def day(params: QueryDict, name: str) -> date | None:
    """An ISO 8601 date (YYYY-MM-DD), years 1900 to 9998; None when absent."""
    raw = _raw(params, name)
    if raw is None:
        return None
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        raise ApiError(name, f"'{name}' must be a date as YYYY-MM-DD, e.g. 2026-04-27.") from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ApiError(name, f"'{name}' must lie in the years {FIRST_YEAR} to {LAST_YEAR}.")
    return value


MAX_JSON_DEPTH = 32


def json_body(request: HttpRequest, *, max_bytes: int = MAX_JSON_BODY) -> dict[str, Any]:
    """The body as a JSON object. Only `application/json` is accepted: a plain cross-site form
    post cannot send it without a CORS preflight, which this site never grants."""
    if (request.content_type or "") != "application/json":
        raise ApiError("body", "Send a JSON body with 'Content-Type: application/json'.", status=415)
    raw_length = (request.headers.get("Content-Length") or "0").strip()
    if not raw_length.isdigit():
        raise ApiError("Content-Length", "'Content-Length' must be a whole number of bytes.")
    if int(raw_length) > max_bytes or len(request.body) > max_bytes:
        raise ApiError("body", f"The request body is larger than {max_bytes} bytes.", status=413)
    try:
        data = json.loads(request.body or b"null")
    except RecursionError:
        raise ApiError("body", f"The request body is nested deeper than {MAX_JSON_DEPTH} levels.") from None
    except (ValueError, UnicodeDecodeError):
        raise ApiError("body", "The request body must be a JSON object.") from None
    if not isinstance(data, dict):
        raise ApiError("body", "The request body must be a JSON object.")
    _check_json_values(data)
    return data


def _check_json_values(data: dict[str, Any]) -> None:
    """Refuse what Python's JSON parser lets through but nothing after it can handle: nesting
    deep enough to exhaust the stack, and lone surrogates (`"\\ud800"`), which are not text
    and cannot be stored, encrypted or shown. Iterative, so the check itself cannot recurse."""
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ApiError("body", f"The request body is nested deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if not _is_text(key):
                    raise ApiError("body", "A field name is not valid text (a lone surrogate).")
                stack.append((name, item, depth + 1))
        elif isinstance(value, list):
            stack.extend((path, item, depth + 1) for item in value)
        elif isinstance(value, str) and not _is_text(value):
            raise ApiError(path or "body", f"'{path}' is not valid text (it holds a lone surrogate).")


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- django-ninja ---------------------------------------------------------------------------
# The NinjaAPI object lives in `config/api.py` (it mounts every app's router, so it sits above
# the apps); the pieces every router shares live here, below the apps.


class ErrorDetail(Schema):
    status: int = Field(description="The HTTP status again.")
    message: str
    parameter: str | None = Field(None, description="The query parameter, path parameter or body field at fault.")
    valid_values: list[str] | None = Field(
        None, description="The values that are allowed, where there is a closed list."
    )


class Error(Schema):
    """Every 4xx: names the parameter at fault and, for closed lists, the valid values."""

    error: ErrorDetail


ERRORS: dict[int | frozenset[int], Any] = {frozenset({400, 404, 405}): Error}


class QueryParams(Schema):
    """Query parameters of an operation. The fields document the parameters (names, types,
    closed lists) in the generated OpenAPI document; `parse` reads the raw query string with the
    helpers above, so every error keeps the contract (parameter named, valid values listed),
    unknown parameters are refused, and repeated or comma-separated codes both work."""

    @classmethod
    def parse(cls, params: QueryDict) -> dict[str, Any]:
        raise NotImplementedError

    @model_validator(mode="before")
    @classmethod
    def _from_query_string(cls, data: Any, info: ValidationInfo) -> Any:
        request = (info.context or {}).get("request")
        if request is None:  # validated outside a request (tests, the document)
            return data
        reject_unknown(request.GET, cls.model_fields)
        # Absent answers keep the field's default (None where the document shows no default).
        return {name: value for name, value in cls.parse(request.GET).items() if value is not None}


class JsonBodyParser(Parser):
    """Bodies are JSON objects sent as `application/json`; anything else is a clear 4xx."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return json_body(request)


def _error_from(errors: list[Any], *, skip: int) -> ApiError:
    """Pydantic's first error in our shape: its location (minus `skip` leading parts such as
    "query") becomes the parameter, a closed list its valid values."""
    first = errors[0] if errors else {}
    names = [str(part) for part in first.get("loc", ())[skip:] if not isinstance(part, int)]
    parameter = ".".join(names) or "body"
    expected = (first.get("ctx") or {}).get("expected")
    valid = re.findall(r"'([^']*)'", expected) if isinstance(expected, str) else None
    if first.get("type") == "missing":
        message = f"'{parameter}' is required."
    elif first.get("type") == "extra_forbidden":
        message = f"Unknown field '{parameter}'."
    else:
        message = f"'{parameter}': {first.get('msg', 'invalid value')}."
    return ApiError(parameter, message, valid_values=valid)


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    first = exc.errors[0] if exc.errors else {}
    skip = 2 if first.get("loc", ("",))[0] == "body" else 1  # "body", the argument's name
    return _error_from(exc.errors, skip=skip).as_response()


def validate_body(model: type[SchemaT], data: dict[str, Any]) -> SchemaT:
    """Check a JSON body against the model that documents it, strictly (no "5" for 5, no
    "yes" for true, no null for an absent field), so the body accepted is the body documented."""
    try:
        return model.model_validate(data, strict=True)
    except PydanticValidationError as error:
        raise _error_from(error.errors(include_url=False), skip=0) from None


def _api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return exc.as_response()  # type: ignore[no-any-return]


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ApiError):  # raised by the body parser, wrapped by ninja
        return exc.__cause__.as_response()
    return ApiError("body" if exc.status_code == 400 else None, str(exc), status=exc.status_code).as_response()


def create_api(*, title: str, version: str, description: str, openapi_extra: dict[str, Any] | None = None) -> BakenAPI:
    """The project's NinjaAPI: our JSON parser, our error shape, no browsable docs page (it
    would load scripts from a CDN) and the document served by an operation of its own."""
    ninja_api = BakenAPI(
        title=title,
        version=version,
        description=description,
        urls_namespace="api",
        openapi_url=None,
        docs_url=None,
        parser=JsonBodyParser(),
        openapi_extra=openapi_extra,
    )
    ninja_api.add_exception_handler(ApiError, _api_error)
    ninja_api.add_exception_handler(ValidationError, _validation_error)  # type: ignore[arg-type]
    ninja_api.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
    return ninja_api


# Schemas of request bodies, by name, for `components/schemas` of the document (see
# `request_body`); the API object merges them in when it builds the document.
EXTRA_SCHEMAS: dict[str, dict[str, Any]] = {}


def request_body(model: type[Schema], description: str = "") -> dict[str, Any]:
    """`openapi_extra` for an operation whose JSON body is described by `model`.

    The body is read by `json_body` and checked field by field in the operation, because the
    error contract (which field is named first, the services' own messages) is older than this
    framework; the model documents exactly what those checks accept, and the conformance tests
    (schemathesis over this document) keep the two in step."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        EXTRA_SCHEMAS[name] = definition
    EXTRA_SCHEMAS[model.__name__] = schema
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
        }
    }


class BakenAPI(NinjaAPI):
    def _get_urls(self) -> list[Any]:
        urls = super()._get_urls()
        # ninja's root view (`/api/`) only answers 404; like the operations it needs no CSRF
        # token, so a POST there gets the JSON 404 instead of Django's CSRF page.
        for pattern in urls:
            if getattr(pattern, "name", None) == "api-root":
                pattern.callback = csrf_exempt(pattern.callback)  # type: ignore[type-var]
        return urls

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        for name, schema in EXTRA_SCHEMAS.items():
            schemas.setdefault(name, schema)
        return document
