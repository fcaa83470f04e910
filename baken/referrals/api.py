"""The public warm-handover API (`/api/v1/referrals...`), also for partner front doors.

JSON bodies only (the code and passphrase never go in a URL); `Content-Type: application/json`
is required, which also keeps plain cross-site form posts out. Documented in `openapi.json`.
"""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from baken.core import access
from baken.core.api import ApiError, api_view, json_body
from baken.core.workflow import TransitionNotAllowed
from baken.referrals import answers as answer_rules
from baken.referrals import selectors, services
from baken.referrals.forms import ReferralForm
from baken.referrals.models import ContactChannel, Referral
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


def _body(request: HttpRequest) -> dict[str, Any]:
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise ApiError("body", "Send a JSON body with 'Content-Type: application/json'.", status=415)
    return json_body(request)


def _reject_unknown(data: dict[str, Any], allowed: set[str], prefix: str = "") -> None:
    for key in data:
        if key not in allowed:
            raise ApiError(f"{prefix}{key}", f"Unknown field '{prefix}{key}'.", valid_values=allowed)


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


@csrf_exempt
@require_POST
@api_view
def referral_create(request: HttpRequest) -> JsonResponse:
    """Create a referral. An `Idempotency-Key` header makes a retried or double submit return
    the first referral (same code) instead of creating a second."""
    data = _body(request)
    _reject_unknown(data, CREATE_KEYS)
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
    _reject_unknown(contact, CONTACT_KEYS, prefix="contact.")
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


@csrf_exempt
@require_POST
@api_view
def referral_status(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    _reject_unknown(data, {"code", "passphrase"})
    return JsonResponse(status_json(_open(request, data)))


@csrf_exempt
@require_POST
@api_view
def referral_withdraw(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    _reject_unknown(data, {"code", "passphrase"})
    referral = _open(request, data)
    # Withdrawn a moment ago by another request: the outcome the person asked for.
    with suppress(TransitionNotAllowed):
        services.referral_withdraw(referral_id=referral.pk)
    return JsonResponse({"status": "withdrawn"})


@csrf_exempt
@require_POST
@api_view
def referral_reply(request: HttpRequest) -> JsonResponse:
    data = _body(request)
    _reject_unknown(data, {"code", "passphrase", "message"})
    message = _string(data, "message", required=True)
    referral = _open(request, data)
    try:
        services.referral_reply(referral_id=referral.pk, body=message)
    except TransitionNotAllowed as error:
        raise ApiError("message", str(error.message), status=409) from None
    except services.ReferralError as error:
        raise _error(error) from None
    referral.refresh_from_db()
    return JsonResponse(status_json(referral), status=201)


@csrf_exempt
@require_POST
@api_view
def referral_onward(request: HttpRequest) -> JsonResponse:
    """The person's answer to a proposed other organisation: `approve` or `refuse`."""
    data = _body(request)
    _reject_unknown(data, {"code", "passphrase", "decision"})
    decision = _string(data, "decision", required=True)
    if decision not in {"approve", "refuse"}:
        raise ApiError("decision", "'decision' must be approve or refuse.", valid_values={"approve", "refuse"})
    referral = _open(request, data)
    try:
        services.referral_decide_onward(referral_id=referral.pk, approve=decision == "approve")
    except TransitionNotAllowed as error:
        raise ApiError("decision", str(error.message), status=409) from None
    referral = selectors.referral_for_grant(public_id=str(referral.public_id)) or referral
    return JsonResponse(status_json(referral))
