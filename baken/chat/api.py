"""The visitor's JSON API (`/api/v1/conversations`), a django-ninja router. Thin: parse, call a
service or selector, shape the answer. The token travels in `Authorization: Bearer`, never in
a URL; a wrong token and an unknown id answer the same 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from ninja import Field, Router, Schema

from baken.chat import selectors, services
from baken.chat.models import MAX_MESSAGE, Conversation
from baken.core import access
from baken.core.api import ApiError, Error, json_body, reject_unknown_fields, request_body
from baken.core.errors import DomainError
from baken.referrals.answers import AnswerError, answers_from_json

START_KEYS = {"queue", "share_answers", "answers"}
NOT_FOUND = "No conversation with this id and token. It may have ended."
MAX_AFTER = 10**15

router = Router(tags=["chat"])
BEARER = [
    {
        "name": "Authorization",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": "`Bearer <token>`: the token the conversation was started with.",
    }
]


class ConversationStart(Schema):
    model_config = {"extra": "forbid"}
    queue: str = Field(description="Slug of a chat queue hosted on Baken (a directory channel's `queue`): `baken`.")
    share_answers: bool = Field(False, description="May the worker see the help finder's answers? Told once.")
    answers: dict[str, Any] | None = Field(
        None, description="The help finder's answers (names = the help finder's API parameters); kept only when shared."
    )


class Started(Schema):
    id: str
    token: str = Field(description="Keep it: every later call needs it as `Authorization: Bearer <token>`.")
    status: Literal["waiting"]
    position: int
    estimated_wait_seconds: int | None = Field(description="From the queue's recent waits; null while unknown.")


class MessageOut(Schema):
    id: int = Field(description="Increasing; resume with `?after=<the last id you saw>`.")
    from_: Literal["visitor", "worker", "system"] = Field(alias="from")
    text: str
    at: datetime


class Proposal(Schema):
    id: str = Field(description="Answer it with `POST /conversations/{id}/consent`.")
    kind: Literal["transfer", "handover"] = Field(
        description="`transfer`: to another organisation's chat queue on Baken; `handover`: a warm handover "
        "(the organisation receives your story and contacts you through Baken)."
    )
    to: str = Field(description="Name of the organisation.")
    answers_go_along: bool = Field(description="Your help finder answers go along (only if you shared them).")
    transcript_offered: bool = Field(description="You may let the conversation so far go along; only if you say so.")
    passphrase_needed: bool = Field(
        description="A yes to a handover needs a `passphrase` you choose yourself (never tell it in the chat)."
    )


class State(Schema):
    status: Literal["waiting", "active"]
    position: int | None
    estimated_wait_seconds: int | None
    messages: list[MessageOut]
    proposal: Proposal | None = Field(
        None, description="A worker's proposal waiting for your yes or no; nothing happens without your yes."
    )


class ConsentIn(Schema):
    model_config = {"extra": "forbid"}
    proposal: str = Field(description="The `proposal.id` you answer.")
    accept: bool = Field(description="true: yes, pass me on; false: no.")
    transcript: bool = Field(False, description="May the conversation so far go along? Only with a yes.")
    passphrase: str | None = Field(
        None,
        min_length=access.MIN_PASSPHRASE,
        max_length=access.MAX_PASSPHRASE,
        description="Needed for a yes to a `handover` (`proposal.passphrase_needed`): a passphrase you choose "
        "yourself, at least 8 characters. With it and the code you get you read the organisation's answer. "
        "It is stored only hashed with the handover; the worker never sees it. Ignored otherwise.",
    )


class ConsentOut(Schema):
    accepted: bool
    kind: Literal["transfer", "handover"]
    code: str | None = Field(description="After a handover: the code to write down (with your passphrase).")


class OpenChannel(Schema):
    type: str
    value: str | None
    queue: str | None = Field(description="A chat hosted on Baken: start it with this queue slug.")


class OpenOrganisation(Schema):
    organisation: str
    name: str
    channels: list[OpenChannel]


class Refused(Error):
    open_now: list[OpenOrganisation] = Field(description="Services a person answers right now instead.")


class MessageIn(Schema):
    model_config = {"extra": "forbid"}
    text: str = Field(min_length=1, max_length=MAX_MESSAGE)


class Sent(Schema):
    id: int


class Ended(Schema):
    status: Literal["ended"]
    at: datetime


def _error(error: services.ChatError) -> JsonResponse:
    body: dict[str, Any] = {"status": error.status, "message": str(error.message)}
    if error.field:
        body["parameter"] = error.field
    if error.valid_values is not None:
        body["valid_values"] = error.valid_values
    payload: dict[str, Any] = {"error": body}
    if error.open_now is not None:
        payload["open_now"] = error.open_now
    return JsonResponse(payload, status=error.status)


def _bearer(request: HttpRequest) -> str:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _conversation(request: HttpRequest, public_id: str) -> Conversation:
    conversation = selectors.conversation_for_visitor(public_id=public_id, token=_bearer(request))
    if conversation is None:
        raise ApiError("id", NOT_FOUND, status=404)
    return conversation


def _client(request: HttpRequest) -> str:
    return services.client_hash(session_key="api", address=request.META.get("REMOTE_ADDR", ""))


def message_json(message: Any) -> dict[str, Any]:
    return {"id": message.pk, "from": message.sender, "text": message.display_text, "at": message.at.isoformat()}


def state_json(conversation: Conversation, after: int = 0, *, messages: list[Any] | None = None) -> dict[str, Any]:
    """`messages`: already read (the sockets read them before the row); else those after `after`."""
    position, estimate = selectors.position_and_estimate(conversation)
    if messages is None:
        messages = selectors.messages_after(conversation, after)
    return {
        "status": conversation.status,
        "position": position,
        "estimated_wait_seconds": estimate,
        "messages": [message_json(m) for m in messages],
        "proposal": proposal_json(conversation),
    }


def proposal_json(conversation: Conversation) -> dict[str, Any] | None:
    """The open proposal as the visitor sees it."""
    proposal = conversation.proposal or {}
    if not proposal or conversation.status != "active":
        return None
    return {
        "id": proposal["id"],
        "kind": proposal["kind"],
        "to": proposal["name"],
        "answers_go_along": bool(proposal.get("answers")),
        "transcript_offered": bool(proposal.get("transcript_offered")),
        "passphrase_needed": proposal["kind"] == "handover",
    }


@router.post(
    "/conversations",
    response={201: Started, 400: Error, 403: Error, 409: Refused, 413: Error, 415: Error},
    openapi_extra=request_body(ConversationStart),
    operation_id="startConversation",
    summary="Start an anonymous chat in a queue (no account, no e-mail).",
)
def conversation_start(request: HttpRequest) -> JsonResponse:
    """409 when the queue is outside its hours or nobody is signed in, with what is open now."""
    data = json_body(request)
    reject_unknown_fields(data, START_KEYS)
    if not isinstance(data.get("queue"), str):
        raise ApiError("queue", "'queue' is required: the slug of a chat queue.", valid_values=selectors.queue_slugs())
    share = data.get("share_answers", False)
    if not isinstance(share, bool):
        raise ApiError("share_answers", "'share_answers' must be true or false.", valid_values={"true", "false"})
    try:
        answers = answers_from_json(data.get("answers"))
    except AnswerError as error:
        raise ApiError(error.parameter, error.message, valid_values=error.valid_values) from None
    try:
        started = services.conversation_start(
            queue_slug=data["queue"], share_answers=share, answers=answers, client=_client(request)
        )
    except services.ChatError as error:
        return _error(error)
    conversation = started.conversation
    position, estimate = selectors.position_and_estimate(conversation)
    body = {
        "id": str(conversation.public_id),
        "token": started.token,
        "status": conversation.status,
        "position": position,
        "estimated_wait_seconds": estimate,
    }
    return JsonResponse(body, status=201)


@router.get(
    "/conversations/{public_id}",
    response={200: State, 400: Error, 404: Error},
    openapi_extra={
        "parameters": [
            *BEARER,
            {
                "name": "after",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_AFTER},
                "description": "Only messages with a larger id (the last id you saw).",
            },
        ]
    },
    operation_id="getConversation",
    summary="Status, place in the queue and new messages.",
)
def conversation_get(request: HttpRequest, public_id: str) -> JsonResponse:
    after = request.GET.get("after", "0") or "0"
    if set(request.GET) - {"after"}:
        name = sorted(set(request.GET) - {"after"})[0]
        raise ApiError(name, f"Unknown parameter '{name}'.", valid_values={"after"})
    if not after.isdigit() or int(after) > MAX_AFTER:
        raise ApiError("after", "'after' must be the id of the last message you saw (a whole number, 0 or more).")
    conversation = _conversation(request, public_id)
    # Baken's own lines follow Accept-Language (Dutch by default), like the visitor's pages.
    with translation.override(translation.get_language_from_request(request, check_path=False)):
        return JsonResponse(state_json(conversation, int(after)))


@router.post(
    "/conversations/{public_id}/messages",
    response={201: Sent, 400: Error, 404: Error, 413: Error, 415: Error},
    openapi_extra={**request_body(MessageIn), "parameters": BEARER},
    operation_id="sendConversationMessage",
    summary="Write a message (also while waiting).",
)
def conversation_message(request: HttpRequest, public_id: str) -> JsonResponse:
    conversation = _conversation(request, public_id)
    data = json_body(request)
    reject_unknown_fields(data, {"text"})
    try:
        message = services.message_send(conversation_id=conversation.pk, text=data.get("text"))
    except services.ChatError as error:
        return _error(error)
    return JsonResponse({"id": message.pk}, status=201)


@router.post(
    "/conversations/{public_id}/end",
    response={200: Ended, 404: Error},
    openapi_extra={"parameters": BEARER},
    operation_id="endConversation",
    summary="End the chat. It is deleted at once; afterwards the conversation answers 404.",
)
def conversation_end(request: HttpRequest, public_id: str) -> JsonResponse:
    conversation = _conversation(request, public_id)
    try:
        services.conversation_end_by_visitor(conversation_id=conversation.pk)
    except services.ChatError as error:
        return _error(error)
    return JsonResponse({"status": "ended", "at": timezone.now().isoformat()})


CONSENT_KEYS = {"proposal", "accept", "transcript", "passphrase"}


@router.post(
    "/conversations/{public_id}/consent",
    response={200: ConsentOut, 400: Error, 404: Error, 409: Error, 413: Error, 415: Error},
    openapi_extra={**request_body(ConsentIn), "parameters": BEARER},
    operation_id="answerConversationProposal",
    summary="Say yes or no to a worker's proposal to pass you on. Only a yes sends anything.",
)
def conversation_consent(request: HttpRequest, public_id: str) -> JsonResponse:
    """409 when the proposal is no longer open (answered, replaced or withdrawn); 400 naming
    `passphrase` when a yes to a handover comes without a passphrase of at least 8 characters."""
    conversation = _conversation(request, public_id)
    data = json_body(request)
    reject_unknown_fields(data, CONSENT_KEYS)
    if not isinstance(data.get("proposal"), str):
        raise ApiError("proposal", "'proposal' is required: the id of the open proposal.")
    for name in ("accept", "transcript"):
        if (name in data and not isinstance(data[name], bool)) or (name == "accept" and name not in data):
            raise ApiError(name, f"'{name}' must be true or false.", valid_values={"true", "false"})
    passphrase = data.get("passphrase")
    if passphrase is not None:
        try:
            access.check_passphrase_rule(passphrase)
        except DomainError as error:
            raise ApiError("passphrase", str(error.message)) from None
    try:
        done = services.conversation_consent(
            conversation_id=conversation.pk,
            proposal_id=data["proposal"],
            accept=data["accept"],
            transcript=data.get("transcript", False),
            passphrase=passphrase,
        )
    except services.ChatError as error:
        return _error(error)
    return JsonResponse({"accepted": done.accepted, "kind": done.kind, "code": done.code or None})
