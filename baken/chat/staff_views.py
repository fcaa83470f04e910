"""The worker console and the supervisor view under /chat/werk/. Staff only (two-step login,
`chat.handle_conversation`; the overview needs `chat.supervise_chat`). The console works with
forms; `static/chat/console.js` adds live updates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baken.accounts.models import User
from baken.accounts.permissions import staff_required
from baken.chat import api, selectors, services
from baken.chat.models import MAX_CAPACITY, CannedText, Conversation, Outcome
from baken.directory.selectors import directory_snapshot
from baken.referrals.answers import QUESTIONS, answers_from_post, share_items
from baken.triage.answers import query_from_answers
from baken.triage.engine import recommend

HANDLE = "chat.handle_conversation"
SWEEP_EVERY_SECONDS = 30
SUPERVISE = "chat.supervise_chat"
OVERVIEW_REFRESH_SECONDS = 10


def _fail(request: HttpRequest, error: services.ChatError) -> None:
    messages.error(request, str(error.message))


@staff_required(HANDLE)
def console(request: HttpRequest) -> HttpResponse:
    context = selectors.console_for(user=request.user)
    context["capacities"] = range(1, MAX_CAPACITY + 1)
    return render(request, "chat/console.html", context)


@staff_required(HANDLE)
@require_GET
def console_state(request: HttpRequest) -> JsonResponse:
    # Consoles poll this every few seconds: at most every 30 s one of them also runs the idle
    # sweep (announce, then end quiet chats; tell staff about long waits). `manage.py chat_sweep`
    # does the same from a timer where nobody has a console open.
    if cache.add("baken:chat:sweep", 1, SWEEP_EVERY_SECONDS):
        services.conversations_sweep_idle()
    context = selectors.console_for(user=request.user)
    return JsonResponse(
        {
            "signed_in": context["presence"] is not None,
            "waiting": context["waiting"],
            "conversations": [str(c.public_id) for c in context["conversations"]],
        }
    )


@staff_required(HANDLE)
@require_POST
def sign_in(request: HttpRequest) -> HttpResponse:
    try:
        services.worker_sign_in(
            user=request.user,
            queue_slugs=request.POST.getlist("queues"),
            capacity=int(request.POST.get("capacity") or 0) if (request.POST.get("capacity") or "0").isdigit() else 0,
        )
    except services.ChatError as error:
        _fail(request, error)
    return redirect("chat:console")


@staff_required(HANDLE)
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.worker_sign_out(user=request.user)
    return redirect("chat:console")


@staff_required(HANDLE)
@require_POST
def accept_next(request: HttpRequest) -> HttpResponse:
    try:
        conversation = services.conversation_accept_next(worker=request.user)
    except services.ChatError as error:
        _fail(request, error)
        return redirect("chat:console")
    if conversation is None:
        messages.info(request, _("Nobody is waiting."))
        return redirect("chat:console")
    return redirect("chat:work", public_id=conversation.public_id)


def _held(request: HttpRequest, public_id: Any) -> Conversation:
    conversation = selectors.conversation_for_worker(user=request.user, public_id=public_id)
    if conversation is None:
        raise Http404
    return conversation


@staff_required(HANDLE)
def work(request: HttpRequest, public_id: Any) -> HttpResponse:
    conversation = selectors.conversation_for_worker(user=request.user, public_id=public_id)
    if conversation is None:
        return render(request, "chat/work_ended.html", status=404)
    answers = conversation.answers if conversation.share_answers else {}
    language = get_language() or "nl"
    recommendation = (
        recommend(query_from_answers(answers), directory_snapshot(), language=language) if answers else None
    )
    organisation = conversation.queue.organisation
    other_queues = [q for q in selectors.queues_for_transfer() if q.pk != conversation.queue_id]
    return render(
        request,
        "chat/work.html",
        {
            "conversation": conversation,
            "answers": share_items(answers),
            "rec": recommendation,
            "messages_": selectors.messages_after(conversation, 0),
            "canned": CannedText.objects.filter(organisation=organisation),
            "outcomes": Outcome.choices,
            "queues": other_queues,
            "organisations": selectors.handover_organisations(),
            "questions": QUESTIONS,
        },
    )


@staff_required(HANDLE)
@require_GET
def work_poll(request: HttpRequest, public_id: Any) -> JsonResponse:
    conversation = selectors.conversation_for_worker(user=request.user, public_id=public_id)
    if conversation is None:
        return JsonResponse({"status": "ended", "messages": []}, status=404)
    after = request.GET.get("after", "0")
    return JsonResponse(api.state_json(conversation, int(after) if after.isdigit() and len(after) < 18 else 0))


@staff_required(HANDLE)
@require_POST
def work_action(request: HttpRequest, public_id: Any) -> HttpResponse:
    conversation = _held(request, public_id)
    action = request.POST.get("action", "")
    wants_json = request.headers.get("Accept") == "application/json"
    try:
        if action == "send":
            message = services.message_send(
                conversation_id=conversation.pk, text=request.POST.get("text"), by=request.user
            )
            if wants_json:
                return JsonResponse({"id": message.pk}, status=201)
        elif action == "canned":
            # Without JavaScript: send one of the organisation's canned texts as it is.
            raw = request.POST.get("canned", "")
            canned = (
                CannedText.objects.filter(pk=int(raw), organisation=conversation.queue.organisation).first()
                if raw.isdigit()
                else None
            )
            if canned is None:
                raise services.ChatError(_("Choose a canned text."), field="canned")
            services.message_send(conversation_id=conversation.pk, text=canned.text, by=request.user)
        elif action == "suggest":
            text = selectors.organisation_card(request.POST.get("organisation", ""))
            if not text:
                raise services.ChatError(_("Choose an organisation."), field="organisation")
            services.message_send(conversation_id=conversation.pk, text=text, by=request.user)
        elif action in ("transfer", "handover") and conversation.kind == "chat":
            # A chat visitor gives their own yes on their page; the worker only proposes.
            services.conversation_propose(
                conversation_id=conversation.pk,
                worker=request.user,
                kind=action,
                target=request.POST.get("queue" if action == "transfer" else "organisation", ""),
            )
            messages.success(request, _("The question was put to the person. Nothing happens until they say yes."))
        elif action == "transfer":
            services.conversation_transfer(
                conversation_id=conversation.pk,
                worker=request.user,
                queue_slug=request.POST.get("queue", ""),
                consent=request.POST.get("consent") == "yes",
                transcript_travels=request.POST.get("transcript") == "yes",
            )
            messages.success(request, _("The conversation was transferred."))
            return redirect("chat:console")
        elif action == "handover":
            code = services.conversation_handover(
                conversation_id=conversation.pk,
                worker=request.user,
                organisation_slug=request.POST.get("organisation", ""),
                consent=request.POST.get("consent") == "yes",
                passphrase=request.POST.get("passphrase", ""),
                include_transcript=request.POST.get("transcript") == "yes",
            )
            messages.success(request, _("The handover was sent. The person's code is %(code)s.") % {"code": code})
        elif action == "answers":
            services.conversation_answers_set(
                conversation_id=conversation.pk, worker=request.user, answers=answers_from_post(request.POST)
            )
        elif action == "close":
            services.conversation_close(
                conversation_id=conversation.pk, worker=request.user, outcome=request.POST.get("outcome", "")
            )
            messages.success(request, _("The conversation was closed and deleted."))
            return redirect("chat:console")
        elif action == "block":
            services.visitor_block(conversation_id=conversation.pk, worker=request.user)
            messages.success(request, _("This person cannot start a chat for 24 hours."))
            return redirect("chat:console")
        else:
            raise services.ChatError(_("Unknown action."), field="action")
    except services.ChatError as error:
        if wants_json:
            return JsonResponse({"error": {"status": error.status, "message": str(error.message)}}, status=400)
        _fail(request, error)
    return redirect("chat:work", public_id=conversation.public_id)


@staff_required(HANDLE)
def phone(request: HttpRequest) -> HttpResponse:
    """Record a phone call: answer the help finder on the caller's behalf."""
    queues = selectors.queues_for_worker(user=request.user)
    if request.method == "POST":
        try:
            conversation = services.phone_call_record(
                worker=request.user, queue_slug=request.POST.get("queue", ""), answers=answers_from_post(request.POST)
            )
        except services.ChatError as error:
            _fail(request, error)
        else:
            return redirect("chat:work", public_id=conversation.public_id)
    return render(request, "chat/phone.html", {"queues": queues, "questions": QUESTIONS})


@staff_required(SUPERVISE)
def overview(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        raw_id = request.POST.get("conversation") or ""
        raw_worker = request.POST.get("worker") or ""
        conversation = Conversation.objects.filter(public_id=raw_id).first() if selectors._is_uuid(raw_id) else None
        to = User.objects.filter(pk=int(raw_worker)).first() if raw_worker.isdigit() else None
        rows = selectors.supervisor_overview(user=request.user)
        visible = {c.pk for row in rows for c in row["waiting"] + row["active"]}
        if conversation is None or to is None or conversation.pk not in visible:
            messages.error(request, _("Choose a conversation and a worker."))
        else:
            try:
                services.conversation_reassign(conversation_id=conversation.pk, supervisor=request.user, to=to)
                messages.success(request, _("The conversation was reassigned."))
            except services.ChatError as error:
                _fail(request, error)
        return redirect("chat:overview")
    return render(
        request,
        "chat/overview.html",
        {
            "rows": selectors.supervisor_overview(user=request.user),
            "refresh": OVERVIEW_REFRESH_SECONDS,
            "now": timezone.localtime(),
        },
    )


# --- canned texts: organisation admins keep their own organisation's ---------------------


def _canned_form(
    request: HttpRequest, template: str, context: dict[str, Any], error: services.ChatError
) -> HttpResponse:
    context.update({"error": str(error.message), "error_field": error.field, "form": request.POST})
    return render(request, template, context, status=400)


@staff_required(services.MANAGE_CANNED)
def canned_list(request: HttpRequest) -> HttpResponse:
    """List and add: only texts of the admin's own organisation, ever."""
    organisation = services.canned_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    context: dict[str, Any] = {
        "organisation": organisation,
        "texts": CannedText.objects.filter(organisation=organisation),
        "form": {},
    }
    if request.method == "POST":
        try:
            services.canned_text_create(
                user=request.user, title=request.POST.get("title"), text=request.POST.get("text")
            )
        except services.ChatError as error:
            return _canned_form(request, "chat/canned.html", context, error)
        messages.success(request, _("The text was added."))
        return redirect("chat:canned")
    return render(request, "chat/canned.html", context)


@staff_required(services.MANAGE_CANNED)
def canned_edit(request: HttpRequest, canned_id: int) -> HttpResponse:
    organisation = services.canned_organisation(request.user)
    canned = CannedText.objects.filter(pk=canned_id, organisation=organisation).first() if organisation else None
    if canned is None:
        raise Http404
    context: dict[str, Any] = {"canned": canned, "form": {"title": canned.title, "text": canned.text}}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                services.canned_text_delete(user=request.user, canned_id=canned.pk)
                messages.success(request, _("The text was deleted."))
            else:
                services.canned_text_update(
                    user=request.user,
                    canned_id=canned.pk,
                    title=request.POST.get("title"),
                    text=request.POST.get("text"),
                )
                messages.success(request, _("The text was saved."))
        except services.ChatError as error:
            return _canned_form(request, "chat/canned_edit.html", context, error)
        return redirect("chat:canned")
    return render(request, "chat/canned_edit.html", context)
