"""The staff inbox: an organisation's own referrals only, every opened referral audited.

Each action is one POST to one URL that calls one service. A step that is no longer possible
(for example a colleague accepted a moment earlier) is answered with 409 and an explanation.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baken.accounts.permissions import StaffRequest, staff_required
from baken.core.errors import DomainError
from baken.core.workflow import TransitionNotAllowed, next_statuses
from baken.referrals import permissions, selectors, services
from baken.referrals.answers import share_items
from baken.referrals.forms import (
    CloseForm,
    DeclineForm,
    FindByCodeForm,
    FirstContactForm,
    ProposeForm,
    StaffMessageForm,
)
from baken.referrals.models import ContactChannel, Referral
from baken.referrals.workflow import FINISHED, OPEN_FOR_MESSAGES, TRANSITIONS, Actor, Status

INBOX_GROUPS = [
    ("new", [Status.NEW]),
    ("active", [Status.ACCEPTED, Status.IN_CONTACT, Status.ONWARD_REFUSED]),
    ("waiting", [Status.ONWARD_PROPOSED]),
    ("finished", [Status.DECLINED, Status.CLOSED]),
]


def _inbox_page(request: StaffRequest, find_form: FindByCodeForm, *, status: int = 200) -> HttpResponse:
    referrals = list(selectors.inbox_for(user=request.user))
    groups = [
        {"key": key, "referrals": [r for r in referrals if r.status in statuses]} for key, statuses in INBOX_GROUPS
    ]
    context = {
        "groups": groups,
        "withdrawn": list(selectors.withdrawn_for(user=request.user)[:50]),
        "find_form": find_form,
        "organisation": permissions.organisation_of(request.user),
    }
    return render(request, "referrals/staff/inbox.html", context, status=status)


@require_GET
@staff_required(permissions.VIEW)
def inbox(request: StaffRequest) -> HttpResponse:
    return _inbox_page(request, FindByCodeForm())


@require_POST
@staff_required(permissions.VIEW)
def find(request: StaffRequest) -> HttpResponse:
    form = FindByCodeForm(request.POST)
    if form.is_valid():
        referral = selectors.referral_find_by_code(user=request.user, code=form.cleaned_data["code"])
        if referral is not None:
            return redirect("referrals:case", public_id=referral.public_id)
        form.add_error("code", _("Your organisation has no referral with this code."))
        return _inbox_page(request, form, status=404)
    return _inbox_page(request, form, status=400)


def _case_page(request: StaffRequest, referral: Referral, *, status: int = 200, **forms: Any) -> HttpResponse:
    can_handle = permissions.can_handle(request.user, referral)
    following = set(next_statuses(TRANSITIONS, referral.status, Actor.ORGANISATION)) if can_handle else set()
    contact = referral.contact or {}
    context = {
        "referral": referral,
        "answers": share_items(referral.answers or {}),
        "contact": contact,
        "contact_channel": ContactChannel(contact["channel"]).label if contact.get("channel") else "",
        "events": selectors.staff_timeline(referral),
        "messages_list": selectors.staff_messages(referral),
        "can_accept": Status.ACCEPTED in following,
        "can_first_contact": Status.IN_CONTACT in following,
        "can_decline": Status.DECLINED in following,
        "can_propose": Status.ONWARD_PROPOSED in following,
        "can_close": Status.CLOSED in following,
        "can_message": can_handle and referral.status in OPEN_FOR_MESSAGES,
        "finished": referral.status in FINISHED,
        "message_form": forms.get("message_form") or StaffMessageForm(),
        "first_contact_form": forms.get("first_contact_form") or FirstContactForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "propose_form": forms.get("propose_form")
        or ProposeForm(organisations=selectors.onward_choices(referral) if can_handle else []),
        "close_form": forms.get("close_form") or CloseForm(),
        "error": forms.get("error"),
    }
    return render(request, "referrals/staff/case.html", context, status=status)


@require_GET
@staff_required(permissions.VIEW)
def case(request: StaffRequest, public_id: str) -> HttpResponse:
    try:
        referral = selectors.referral_get_for_staff(user=request.user, public_id=public_id)
    except Http404:
        # A referral the person withdrew: the organisation learns only that.
        deletion = selectors.deletion_get_for_staff(user=request.user, public_id=public_id)
        return render(request, "referrals/staff/deleted.html", {"deletion": deletion}, status=410)
    return _case_page(request, referral)


def _act(request: StaffRequest, public_id: str, form_name: str, form: Any, action: Any, success: str) -> HttpResponse:
    """Run one staff action on a referral of the user's own organisation."""
    referral = selectors.referral_get_for_staff(user=request.user, public_id=public_id, record_read=False)
    if form is not None and not form.is_valid():
        return _case_page(request, referral, status=400, **{form_name: form})
    try:
        action(referral, form.cleaned_data if form is not None else {})
    except TransitionNotAllowed as error:
        referral.refresh_from_db()
        message = _("%(reason)s Someone else may have just done this. The page now shows the current state.") % {
            "reason": error.message
        }
        return _case_page(request, referral, status=409, error=message)
    except DomainError as error:
        if form is not None and error.field in form.fields:
            form.add_error(error.field, str(error.message))
            return _case_page(request, referral, status=400, **{form_name: form})
        return _case_page(request, referral, status=400, error=str(error.message))
    messages.success(request, success)
    return redirect("referrals:case", public_id=referral.public_id)


@require_POST
@staff_required(permissions.HANDLE)
def accept(request: StaffRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "",
        None,
        lambda r, d: services.referral_accept(referral_id=r.pk, by=request.user),
        _("Accepted. Contact the person in the way they chose."),
    )


@require_POST
@staff_required(permissions.HANDLE)
def first_contact(request: StaffRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "first_contact_form",
        FirstContactForm(request.POST),
        lambda r, d: services.referral_record_first_contact(referral_id=r.pk, by=request.user, note=d["note"]),
        _("First contact recorded."),
    )


@require_POST
@staff_required(permissions.HANDLE)
def message(request: StaffRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "message_form",
        StaffMessageForm(request.POST),
        lambda r, d: services.referral_send_message(referral_id=r.pk, by=request.user, body=d["body"]),
        _("Message sent. The person reads it on their status page."),
    )


@require_POST
@staff_required(permissions.HANDLE)
def decline(request: StaffRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "decline_form",
        DeclineForm(request.POST),
        lambda r, d: services.referral_decline(referral_id=r.pk, by=request.user, reason=d["reason"], note=d["note"]),
        _("Declined. The person sees your reason on their status page."),
    )


@require_POST
@staff_required(permissions.HANDLE)
def propose(request: StaffRequest, public_id: str) -> HttpResponse:
    referral = selectors.referral_get_for_staff(user=request.user, public_id=public_id, record_read=False)
    return _act(
        request,
        public_id,
        "propose_form",
        ProposeForm(request.POST, organisations=selectors.onward_choices(referral)),
        lambda r, d: services.referral_propose_onward(
            referral_id=r.pk, by=request.user, organisation_slug=d["organisation"], note=d["note"]
        ),
        _("Proposal sent. Nothing is shared until the person agrees."),
    )


@require_POST
@staff_required(permissions.HANDLE)
def close(request: StaffRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "close_form",
        CloseForm(request.POST),
        lambda r, d: services.referral_close(referral_id=r.pk, by=request.user, outcome=d["outcome"], note=d["note"]),
        _("Closed. The content is deleted automatically after the retention period."),
    )


@require_GET
@staff_required(permissions.VIEW_AUDIT)
def audit(request: StaffRequest) -> HttpResponse:
    """The audit log: who did or read what, when. An organisation admin sees their own
    organisation's events; a platform admin sees all. Never content."""
    events = selectors.audit_events_for(user=request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    scope = permissions.audit_scope(request.user)
    return render(request, "referrals/staff/audit.html", {"page": page, "all_organisations": scope == "*"})
