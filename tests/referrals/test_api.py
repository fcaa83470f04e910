"""The public API: the bodies of the issue, idempotent creation, one generic error and 429 for
guessing, withdrawal that leaves the code opening nothing, and bad input answered with 400/413
naming the field while nothing is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from baken.referrals import services
from baken.referrals.models import Referral, ReferralDeletion, ReferralMessage
from tests.referrals.conftest import CSG, PASSPHRASE, VT, post_json

pytestmark = pytest.mark.django_db

CREATE = "/api/v1/referrals"


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": CSG,
        "answers": {"role": "victim", "violence": ["sexual_violence"], "days_since": 2, "need": ["medical", "now"]},
        "story": "Vrijdag na het feest. Ik weet niet wat ik moet doen.",
        "contact": {"channel": "phone", "value": "+31 6 1234 5678", "safe_times": "na 20:00", "code_word": "regenboog"},
        "passphrase": PASSPHRASE,
        "consent": True,
    }
    data.update(changes)
    return data


def test_create_returns_code_and_status(personas: dict[str, Any]) -> None:
    response = post_json(Client(), CREATE, body())
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "new"
    assert data["organisation"] == CSG
    assert len(data["code"]) == 14 and data["code"].count("-") == 2
    referral = Referral.objects.get()
    assert referral.answers["violence"] == ["sexual_violence"]
    assert referral.contact == {
        "channel": "phone",
        "value": "+31 6 1234 5678",
        "safe_times": "na 20:00",
        "no_voicemail": True,  # safe defaults when the client does not say
        "no_mail": True,
        "code_word": "regenboog",
    }


def test_idempotency_key_gives_one_referral(personas: dict[str, Any]) -> None:
    key = "7f8e2a9c-retry-me"
    first = post_json(Client(), CREATE, body(), {"Idempotency-Key": key})
    second = post_json(Client(), CREATE, body(), {"Idempotency-Key": key})
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1
    # Only a keyed hash of the key is kept.
    referral = Referral.objects.get()
    assert referral.idempotency_key_hash and key not in referral.idempotency_key_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referrals_referral")
        assert key not in repr(cursor.fetchall())


def test_same_key_for_a_different_request_is_refused(personas: dict[str, Any]) -> None:
    post_json(Client(), CREATE, body(), {"Idempotency-Key": "k1"})
    response = post_json(Client(), CREATE, body(story="iets anders"), {"Idempotency-Key": "k1"})
    assert response.status_code == 422
    assert response.json()["error"]["parameter"] == "Idempotency-Key"
    assert Referral.objects.count() == 1


def test_without_key_two_submits_are_two_referrals(personas: dict[str, Any]) -> None:
    post_json(Client(), CREATE, body())
    post_json(Client(), CREATE, body())
    assert Referral.objects.count() == 2


BAD_INPUT = [
    # (description, body or raw text, extra headers/content type, status, parameter)
    ("not json content type", "organisation=x", "text/plain", 415, "body"),
    ("broken json", "{not json", None, 400, "body"),
    ("json array", "[1, 2]", None, 400, "body"),
    ("too large", json.dumps(body(story="x" * 70_000)), None, 413, "body"),
    ("no consent", body(consent=None), None, 400, "consent"),
    ("consent as text", body(consent="yes"), None, 400, "consent"),
    ("unknown field", body(name="Sanne"), None, 400, "name"),
    ("organisation missing", body(organisation=None), None, 400, "organisation"),
    ("unknown organisation", body(organisation="does-not-exist"), None, 400, "organisation"),
    ("organisation without staff on Baken", body(organisation="politie"), None, 400, "organisation"),
    ("answers not an object", body(answers=["victim"]), None, 400, "answers"),
    ("unknown violence code", body(answers={"violence": ["robbery"]}), None, 400, "answers.violence"),
    ("age out of range", body(answers={"age": 200}), None, 400, "answers.age"),
    ("age as bool", body(answers={"age": True}), None, 400, "answers.age"),
    ("unknown answer", body(answers={"shoe_size": 42}), None, 400, "answers.shoe_size"),
    ("two roles", body(answers={"role": ["victim", "relative"]}), None, 400, "answers.role"),
    ("story not text", body(story=["a"]), None, 400, "story"),
    ("story too long", body(story="x" * 5001), None, 400, "story"),
    ("story with NUL", body(story="a\x00b"), None, 400, "story"),
    ("contact missing", body(contact=None), None, 400, "contact"),
    ("unknown channel", body(contact={"channel": "pigeon"}), None, 400, "contact.channel"),
    ("phone without number", body(contact={"channel": "phone"}), None, 400, "contact.value"),
    ("not a phone number", body(contact={"channel": "whatsapp", "value": "call me"}), None, 400, "contact.value"),
    ("not an e-mail address", body(contact={"channel": "email", "value": "me@"}), None, 400, "contact.value"),
    (
        "unknown contact field",
        body(contact={"channel": "self", "address": "Dorpsstraat 1"}),
        None,
        400,
        "contact.address",
    ),
    (
        "voicemail flag as text",
        body(contact={"channel": "self", "no_voicemail": "yes"}),
        None,
        400,
        "contact.no_voicemail",
    ),
    (
        "safe times too long",
        body(contact={"channel": "self", "safe_times": "x" * 201}),
        None,
        400,
        "contact.safe_times",
    ),
    ("short passphrase", body(passphrase="short"), None, 400, "passphrase"),
    ("passphrase missing", body(passphrase=None), None, 400, "passphrase"),
    ("passphrase not text", body(passphrase=12345678), None, 400, "passphrase"),
]


@pytest.mark.parametrize(
    ("case", "payload", "content_type", "status", "parameter"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT]
)
def test_bad_input_names_the_field_and_stores_nothing(
    case: str, payload: Any, content_type: str | None, status: int, parameter: str, personas: dict[str, Any]
) -> None:
    if isinstance(payload, dict):
        payload = {k: v for k, v in payload.items() if v is not None}
        payload = json.dumps(payload)
    response = Client().post(CREATE, data=payload, content_type=content_type or "application/json")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]
    assert Referral.objects.count() == 0


def test_unknown_channel_lists_the_valid_ones(personas: dict[str, Any]) -> None:
    response = post_json(Client(), CREATE, body(contact={"channel": "pigeon"}))
    assert response.json()["error"]["valid_values"] == ["chat", "email", "phone", "self", "whatsapp"]


def test_too_long_idempotency_key(personas: dict[str, Any]) -> None:
    response = post_json(Client(), CREATE, body(), {"Idempotency-Key": "k" * 201})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "Idempotency-Key"
    assert Referral.objects.count() == 0


def test_status_shows_timeline_and_messages(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    services.referral_accept(referral_id=referral.pk, by=personas["anna"])
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="Wij bellen je dinsdag.")
    response = post_json(
        Client(), "/api/v1/referrals/status", {"code": code.lower().replace("-", " "), "passphrase": PASSPHRASE}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "accepted"
    assert [e["status"] for e in data["events"]] == ["new", "accepted"]
    assert data["messages"] == [
        {"at": data["messages"][0]["at"], "from": "organisation", "organisation": CSG, "body": "Wij bellen je dinsdag."}
    ]
    # The person's view never shows staff names or the staff-only close note.
    assert "anna" not in response.content.decode()


def test_reply_and_onward_decision(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    creds = {"code": code, "passphrase": PASSPHRASE}
    response = post_json(Client(), "/api/v1/referrals/messages", {**creds, "message": "Liever na 21:00"})
    assert response.status_code == 201
    assert ReferralMessage.objects.get().body == "Liever na 21:00"
    assert post_json(Client(), "/api/v1/referrals/onward", {**creds, "decision": "approve"}).status_code == 409
    services.referral_propose_onward(referral_id=referral.pk, by=personas["anna"], organisation_slug=VT, note="")
    response = post_json(Client(), "/api/v1/referrals/onward", {**creds, "decision": "maybe"})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "decision"
    response = post_json(Client(), "/api/v1/referrals/onward", {**creds, "decision": "approve"})
    assert response.status_code == 200
    assert response.json()["organisation"]["slug"] == VT
    assert response.json()["status"] == "new"


def test_wrong_code_or_passphrase_give_one_generic_error(personas: dict[str, Any], make_referral: Any) -> None:
    _referral, code = make_referral()
    wrong_passphrase = post_json(Client(), "/api/v1/referrals/status", {"code": code, "passphrase": "not it at all"})
    unknown_code = post_json(Client(), "/api/v1/referrals/status", {"code": "ZZZZ-ZZZZ-ZZZZ", "passphrase": PASSPHRASE})
    assert wrong_passphrase.status_code == unknown_code.status_code == 403
    assert wrong_passphrase.json() == unknown_code.json()


def test_repeated_failures_are_rate_limited_without_revealing_the_code(
    personas: dict[str, Any], make_referral: Any, settings: Any
) -> None:
    settings.BAKEN_ACCESS_ATTEMPTS = 3
    _referral, code = make_referral()
    for _ in range(3):
        assert (
            post_json(
                Client(), "/api/v1/referrals/status", {"code": "ZZZZ-ZZZZ-ZZZZ", "passphrase": "guess 123"}
            ).status_code
            == 403
        )
    right = post_json(Client(), "/api/v1/referrals/status", {"code": code, "passphrase": PASSPHRASE})
    unknown = post_json(Client(), "/api/v1/referrals/status", {"code": "ZZZZ-ZZZZ-ZZZZ", "passphrase": PASSPHRASE})
    assert right.status_code == unknown.status_code == 429
    assert right.json() == unknown.json()
    # The web form shares the same counter.
    assert Client().post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert post_json(other, "/api/v1/referrals/status", {"code": code, "passphrase": PASSPHRASE}).status_code == 200


def test_withdraw_then_the_code_opens_nothing(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    creds = {"code": code, "passphrase": PASSPHRASE}
    response = post_json(Client(), "/api/v1/referrals/withdraw", creds)
    assert response.status_code == 200 and response.json() == {"status": "withdrawn"}
    assert not Referral.objects.exists()
    assert ReferralDeletion.objects.get(public_id=referral.public_id).reason == "withdrawn"
    assert post_json(Client(), "/api/v1/referrals/status", creds).status_code == 403
    assert post_json(Client(), "/api/v1/referrals/withdraw", creds).status_code == 403


def test_code_and_passphrase_must_be_text(personas: dict[str, Any]) -> None:
    response = post_json(Client(), "/api/v1/referrals/status", {"code": 12, "passphrase": PASSPHRASE})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "code"
    response = post_json(Client(), "/api/v1/referrals/status", {"code": "A", "passphrase": PASSPHRASE, "x": 1})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "x"


def test_openapi_documents_the_referral_endpoints() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/referrals",
        "/api/v1/referrals/status",
        "/api/v1/referrals/withdraw",
        "/api/v1/referrals/messages",
        "/api/v1/referrals/onward",
    ]:
        assert "post" in document["paths"][path], path
    assert "ReferralCreate" in document["components"]["schemas"]
