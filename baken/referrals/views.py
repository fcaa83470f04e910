"""Pages for the person: the consent screen, the code, and the status page.

Answers, code and passphrase travel only in POST bodies. After code and passphrase match,
this browser session holds a short-lived grant for that one referral, so the status page
and its actions never need the passphrase in a page or a URL.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.core import access
from baken.core.errors import DomainError
from baken.core.workflow import TransitionNotAllowed
from baken.directory import hours
from baken.directory.models import Organisation
from baken.directory.selectors import organisation_get
from baken.referrals import answers as answer_rules
from baken.referrals import selectors, services
from baken.referrals.forms import AccessForm, ConsentForm, MessageForm, OnwardDecisionForm
from baken.referrals.models import ContactChannel, Referral
from baken.referrals.workflow import OPEN_FOR_MESSAGES, Status

ACCESS_SCOPE = selectors.ACCESS_SCOPE
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _organisation(post: Any) -> Organisation:
    slug = str(post.get("organisation", ""))[:120]
    organisation = Organisation.objects.active().filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def _consent_page(
    request: HttpRequest,
    *,
    organisation: Organisation,
    offered: dict[str, Any],
    form: ConsentForm,
    token: str,
    status: int = 200,
) -> HttpResponse:
    receives = selectors.organisation_receives(organisation)
    context = {
        "organisation": organisation,
        "listing": organisation_get(slug=organisation.slug),
        "receives": receives,
        "form": form,
        "offered": answer_rules.to_post_items(offered),
        "token": token,
        "acute": bool(offered.get("acute")),
    }
    return render(request, "referrals/consent.html", context, status=status)


# No CSRF check here: this only shows a form and changes nothing, and partner front doors may
# post their answers to it. Sending (`send`) is protected as usual.
@csrf_exempt
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """The consent screen, reached from the help finder or an organisation's page (POST only:
    the answers must not end up in a URL)."""
    organisation = _organisation(request.POST)
    offered = answer_rules.answers_from_post(request.POST)
    form = ConsentForm(items=answer_rules.share_items(offered), initial={"no_voicemail": True, "no_mail": True})
    return _consent_page(
        request, organisation=organisation, offered=offered, form=form, token=services.new_form_token()
    )


def _channel_label(channel: str | None) -> str | None:
    return str(ContactChannel(channel).label) if channel in ContactChannel.values else None


def _organisation_hours(organisation: Any) -> list[str]:
    """When the organisation's staffed channels are open, in words, from the directory; empty
    when the directory does not know (the page then says so instead of guessing)."""
    lines: list[str] = []
    for channel in organisation.staffed_channels():
        for line in hours.in_words(channel.opening_hours) or ():
            if line not in lines:
                lines.append(line)
    return lines


@require_POST
def send(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request.POST)
    offered = answer_rules.answers_from_post(request.POST)
    token = request.POST.get("form_token", "")
    if not TOKEN.match(token):
        token = services.new_form_token()
    form = ConsentForm(request.POST, items=answer_rules.share_items(offered))
    if form.is_valid():
        data = form.cleaned_data
        try:
            submitted = services.referral_create(
                organisation_slug=organisation.slug,
                answers=answer_rules.keep_only(offered, data["share"]),
                story=data["story"],
                contact=data["contact"],
                passphrase=data["passphrase"],
                # One consent screen sends at most one referral, however often it is submitted.
                idempotency_key=f"web:{token}",
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            referral = submitted.referral
            return render(
                request,
                "referrals/sent.html",
                {
                    "code": submitted.code,
                    "organisation": referral.organisation,
                    "contact": referral.contact,
                    "channel_label": _channel_label(referral.contact.get("channel")),
                    "hours": _organisation_hours(referral.organisation),
                },
                status=201 if not submitted.replayed else 200,
            )
    return _consent_page(request, organisation=organisation, offered=offered, form=form, token=token, status=400)


# --- the status page -----------------------------------------------------------------------


def _granted(request: HttpRequest) -> Referral | None:
    """The referral this browser session opened (the kernel's one grant policy)."""
    public_id = access.granted_id(request, scope=ACCESS_SCOPE)
    referral = selectors.referral_for_grant(public_id=public_id) if public_id else None
    if referral is None:
        access.revoke(request, scope=ACCESS_SCOPE)
    return referral


def _to_status_form() -> HttpResponseRedirect:
    return redirect("referrals:status")


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Code and passphrase, in a POST form. Wrong ones give one generic error; too many
    failures from one address give 429 whether or not the code exists."""
    form = AccessForm(request.POST or None)
    if request.method == "POST":
        if access.is_rate_limited(request, ACCESS_SCOPE):
            return render(request, "referrals/access.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            try:
                referral = selectors.referral_for_person(
                    request=request, code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"]
                )
            except access.RateLimited:
                return render(request, "referrals/access.html", {"form": AccessForm(), "limited": True}, status=429)
            except access.AccessDenied:
                return render(request, "referrals/access.html", {"form": AccessForm(), "denied": True}, status=403)
            access.grant(request, scope=ACCESS_SCOPE, case_id=str(referral.public_id))
            return HttpResponseRedirect(reverse("referrals:detail"), status=303)
        return render(request, "referrals/access.html", {"form": form}, status=400)
    return render(request, "referrals/access.html", {"form": form})


def _status_page(
    request: HttpRequest, referral: Referral, *, reply: MessageForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "referral": referral,
        "events": selectors.person_timeline(referral),
        "messages_list": selectors.person_messages(referral),
        "reply_form": reply or MessageForm(),
        "can_reply": referral.status in OPEN_FOR_MESSAGES,
        "can_decide": referral.status == Status.ONWARD_PROPOSED,
    }
    return render(request, "referrals/detail.html", context, status=status)


@require_GET
def detail(request: HttpRequest) -> HttpResponse:
    referral = _granted(request)
    if referral is None:
        return _to_status_form()
    return _status_page(request, referral)


@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    referral = _granted(request)
    if referral is None:
        return _to_status_form()
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _status_page(request, referral, reply=form, status=400)
    try:
        services.referral_reply(referral_id=referral.pk, body=form.cleaned_data["body"])
    except DomainError as error:
        form.add_error("body", str(error.message))
        return _status_page(request, referral, reply=form, status=400)
    messages.success(request, _("Your message has been sent."))
    return HttpResponseRedirect(reverse("referrals:detail"), status=303)


@require_POST
def onward(request: HttpRequest) -> HttpResponse:
    referral = _granted(request)
    if referral is None:
        return _to_status_form()
    form = OnwardDecisionForm(request.POST)
    if not form.is_valid():
        return _status_page(request, referral, status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.referral_decide_onward(referral_id=referral.pk, approve=approve)
    except TransitionNotAllowed as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("referrals:detail"), status=303)
    messages.success(
        request,
        _("Your story has been sent to the other organisation.")
        if approve
        else _("Your story stays where it is. Nothing was sent on."),
    )
    return HttpResponseRedirect(reverse("referrals:detail"), status=303)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    referral = _granted(request)
    if referral is None:
        return _to_status_form()
    if request.method == "GET":
        return render(request, "referrals/withdraw.html", {"referral": referral})
    try:
        services.referral_withdraw(referral_id=referral.pk)
    except TransitionNotAllowed:
        return _to_status_form()
    access.revoke(request, scope=ACCESS_SCOPE)
    return render(request, "referrals/withdrawn.html")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Close the status page in this browser: the grant is forgotten."""
    access.revoke(request, scope=ACCESS_SCOPE)
    return HttpResponseRedirect(reverse("referrals:status"), status=303)
