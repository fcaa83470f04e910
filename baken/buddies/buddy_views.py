"""Pages for buddies: their own current matches, the messages and the plan of each."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from baken.accounts.permissions import StaffRequest, staff_required
from baken.buddies import forms, presenters, selectors, services
from baken.buddies.permissions import ACT_AS_BUDDY
from baken.buddies.views import form_error, plan_page
from baken.buddies.workflow import Status


@staff_required(ACT_AS_BUDDY)
def my_matches(request: StaffRequest) -> HttpResponse:
    return render(request, "buddies/my_matches.html", {"matches": selectors.matches_for_buddy(user=request.user)})


@staff_required(ACT_AS_BUDDY)
@require_http_methods(["GET", "POST"])
def match_detail(request: StaffRequest, match_id: int) -> HttpResponse:
    match = selectors.match_for_buddy(user=request.user, match_id=match_id)
    form = forms.MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_post(case=match.case, body=form.cleaned_data["body"], by=request.user)
            except (services.BuddyError, services.NotAllowed) as error:
                form_error(form, error)
            else:
                return redirect("buddies:match", match_id=match.pk)
        status = 400
    context = selectors.buddy_view(match=match)
    intake = match.case.intake_data
    return render(
        request,
        "buddies/match_detail.html",
        {**context, **presenters.buddy_flags(match.case), "form": form, "intake": intake, "Status": Status},
        status=status,
    )


@staff_required(ACT_AS_BUDDY)
@require_http_methods(["GET", "POST"])
def match_plan(request: StaffRequest, match_id: int) -> HttpResponse:
    match = selectors.match_for_buddy(user=request.user, match_id=match_id, view="plan")
    response = plan_page(
        request,
        match.case,
        by=request.user,
        as_person=False,
        template="buddies/match_plan.html",
        extra={"match": match},
    )
    return response or redirect(reverse("buddies:match", kwargs={"match_id": match.pk}))
