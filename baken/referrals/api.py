"""The public warm-handover API (`/api/v1/referrals...`), also for partner front doors.

JSON bodies only (the code and passphrase never go in a URL); `Content-Type: application/json`
is required, which also keeps plain cross-site form posts out. A django-ninja router; the
schemas below document the bodies and answers in the generated OpenAPI document.
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from baken.core import access
from baken.core.api import ApiError, Error, json_body, reject_unknown_fields, request_body, validate_body
from baken.core.workflow import TransitionNotAllowed
from baken.referrals import answers as answer_rules
from baken.referrals import selectors, services
from baken.referrals.forms import ReferralForm
from baken.referrals.models import MAX_MESSAGE, MAX_STORY, ContactChannel, Referral
from baken.referrals.workflow import Actor

CREATE_KEYS = {"organisation", "answers", "story", "contact", "passphrase", "consent"}
CONTACT_KEYS = {"channel", "value", "safe_times", "code_word", "no_voicemail", "no_mail"}
# Form field → the name the API client knows.
FIELD_NAMES = {
    "story": "story",
    "channel": "contact.channel",
    "contact_value": "contact.value",
    "safe_times": "contact.safe_times",
    "code_word": "contact.code_word",
    "no_voicemail": "contact.no_voicemail",
    "no_mail": "contact.no_mail",
    "passphrase": "passphrase",
}
MAX_IDEMPOTENCY_KEY = 200
NO_NUL = r"^[^\x00]*$"  # text with a NUL character cannot be stored
TEXT_PATTERN = r"^[^\x00]*\S[^\x00]*$"  # and holds more than spaces


def _body(request: HttpRequest) -> dict[str, Any]:
    return json_body(request)  # 415 unless application/json, 413, 400 naming the field


def _codes(values: Any) -> Any:
    return Literal[tuple(sorted(values))]


class ReferralAnswers(Schema):
    """The help finder's answers the person chose to send (names = the help finder's API
    parameters). Every field is optional."""

    model_config = {"extra": "forbid"}
    role: _codes(answer_rules.BY_NAME["role"].valid) = None  # type: ignore[valid-type]
    violence: list[_codes(answer_rules.BY_NAME["violence"].valid)] = []  # type: ignore[valid-type]
    context: list[_codes(answer_rules.BY_NAME["context"].valid)] = []  # type: ignore[valid-type]
    faith: _codes(answer_rules.BY_NAME["faith"].valid) = None  # type: ignore[valid-type]
    age: int = Field(None, ge=0, le=120)  # type: ignore[assignment]
    gender: _codes(answer_rules.BY_NAME["gender"].valid) = None  # type: ignore[valid-type]
    lgbtiq: bool = None  # type: ignore[assignment]
    disability: _codes(answer_rules.BY_NAME["disability"].valid) = None  # type: ignore[valid-type]
    language: _codes(answer_rules.BY_NAME["language"].valid) = Field(None, description="ISO 639-1")  # type: ignore[valid-type]
    days_since: int = Field(None, ge=0, le=36500)  # type: ignore[assignment]
    ongoing: bool = None  # type: ignore[assignment]
    acute: bool = None  # type: ignore[assignment]
    need: list[_codes(answer_rules.BY_NAME["need"].valid)] = []  # type: ignore[valid-type]


class ReferralContact(Schema):
    model_config = {"extra": "forbid"}
    channel: _codes(ContactChannel.values) = Field(  # type: ignore[valid-type]
        description="`self`: the person contacts the organisation with their code; no contact details are stored."
    )
    value: str = Field(  # type: ignore[assignment]
        None,
        max_length=200,
        description="Phone number (phone, whatsapp) or e-mail address (email); required for those; "
        "the chat name for chat (optional).",
    )
    safe_times: str = Field(None, max_length=200)  # type: ignore[assignment]
    code_word: str = Field(  # type: ignore[assignment]
        None,
        max_length=50,
        description="A word the organisation says first so the person knows it is them.",
    )
    no_voicemail: bool = True
    no_mail: bool = Field(True, description="Never send letters or post.")


class ReferralCreate(Schema):
    model_config = {"extra": "forbid"}
    organisation: str = Field(description="Slug of an organisation that receives stories through Baken.")
    answers: ReferralAnswers = None  # type: ignore[assignment]
    story: str = Field(  # type: ignore[assignment]
        None,  # type: ignore[arg-type]
        max_length=MAX_STORY,
        pattern=NO_NUL,
        description="The person's own words. Stored encrypted, as plain text (HTML is not interpreted).",
    )
    contact: ReferralContact
    passphrase: str = Field(min_length=access.MIN_PASSPHRASE, max_length=access.MAX_PASSPHRASE)
    consent: Literal[True] = Field(description="The person agreed to send exactly this to this organisation.")


class ReferralAccess(Schema):
    model_config = {"extra": "forbid"}
    code: str = Field(
        max_length=40, description="The reference code, e.g. ABCD-EFGH-JKMN. Case, spaces and dashes do not matter."
    )
    passphrase: str = Field(max_length=access.MAX_PASSPHRASE)


class ReferralReply(ReferralAccess):
    message: str = Field(
        max_length=MAX_MESSAGE, pattern=TEXT_PATTERN, description="A message to the organisation (not only spaces)."
    )


class ReferralOnward(ReferralAccess):
    decision: Literal["approve", "refuse"]


Status = _codes(
    ["new", "accepted", "in_contact", "onward_proposed", "onward_refused", "declined", "closed", "withdrawn"]
)


class ReferralCreated(Schema):
    code: str = Field(examples=["K7QM-3XRT-9HWD"])
    status: Status  # type: ignore[valid-type]
    organisation: str


class OrganisationRef(Schema):
    slug: str
    name: str


class ReferralEvent(Schema):
    at: datetime
    status: Status  # type: ignore[valid-type]
    organisation: str
    other_organisation: str | None
    reason: str | None = Field(description="Decline reason or outcome code.")
    note: str | None = Field(description="An explanation written for the person (decline, proposal).")


class ReferralMessage(Schema):
    at: datetime
    from_: Literal["person", "organisation"] = Field(alias="from")
    organisation: str
    body: str


class ReferralStatus(Schema):
    status: Status  # type: ignore[valid-type]
    status_label: str
    organisation: OrganisationRef
    proposed_organisation: OrganisationRef | None = Field(
        description="The organisation proposed onward, waiting for the person's decision."
    )
    events: list[ReferralEvent]
    messages: list[ReferralMessage]


class Withdrawn(Schema):
    status: Literal["withdrawn"]


router = Router(tags=["referrals"])
ACCESS_ERRORS = {400: Error, 403: Error, 413: Error, 415: Error, 429: Error}


def _string(data: dict[str, Any], name: str, *, required: bool, param: str | None = None) -> str:
    value = data.get(name)
    param = param or name
    if value is None:
        if required:
            raise ApiError(param, f"'{param}' is required.")
        return ""
    if not isinstance(value, str):
        raise ApiError(param, f"'{param}' must be a string.")
    return value


def _boolean(data: dict[str, Any], name: str, *, default: bool, param: str) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ApiError(param, f"'{param}' must be true or false.", valid_values={"true", "false"})
    return value


def _error(error: services.ReferralError) -> ApiError:
    return ApiError(error.field, str(error.message), status=error.status)


@router.post(
    "/referrals",
    response={201: ReferralCreated, 400: Error, 413: Error, 415: Error, 422: Error},
    openapi_extra={
        **request_body(ReferralCreate),
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "A retry or double submit with the same key returns the first referral (same code, "
                "header `Idempotent-Replayed: true`); the same key with a different body gives 422.",
                "schema": {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY, "pattern": "^[\\x20-\\x7e]*$"},
            }
        ],
    },
    operation_id="createReferral",
    summary="Send a person's story to an organisation (warm handover).",
)
def referral_create(request: HttpRequest) -> JsonResponse:
    """Create a referral. An `Idempotency-Key` header makes a retried or double submit return
    the first referral (same code) instead of creating a second."""
    data = _body(request)
    reject_unknown_fields(data, CREATE_KEYS)
    if data.get("consent") is not True:
        raise ApiError("consent", "Set 'consent' to true: the person agreed to send exactly this.")
    organisation = _string(data, "organisation", required=True)
    try:
        answers = answer_rules.answers_from_json(data.get("answers"))
    except answer_rules.AnswerError as error:
        raise ApiError(error.parameter, error.message, valid_values=error.valid_values) from None
    contact = data.get("contact")
    if not isinstance(contact, dict):
        raise ApiError("contact", "'contact' must be an object with at least 'channel'.")
    reject_unknown_fields(contact, CONTACT_KEYS, prefix="contact.")
    form = ReferralForm(
        data={
            "story": _string(data, "story", required=False),
            "passphrase": _string(data, "passphrase", required=True),
            "channel": _string(contact, "channel", required=True, param="contact.channel"),
            "contact_value": _string(contact, "value", required=False, param="contact.value"),
            "safe_times": _string(contact, "safe_times", required=False, param="contact.safe_times"),
            "code_word": _string(contact, "code_word", required=False, param="contact.code_word"),
            "no_voicemail": _boolean(contact, "no_voicemail", default=True, param="contact.no_voicemail"),
            "no_mail": _boolean(contact, "no_mail", default=True, param="contact.no_mail"),
        }
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        valid = ContactChannel.values if field == "channel" else None
        raise ApiError(FIELD_NAMES.get(field, field), " ".join(str(e) for e in errors), valid_values=valid)
    validate_body(ReferralCreate, data)  # what the checks above let through is what the document says
    key = request.headers.get("Idempotency-Key", "")
    if len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise ApiError("Idempotency-Key", f"At most {MAX_IDEMPOTENCY_KEY} printable characters.")
    try:
        submitted = services.referral_create(
            organisation_slug=organisation,
            answers=answers,
            story=form.cleaned_data["story"],
            contact=form.cleaned_data["contact"],
            passphrase=form.cleaned_data["passphrase"],
            idempotency_key=key,
            request_fingerprint=json.dumps(data, sort_keys=True, ensure_ascii=False),
        )
    except services.ReferralError as error:
        raise _error(error) from None
    response = JsonResponse(
        {
            "code": submitted.code,
            "status": submitted.referral.status,
            "organisation": submitted.referral.organisation.slug,
        },
        status=201,
    )
    if submitted.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _open(request: HttpRequest, data: dict[str, Any]) -> Referral:
    """Code + passphrase from the body: rate-limited per client address, one generic error."""
    code = _string(data, "code", required=True)
    passphrase = _string(data, "passphrase", required=True)
    if len(code) > 40:
        raise ApiError("code", "'code' is at most 40 characters.")
    if len(passphrase) > access.MAX_PASSPHRASE:
        raise ApiError("passphrase", f"'passphrase' is at most {access.MAX_PASSPHRASE} characters.")
    try:
        return selectors.referral_for_person(request=request, code=code, passphrase=passphrase)
    except access.AccessDenied as denied:  # 403, or 429 when the limit is used up
        raise ApiError(None, str(denied.message), status=denied.status) from None


def status_json(referral: Referral) -> dict[str, Any]:
    """What the person may see: status, their timeline and their messages."""
    proposed = referral.proposed_organisation
    return {
        "status": referral.status,
        "status_label": str(referral.get_status_display()),
        "organisation": {"slug": referral.organisation.slug, "name": referral.organisation.name},
        "proposed_organisation": {"slug": proposed.slug, "name": proposed.name} if proposed else None,
        "events": [
            {
                "at": event.at.isoformat(),
                "status": event.to_status,
                "organisation": event.organisation.slug,
                "other_organisation": event.other_organisation.slug if event.other_organisation else None,
                "reason": event.code or None,
                "note": event.note if event.note_for_person else None,
            }
            for event in selectors.person_timeline(referral)
            if event.to_status
        ],
        "messages": [
            {
                "at": message.at.isoformat(),
                "from": "person" if message.sender == Actor.PERSON else "organisation",
                "organisation": message.organisation.slug,
                "body": message.body,
            }
            for message in selectors.person_messages(referral)
        ],
    }


@router.post(
    "/referrals/status",
    response={200: ReferralStatus, **ACCESS_ERRORS},
    openapi_extra=request_body(ReferralAccess),
    operation_id="getReferralStatus",
    summary="Status, timeline and messages, by code + passphrase.",
)
def referral_status(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    reject_unknown_fields(data, {"code", "passphrase"})
    validate_body(ReferralAccess, data)
    return JsonResponse(status_json(_open(request, data)))


@router.post(
    "/referrals/withdraw",
    response={200: Withdrawn, **ACCESS_ERRORS},
    openapi_extra=request_body(ReferralAccess),
    operation_id="withdrawReferral",
    summary="Withdraw: the story is deleted.",
)
def referral_withdraw(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    reject_unknown_fields(data, {"code", "passphrase"})
    validate_body(ReferralAccess, data)
    referral = _open(request, data)
    # Withdrawn a moment ago by another request: the outcome the person asked for.
    with suppress(TransitionNotAllowed):
        services.referral_withdraw(referral_id=referral.pk)
    return JsonResponse({"status": "withdrawn"})


@router.post(
    "/referrals/messages",
    response={201: ReferralStatus, 409: Error, **ACCESS_ERRORS},
    openapi_extra=request_body(ReferralReply),
    operation_id="replyToReferral",
    summary="A message from the person to the organisation.",
)
def referral_reply(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    reject_unknown_fields(data, {"code", "passphrase", "message"})
    message = _string(data, "message", required=True)
    validate_body(ReferralReply, data)
    referral = _open(request, data)
    try:
        services.referral_reply(referral_id=referral.pk, body=message)
    except TransitionNotAllowed as error:
        raise ApiError("message", str(error.message), status=409) from None
    except services.ReferralError as error:
        raise _error(error) from None
    referral.refresh_from_db()
    return JsonResponse(status_json(referral), status=201)


@router.post(
    "/referrals/onward",
    response={200: ReferralStatus, 409: Error, **ACCESS_ERRORS},
    openapi_extra=request_body(ReferralOnward),
    operation_id="decideReferralOnward",
    summary="The person's answer to a proposed other organisation: approve or refuse.",
)
def referral_onward(request: HttpRequest) -> JsonResponse:
    """The person's answer to a proposed other organisation: `approve` or `refuse`."""
    data = _body(request)
    reject_unknown_fields(data, {"code", "passphrase", "decision"})
    decision = _string(data, "decision", required=True)
    if decision not in {"approve", "refuse"}:
        raise ApiError("decision", "'decision' must be approve or refuse.", valid_values={"approve", "refuse"})
    validate_body(ReferralOnward, data)
    referral = _open(request, data)
    try:
        services.referral_decide_onward(referral_id=referral.pk, approve=decision == "approve")
    except TransitionNotAllowed as error:
        raise ApiError("decision", str(error.message), status=409) from None
    referral = selectors.referral_for_grant(public_id=str(referral.public_id)) or referral
    return JsonResponse(status_json(referral))
