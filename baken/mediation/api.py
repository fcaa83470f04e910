"""`POST /api/v1/mediation/registrations`: the registration form for referrers' systems.
A django-ninja router. Bad input → 400 naming the field; nothing is stored. Only
`application/json` is accepted (415 otherwise), so a plain cross-site form post cannot file one."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from ninja import Field, Router, Schema

from baken.core import access, api
from baken.core.api import ApiError, Error
from baken.mediation import services
from baken.mediation.choices import GOALS_BY_SIDE, AccusedGoal, ContactForm, Region, RegistrantRole, Side, VictimGoal
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


def _codes(values: Any) -> Any:
    return Literal[tuple(values)]


Text = Field(None, max_length=services.MAX_CONTACT_VALUE)


class ContactDetails(Schema):
    """Optional: the person stays anonymous without it."""

    model_config = {"extra": "forbid"}
    name: str = Text  # type: ignore[assignment]
    phone: str = Text  # type: ignore[assignment]
    email: str = Text  # type: ignore[assignment]
    safe_times: str = Text  # type: ignore[assignment]


class ReferrerDetails(Schema):
    """Only with registrant_role referrer: the referrer's own details."""

    model_config = {"extra": "forbid"}
    name: str = Text  # type: ignore[assignment]
    organisation: str = Text  # type: ignore[assignment]
    phone: str = Text  # type: ignore[assignment]
    email: str = Text  # type: ignore[assignment]


class MediationRegistration(Schema):
    model_config = {"extra": "forbid"}
    registrant_role: _codes(RegistrantRole.values) = Field(  # type: ignore[valid-type]
        description="Who registers: the person it happened to, the accused person, or a professional "
        "registering one of them with their consent."
    )
    side: _codes(Side.values) = Field(  # type: ignore[valid-type]
        None, description="Required when registrant_role is referrer: which party the referred person is."
    )
    person_consented: Literal[True] = Field(
        None,  # type: ignore[arg-type]
        description="Required (true) when registrant_role is referrer: the person agreed to be registered.",
    )
    consent_contact_other_party: bool = Field(
        description="May the mediator ask the other party whether they want to take part? Until true, "
        "nothing reaches the other party."
    )
    region: _codes(Region.values) = Field(  # type: ignore[valid-type]
        description="Province where the person lives; `unknown` when the person would rather not say."
    )
    passphrase: str = Field(min_length=access.MIN_PASSPHRASE, max_length=access.MAX_PASSPHRASE)
    description: str = Field(  # type: ignore[assignment]
        None,  # type: ignore[arg-type]
        max_length=services.MAX_TEXT,
        description="What the person wants the mediator to know. The other party never sees it.",
    )
    goals: list[_codes([*VictimGoal.values, *AccusedGoal.values])] = Field(  # type: ignore[valid-type]
        None,  # type: ignore[arg-type]
        description="What the person hopes the contact brings. Victim: "
        + ", ".join(VictimGoal.values)
        + ". Accused: "
        + ", ".join(AccusedGoal.values)
        + ".",
    )
    preferred_forms: list[_codes(ContactForm.values)] = Field(None)  # type: ignore[valid-type, arg-type]
    contact: ContactDetails = None  # type: ignore[assignment]
    referrer: ReferrerDetails = None  # type: ignore[assignment]


class MediationRegistrationCreated(Schema):
    code: str = Field(examples=["HB-7KQ2-M9XD-4TPR"], description="Reference code, shown once.")
    status: Literal["new"]


router = Router(tags=["mediation"])


@router.post(
    "/mediation/registrations",
    response={201: MediationRegistrationCreated, 400: Error, 413: Error, 415: Error},
    openapi_extra=api.request_body(MediationRegistration),
    operation_id="registerMediation",
    summary="Register a restorative mediation case (for referrers' systems).",
)
def registration_create(request: HttpRequest) -> JsonResponse:
    body = api.json_body(request)
    api.reject_unknown_fields(body, REQUIRED + OPTIONAL)
    for name in REQUIRED:
        if name not in body or body[name] is None:
            raise ApiError(name, f"'{name}' is required.", valid_values=VALID_VALUES.get(name))
    for name in ("consent_contact_other_party", "person_consented"):
        if name in body and not isinstance(body[name], bool):
            raise ApiError(name, f"'{name}' must be true or false.", valid_values=VALID_VALUES[name])
    goals = _list(body, "goals")
    try:
        api.validate_body(MediationRegistration, body)
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
