"""The visitor's JSON API (`/api/v1/conversations`). Thin: parse, call a service or selector,
shape the answer. A wrong token and an unknown id answer the same 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from baken.chat import selectors, services
from baken.chat.models import Conversation
from baken.core.api import ApiError, api_view, json_body
from baken.referrals.answers import AnswerError, answers_from_json

START_KEYS = {"queue", "share_answers", "answers"}
NOT_FOUND = "No conversation with this id and token. It may have ended."


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
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _conversation(request: HttpRequest, public_id: str) -> Conversation:
    conversation = selectors.conversation_for_visitor(public_id=public_id, token=_bearer(request))
    if conversation is None:
        raise ApiError("id", NOT_FOUND, status=404)
    return conversation


def _client(request: HttpRequest) -> str:
    session_key = request.session.session_key or "" if hasattr(request, "session") else ""
    return services.client_hash(session_key=session_key, address=request.META.get("REMOTE_ADDR", ""))


def message_json(message: Any) -> dict[str, Any]:
    return {
        "id": message.pk,
        "from": message.sender,
        "text": message.display_text,
        "at": message.at.isoformat(),
    }


def state_json(conversation: Conversation, after: int = 0) -> dict[str, Any]:
    position, estimate = selectors.position_and_estimate(conversation)
    return {
        "status": conversation.status,
        "position": position,
        "estimated_wait_seconds": estimate,
        "messages": [message_json(m) for m in selectors.messages_after(conversation, after)],
    }


@csrf_exempt  # a token in a header, not a cookie: a cross-site form cannot send it
@require_http_methods(["POST"])
@api_view
def conversations(request: HttpRequest) -> JsonResponse:
    if request.content_type != "application/json":
        raise ApiError("Content-Type", "Send the body as application/json.", status=415)
    data = json_body(request)
    unknown = set(data) - START_KEYS
    if unknown:
        name = sorted(unknown)[0]
        raise ApiError(name, f"Unknown field '{name}'.", valid_values=START_KEYS)
    share = data.get("share_answers", False)
    if not isinstance(share, bool):
        raise ApiError("share_answers", "'share_answers' must be true or false.", valid_values={"true", "false"})
    try:
        answers = answers_from_json(data.get("answers"))
    except AnswerError as error:
        raise ApiError(error.parameter, error.message, valid_values=error.valid_values) from None
    try:
        started = services.conversation_start(
            queue_slug=data.get("queue"), share_answers=share, answers=answers, client=_client(request)
        )
    except services.ChatError as error:
        return _error(error)
    conversation = started.conversation
    position, estimate = selectors.position_and_estimate(conversation)
    return JsonResponse(
        {
            "id": str(conversation.public_id),
            "token": started.token,
            "status": conversation.status,
            "position": position,
            "estimated_wait_seconds": estimate,
        },
        status=201,
    )


@require_http_methods(["GET"])
@api_view
def conversation(request: HttpRequest, public_id: str) -> JsonResponse:
    after = request.GET.get("after", "0") or "0"
    if not after.isdigit() or len(after) > 18:
        raise ApiError("after", "'after' must be the id of the last message you saw (a whole number, 0 or more).")
    # Baken's own lines follow Accept-Language (Dutch by default), like the visitor's pages.
    with translation.override(translation.get_language_from_request(request, check_path=False)):
        return JsonResponse(state_json(_conversation(request, public_id), int(after)))


@csrf_exempt
@require_http_methods(["POST"])
@api_view
def messages(request: HttpRequest, public_id: str) -> JsonResponse:
    conversation = _conversation(request, public_id)
    data = json_body(request)
    unknown = set(data) - {"text"}
    if unknown:
        name = sorted(unknown)[0]
        raise ApiError(name, f"Unknown field '{name}'.", valid_values={"text"})
    try:
        message = services.message_send(conversation_id=conversation.pk, text=data.get("text"))
    except services.ChatError as error:
        return _error(error)
    return JsonResponse({"id": message.pk}, status=201)


@csrf_exempt
@require_http_methods(["POST"])
@api_view
def end(request: HttpRequest, public_id: str) -> JsonResponse:
    conversation = _conversation(request, public_id)
    try:
        services.conversation_end_by_visitor(conversation_id=conversation.pk)
    except services.ChatError as error:
        return _error(error)
    return JsonResponse({"status": "ended", "at": timezone.now().isoformat()})
