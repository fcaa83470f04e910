"""The visitor's JSON API, as documented in the issue."""

from __future__ import annotations

from typing import Any

import pytest

from baken.chat import services
from baken.chat.models import Conversation
from baken.core import access
from baken.referrals.models import Referral

from .conftest import ANSWERS, CSG_QUEUE, VT_QUEUE, Api

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conversations"


def open_conversation(api: Api, **body: Any) -> dict[str, Any]:
    response = api.post(BASE, {"queue": CSG_QUEUE, "share_answers": True, "answers": ANSWERS, **body})
    assert response.status_code == 201, response.content
    return response.json()


def test_start_poll_write_and_end(api: Api, on_duty: dict[str, Any]) -> None:
    started = open_conversation(api)
    assert started["status"] == "waiting" and started["position"] == 1
    assert set(started) == {"id", "token", "status", "position", "estimated_wait_seconds"}
    token = started["token"]
    path = f"{BASE}/{started['id']}"

    sent = api.post(f"{path}/messages", {"text": "Hallo, is daar iemand?"}, token)
    assert sent.status_code == 201
    conversation = services.conversation_accept_next(worker=on_duty["anna"])
    assert conversation is not None
    services.message_send(conversation_id=conversation.pk, text="Ja, ik ben er.", by=on_duty["anna"])

    state = api.get(f"{path}?after=0", token).json()
    assert state["status"] == "active" and state["position"] is None
    assert [(m["from"], m["text"]) for m in state["messages"]] == [
        ("visitor", "Hallo, is daar iemand?"),
        ("system", "A worker has joined the chat."),
        ("worker", "Ja, ik ben er."),
    ]
    ids = [m["id"] for m in state["messages"]]
    assert ids == sorted(ids)
    after = api.get(f"{path}?after={ids[1]}", token).json()
    assert [m["id"] for m in after["messages"]] == ids[2:]

    assert api.post(f"{path}/end", {}, token).status_code == 200
    assert api.get(path, token).status_code == 404
    assert not Conversation.objects.exists()


def test_wrong_token_and_unknown_id_answer_the_same_404(api: Api, on_duty: dict[str, Any]) -> None:
    started = open_conversation(api)
    wrong = api.get(f"{BASE}/{started['id']}", "not-the-token")
    unknown = api.get(f"{BASE}/7b0b7c4e-6a1f-4f7e-9d0a-000000000000", started["token"])
    garbage = api.get(f"{BASE}/zzz", started["token"])
    assert wrong.status_code == unknown.status_code == garbage.status_code == 404
    assert wrong.json() == unknown.json() == garbage.json()
    assert api.post(f"{BASE}/{started['id']}/messages", {"text": "x"}, "wrong").status_code == 404
    assert api.post(f"{BASE}/{started['id']}/end", {}).status_code == 404


def test_unknown_queue_is_a_400_naming_queue(api: Api, on_duty: dict[str, Any]) -> None:
    response = api.post(BASE, {"queue": "nope", "share_answers": False, "answers": {}})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] == "queue" and CSG_QUEUE in error["valid_values"]


def test_a_closed_queue_is_a_409_with_what_is_open_now(api: Api, personas: dict[str, Any]) -> None:
    response = api.post(BASE, {"queue": CSG_QUEUE, "share_answers": False, "answers": {}})
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["parameter"] == "queue"
    assert isinstance(body["open_now"], list) and body["open_now"]
    assert all({"organisation", "name", "channels"} <= set(item) for item in body["open_now"])


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"queue": CSG_QUEUE, "share_answers": "yes"}, "share_answers"),
        ({"queue": CSG_QUEUE, "colour": "red"}, "colour"),
        ({"queue": CSG_QUEUE, "answers": {"role": "alien"}}, "answers.role"),
    ],
)
def test_bad_input_names_the_field(api: Api, on_duty: dict[str, Any], body: dict[str, Any], parameter: str) -> None:
    response = api.post(BASE, body)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


def test_an_empty_or_too_long_message_is_refused(api: Api, on_duty: dict[str, Any]) -> None:
    started = open_conversation(api)
    path = f"{BASE}/{started['id']}/messages"
    assert api.post(path, {"text": "  "}, started["token"]).json()["error"]["parameter"] == "text"
    assert api.post(path, {"text": "x" * 2001}, started["token"]).status_code == 400


def test_bad_after_is_a_400(api: Api, on_duty: dict[str, Any]) -> None:
    started = open_conversation(api)
    response = api.get(f"{BASE}/{started['id']}?after=-1", started["token"])
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "after"


def _with_proposal(
    api: Api, on_duty: dict[str, Any], kind: str = "transfer", target: str = VT_QUEUE
) -> tuple[str, str, dict[str, Any]]:
    started = open_conversation(api)
    conversation = services.conversation_accept_next(worker=on_duty["anna"])
    assert conversation is not None
    services.message_send(conversation_id=conversation.pk, text="Het gebeurt thuis", by=on_duty["anna"])
    services.conversation_propose(conversation_id=conversation.pk, worker=on_duty["anna"], kind=kind, target=target)
    path = f"{BASE}/{started['id']}"
    state = api.get(path, started["token"]).json()
    return path, started["token"], state


def test_the_visitor_sees_the_proposal_and_accepts_it(api: Api, on_duty: dict[str, Any]) -> None:
    path, token, state = _with_proposal(api, on_duty)
    proposal = state["proposal"]
    assert proposal["kind"] == "transfer" and proposal["to"] == "Veilig Thuis"
    assert proposal["answers_go_along"] is True and proposal["transcript_offered"] is True
    assert proposal["passphrase_needed"] is False
    answered = api.post(f"{path}/consent", {"proposal": proposal["id"], "accept": True, "transcript": True}, token)
    assert answered.status_code == 200, answered.content
    assert answered.json() == {"accepted": True, "kind": "transfer", "code": None}
    after = api.get(path, token).json()
    assert after["status"] == "waiting" and after["proposal"] is None
    moved = Conversation.objects.get()
    assert moved.queue.slug == VT_QUEUE and moved.transcript_travels


def test_the_visitor_refuses_the_proposal(api: Api, on_duty: dict[str, Any]) -> None:
    path, token, state = _with_proposal(api, on_duty)
    answered = api.post(f"{path}/consent", {"proposal": state["proposal"]["id"], "accept": False}, token)
    assert answered.status_code == 200
    assert answered.json()["accepted"] is False
    after = api.get(path, token).json()
    assert after["status"] == "active" and after["proposal"] is None
    assert Conversation.objects.get().queue.slug == CSG_QUEUE
    again = api.post(f"{path}/consent", {"proposal": state["proposal"]["id"], "accept": True}, token)
    assert again.status_code == 409 and again.json()["error"]["parameter"] == "proposal"


def test_consent_with_a_wrong_token_is_the_same_404(api: Api, on_duty: dict[str, Any]) -> None:
    path, _token, state = _with_proposal(api, on_duty)
    response = api.post(f"{path}/consent", {"proposal": state["proposal"]["id"], "accept": True}, "wrong")
    assert response.status_code == 404
    assert Conversation.objects.get().queue.slug == CSG_QUEUE


@pytest.mark.parametrize(
    ("body", "parameter"),
    [
        ({"accept": True}, "proposal"),
        ({"proposal": 5, "accept": True}, "proposal"),
        ({"proposal": "x"}, "accept"),
        ({"proposal": "x", "accept": "yes"}, "accept"),
        ({"proposal": "x", "accept": True, "transcript": 1}, "transcript"),
        ({"proposal": "x", "accept": True, "why": "no"}, "why"),
    ],
)
def test_bad_consent_input_is_a_400_naming_the_field(
    api: Api, on_duty: dict[str, Any], body: dict[str, Any], parameter: str
) -> None:
    path, token, _state = _with_proposal(api, on_duty)
    response = api.post(f"{path}/consent", body, token)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["parameter"] == parameter
    assert Conversation.objects.get().proposal  # still open


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"passphrase": None},
        {"passphrase": "short"},
        {"passphrase": 12345678},
        {"passphrase": "x" * 201},
    ],
)
def test_a_yes_to_a_handover_without_a_good_passphrase_is_a_400_naming_it(
    api: Api, on_duty: dict[str, Any], body: dict[str, Any]
) -> None:
    path, token, state = _with_proposal(api, on_duty, kind="handover", target="veilig-thuis")
    assert state["proposal"]["kind"] == "handover" and state["proposal"]["passphrase_needed"] is True
    response = api.post(f"{path}/consent", {"proposal": state["proposal"]["id"], "accept": True, **body}, token)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["parameter"] == "passphrase"
    assert "8" in response.json()["error"]["message"]
    assert not Referral.objects.exists()
    assert api.get(path, token).json()["proposal"]["id"] == state["proposal"]["id"]  # still open


def test_the_visitor_says_yes_to_a_handover_with_their_own_passphrase(api: Api, on_duty: dict[str, Any]) -> None:
    path, token, state = _with_proposal(api, on_duty, kind="handover", target="veilig-thuis")
    body = {"proposal": state["proposal"]["id"], "accept": True, "passphrase": "lantaarn bij de brug 7"}
    answered = api.post(f"{path}/consent", body, token)
    assert answered.status_code == 200, answered.content
    referral = Referral.objects.get()
    assert answered.json() == {"accepted": True, "kind": "handover", "code": referral.code}
    assert access.passphrase_matches("lantaarn bij de brug 7", referral.passphrase_hash)
    texts = [m["text"] for m in api.get(path, token).json()["messages"]]
    assert not [t for t in texts if "lantaarn" in t]
