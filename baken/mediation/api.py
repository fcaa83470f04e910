"""`POST /api/v1/mediation/registrations`: the registration form for referrers' systems.
Documented in `openapi.json`. Bad input → 400 naming the field; nothing is stored."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from baken.core import api
from baken.core.api import ApiError
from baken.mediation import services
from baken.mediation.choices import GOALS_BY_SIDE, ContactForm, Region, RegistrantRole, Side
from baken.mediation.services import MediationError

REQUIRED = ("registrant_role", "consent_contact_other_party", "region", "passphrase")
OPTIONAL = ("side", "person_consented", "description", "goals", "preferred_forms", "contact", "referrer")
VALID_VALUES: dict[str, Any] = {
    "registrant_role": RegistrantRole.values,
    "side": Side.values,
    "region": Region.values,
    "preferred_forms": ContactForm.values,
    "consent_contact_other_party": ["true", "false"],
    "person_consented": ["true"],
}


def _list(body: dict[str, Any], name: str) -> list[Any] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise ApiError(name, f"'{name}' must be a list of codes.", valid_values=VALID_VALUES.get(name))
    return value


@csrf_exempt  # a JSON API for other systems: no cookies, no session, so no CSRF to forge
@require_POST
@api.api_view
def registration_create(request: HttpRequest) -> JsonResponse:
    body = api.json_body(request)
    for name in body:
        if name not in REQUIRED + OPTIONAL:
            raise ApiError(name, f"Unknown field '{name}'.", valid_values=REQUIRED + OPTIONAL)
    for name in REQUIRED:
        if name not in body or body[name] is None:
            raise ApiError(name, f"'{name}' is required.", valid_values=VALID_VALUES.get(name))
    for name in ("consent_contact_other_party", "person_consented"):
        if name in body and not isinstance(body[name], bool):
            raise ApiError(name, f"'{name}' must be true or false.", valid_values=VALID_VALUES[name])
    goals = _list(body, "goals")
    try:
        case, code = services.case_register(
            registrant_role=body["registrant_role"],
            side=body.get("side"),
            person_consented=body.get("person_consented", False),
            consent_contact_other_party=body["consent_contact_other_party"],
            region=body["region"],
            passphrase=body["passphrase"],
            description=body.get("description") or "",
            goals=goals,
            preferred_forms=_list(body, "preferred_forms"),
            contact=body.get("contact"),
            referrer=body.get("referrer"),
        )
    except MediationError as error:
        field = error.field or "body"
        valid = VALID_VALUES.get(field)
        if field == "goals":
            side = (
                body.get("side")
                if body.get("registrant_role") == RegistrantRole.REFERRER
                else body.get("registrant_role")
            )
            valid = GOALS_BY_SIDE[side].values if side in GOALS_BY_SIDE else None
        with translation.override("en"):  # the API speaks English, like its other messages
            message = str(error.message)
        raise ApiError(field, message, valid_values=valid) from None
    return JsonResponse({"code": code, "status": case.status}, status=201)
