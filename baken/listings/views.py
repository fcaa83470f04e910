"""Staff pages of the listings: an organisation admin edits their own listing, a platform
editor reviews. Thin: forms validate, services act, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baken.accounts.permissions import staff_required
from baken.core.workflow import TransitionNotAllowed
from baken.listings import changes as cs
from baken.listings import selectors, services
from baken.listings.forms import ListingForm, SendBackForm
from baken.listings.permissions import can_propose, can_review, may_use_listings
from baken.listings.preview import preview
from baken.listings.workflow import OPEN, Status


def _require_listings(request: HttpRequest) -> None:
    if not may_use_listings(request.user):
        raise PermissionDenied


@staff_required()
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    _require_listings(request)
    rows = selectors.listings_overview(user=request.user)
    if len(rows) == 1 and not can_review(request.user):
        return redirect("listings:edit", slug=rows[0]["org"].slug)
    return render(
        request,
        "listings/overview.html",
        {"rows": rows, "queue": selectors.review_queue(user=request.user), "can_review": can_review(request.user)},
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_listings(request)
    organisation = selectors.organisation_for_edit(user=request.user, slug=slug)
    if not can_propose(request.user, organisation):
        raise PermissionDenied
    form = ListingForm(request.POST or None, organisation=organisation)
    previews = {}
    if request.method == "POST" and form.is_valid() and request.POST.get("action") != "preview":
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                by=request.user,
                organisation=organisation,
                changes=form.change_set(),
                source_kind=data["source_kind"],
                source_ref=data.get("source_ref") or "",
                source_date=data["source_date"],
                urgent=bool(data.get("urgent")),
                confirms_all=bool(data.get("confirms_all")),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Published at once. A platform editor will check it.")
                if proposal.urgent
                else _("Sent for review. A platform editor will check it."),
            )
            return redirect("listings:proposal", proposal_id=proposal.pk)
    now = timezone.now()
    for row in form.channel_rows():
        value = row["hours"].value() if form.is_bound else row["channel"].opening_hours
        previews[row["channel"].pk] = preview(str(value or ""), now)
    return render(
        request,
        "listings/edit.html",
        {
            "organisation": organisation,
            "form": form,
            "rows": [{**row, "preview": previews[row["channel"].pk]} for row in form.channel_rows()],
            "proposals": selectors.proposals_of(organisation=organisation)[:10],
        },
    )


@staff_required()
@require_GET
def hours_preview(request: HttpRequest) -> HttpResponse:
    """The htmx fragment behind the live preview (the form's Preview button does the same without JavaScript)."""
    _require_listings(request)
    expression = next((str(v) for k, v in request.GET.items() if k.endswith("opening_hours")), "")
    return render(request, "listings/_preview.html", {"preview": preview(expression, timezone.now())})


@staff_required()
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, proposal_id: int) -> HttpResponse:
    _require_listings(request)
    item = selectors.proposal_get_for(user=request.user, proposal_id=proposal_id)
    send_back_form = SendBackForm(request.POST if request.POST.get("action") == "send_back" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.proposal_publish(by=request.user, proposal=item)
                messages.success(request, _("Published."))
                return redirect("listings:proposal", proposal_id=item.pk)
            if action == "withdraw":
                services.proposal_withdraw(by=request.user, proposal=item)
                messages.success(request, _("Withdrawn."))
                return redirect("listings:proposal", proposal_id=item.pk)
            if action == "send_back" and send_back_form.is_valid():
                services.proposal_send_back(
                    by=request.user, proposal=item, reason=send_back_form.cleaned_data["reason"]
                )
                messages.success(request, _("Sent back."))
                return redirect("listings:proposal", proposal_id=item.pk)
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
            return redirect("listings:proposal", proposal_id=item.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("listings:proposal", proposal_id=item.pk)
    return render(
        request,
        "listings/proposal.html",
        {
            "proposal": item,
            "diff": cs.diff(item.changes, item.before),
            "can_decide": can_review(request.user) and item.status in OPEN,
            "can_withdraw": item.status == Status.SUBMITTED and can_propose(request.user, item.organisation),
            "send_back_form": send_back_form,
        },
    )


@staff_required()
@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    _require_listings(request)
    organisation = selectors.organisation_for_edit(user=request.user, slug=slug)
    events = [
        {"event": e, "diff": cs.diff(e.changes, e.before) if e.action != "reminded" else []}
        for e in selectors.history_of(organisation=organisation)
    ]
    return render(request, "listings/history.html", {"organisation": organisation, "events": events})
