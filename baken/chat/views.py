"""The visitor's pages under /chat/. They work without JavaScript: form posts and a meta
refresh. With JavaScript (`static/chat/visitor.js`) the same page uses a WebSocket and falls
back to polling `poll`. The conversation's id and token live only in the session, never in
a URL."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.chat import api, selectors, services
from baken.chat.models import Conversation
from baken.core import access
from baken.core.errors import DomainError
from baken.referrals.answers import answers_from_post, share_items, to_post_items

SCOPE = "chat"  # the kernel's session grant: this browser session holds this one conversation
CLIENT_KEY = "baken_chat_client"
REFRESH_SECONDS = 10


def visitor_conversation(request: Any) -> Conversation | None:
    return selectors.conversation_for_grant(public_id=access.granted_id(request, scope=SCOPE))


def _client(request: HttpRequest) -> str:
    # A random value in the session (it survives the grant's key cycling) plus the address.
    nonce = request.session.setdefault(CLIENT_KEY, secrets.token_hex(16))
    return services.client_hash(session_key=nonce, address=request.META.get("REMOTE_ADDR", ""))


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, queue: str) -> HttpResponse:
    """Start page of one queue: shows honestly whether it takes chats now; answers from the
    help finder arrive as hidden fields and are shared only when the person says yes."""
    found = selectors.queue_get(slug=queue)
    if found is None:
        return render(request, "chat/start.html", {"missing": True}, status=404)
    if visitor_conversation(request) is not None:
        return redirect("chat:conversation")
    now = timezone.now()
    answers = answers_from_post(request.POST) if request.method == "POST" else {}
    context: dict[str, Any] = {
        "queue": found,
        "state": selectors.queue_state(found, now),
        "answers": share_items(answers),
        "hidden": to_post_items(answers),
        "open_now": [],
    }
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            started = services.conversation_start(
                queue_slug=found.slug,
                share_answers=request.POST.get("share") == "yes",
                answers=answers,
                client=_client(request),
            )
        except services.ChatError as error:
            context["error"] = error.message
            context["open_now"] = error.open_now or []
            return render(request, "chat/start.html", context, status=error.status)
        access.grant(request, scope=SCOPE, case_id=str(started.conversation.public_id))
        return redirect("chat:conversation")
    if not context["state"].takes_conversations:
        context["open_now"] = selectors.open_now(now, exclude_queue=found.slug)
    return render(request, "chat/start.html", context)


def _gone(request: HttpRequest) -> HttpResponse:
    access.revoke(request, scope=SCOPE)
    return render(request, "chat/ended.html", status=200)


def _typed_differently(passphrase: str, again: str) -> bool:
    """The passphrase is typed in hidden fields, twice: a typo would lock the person out of the
    organisation's answer. (A passphrase that breaks the rule is left to the service, which
    says so next to the first field.)"""
    try:
        access.check_passphrase_rule(passphrase)
    except DomainError:
        return False
    return passphrase != again


@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest) -> HttpResponse:
    held = visitor_conversation(request)
    if held is None:
        return _gone(request)
    error = None
    proposal_error = None  # next to the passphrase field of the proposal's form
    again_error = False  # the passphrase typed twice differently
    transcript_ticked = False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "end":
                services.conversation_end_by_visitor(conversation_id=held.pk)
                return _gone(request)
            if action in ("consent-yes", "consent-no"):
                transcript_ticked = request.POST.get("transcript") == "yes"
                passphrase = request.POST.get("passphrase", "")  # the person's own; never echoed back
                again_error = (
                    action == "consent-yes"
                    and (held.proposal or {}).get("kind") == "handover"
                    and _typed_differently(passphrase, request.POST.get("passphrase_again", ""))
                )
                if not again_error:
                    services.conversation_consent(
                        conversation_id=held.pk,
                        proposal_id=request.POST.get("proposal", ""),
                        accept=action == "consent-yes",
                        transcript=transcript_ticked,
                        passphrase=passphrase,
                    )
                    return HttpResponseRedirect(reverse("chat:conversation") + "#last")
            else:
                message = services.message_send(conversation_id=held.pk, text=request.POST.get("text", ""))
                if request.headers.get("Accept") == "application/json":
                    return JsonResponse({"id": message.pk}, status=201)
                return HttpResponseRedirect(reverse("chat:conversation") + "#last")
        except services.ChatError as problem:
            if request.headers.get("Accept") == "application/json":
                return JsonResponse({"error": {"status": problem.status, "message": str(problem.message)}}, status=400)
            if problem.field == "passphrase":
                proposal_error = problem.message
            else:
                error = problem.message
    state = api.state_json(held)
    estimate = state["estimated_wait_seconds"]
    return render(
        request,
        "chat/conversation.html",
        {
            "conversation": held,
            "state": state,
            "proposal": state["proposal"],
            "minutes": None if estimate is None else max(1, -(-estimate // 60)),
            "refresh": REFRESH_SECONDS,
            "error": error,
            "proposal_error": proposal_error,
            "again_error": again_error,
            "transcript_ticked": transcript_ticked,
        },
        status=400 if error or proposal_error or again_error else 200,
    )


@require_GET
def write(request: HttpRequest) -> HttpResponse:
    """The message form without the refresh, for people who need time to write."""
    if visitor_conversation(request) is None:
        return redirect("chat:conversation")
    return render(request, "chat/write.html")


@require_GET
def poll(request: HttpRequest) -> JsonResponse:
    """The JavaScript fallback when the WebSocket does not connect: state and new messages."""
    held = visitor_conversation(request)
    if held is None:
        return JsonResponse({"status": "ended", "messages": []}, status=404)
    after = request.GET.get("after", "0")
    return JsonResponse(api.state_json(held, int(after) if after.isdigit() and len(after) < 18 else 0))


@require_POST
def end(request: HttpRequest) -> HttpResponse:
    held = visitor_conversation(request)
    if held is not None:
        services.conversation_end_by_visitor(conversation_id=held.pk)
    return _gone(request)
