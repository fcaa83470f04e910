"""Pages for staff of the buddy programme: coordinators (all cases, matching, the buddy pool)
and partner organisations that refer a person. Thin: parse input, call one service or
selector, render; rows and `can_*` flags come from `presenters`."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from baken.accounts.permissions import StaffRequest, staff_required
from baken.buddies import eligibility, forms, permissions, presenters, selectors, services
from baken.buddies.models import BuddyCase, CheckIn
from baken.buddies.permissions import COORDINATE, REFER_PERSON
from baken.buddies.views import csg_context, form_error
from baken.buddies.workflow import Actor, Status
from baken.directory.models import OrganisationMember

MATCHING_PAGE_SIZE = 50


@staff_required(REFER_PERSON)
@require_http_methods(["GET", "POST"])
def refer(request: StaffRequest) -> HttpResponse:
    form = forms.ReferralForm(request.POST or None)
    decision = None
    if request.method == "POST" and form.is_valid():
        decision = eligibility.decide(
            sexual_violence=form.cleaned_data["sexual_violence"],
            timing=form.cleaned_data["timing"],
            age=form.cleaned_data["age"],
        )
        if decision.eligible:
            membership = (
                OrganisationMember.objects.filter(user_id=int(request.user.pk or 0))
                .select_related("organisation")
                .first()
            )
            _case, code = services.referral_submit(
                by=request.user,
                organisation_slug=membership.organisation.slug if membership else "",
                contact=form.contact(),
                contact_language=form.cleaned_data["contact_language"],
                note=form.cleaned_data["note"],
            )
            return render(request, "buddies/refer_done.html", {"code": code})
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "decision": decision, **(csg_context() if decision else {})}
    return render(request, "buddies/refer.html", context, status=status)


@staff_required(COORDINATE)
def dashboard(request: StaffRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in Status.values:
        status = None
    summary = selectors.dashboard(user=request.user)
    cases = list(selectors.cases_for_dashboard(user=request.user, status=status))
    today = timezone.localdate()
    rows = presenters.dashboard_rows(cases, today)
    counts = [{"status": s, "label": s.label, "count": summary.counts.get(s.value, 0)} for s in Status]
    return render(
        request,
        "buddies/dashboard.html",
        {"summary": summary, "rows": rows, "counts": counts, "status": status, "today": today},
    )


def _case_page(request: StaffRequest, case: BuddyCase, *, status: int = 200, **forms_in: Any) -> HttpResponse:
    detail = selectors.case_detail(case=case)
    is_coordinator = permissions.actor_for(request.user, case) == Actor.COORDINATOR
    context = {
        "case": case,
        **detail,
        **(presenters.coordinator_flags(case) if is_coordinator else {}),
        "is_coordinator": is_coordinator,
        "contact": case.contact_data,
        "intake": case.intake_data,
        "intake_lines": presenters.intake_lines(case.intake_data, forms.PREFERENCE_FIELDS),
        "message_form": forms_in.get("message_form") or forms.MessageForm(),
        "review_form": forms_in.get("review_form") or forms.PlanReviewForm(),
        "submitted_plan": next((p for p in detail["plans"] if p.state == "submitted"), None),
    }
    return render(request, "buddies/case_detail.html", context, status=status)


@staff_required(COORDINATE)
def case_detail(request: StaffRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id)
    return _case_page(request, case)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def intake_schedule(request: StaffRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="intake_schedule")
    initial = {}
    if case.intake_at:
        local = timezone.localtime(case.intake_at)
        initial = {"day": local.date(), "time": local.time(), "channel": case.intake_channel}
    form = forms.IntakeScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_schedule(case=case, by=request.user, at=form.moment(), channel=form.cleaned_data["channel"])
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/intake_schedule.html", {"case": case, "form": form}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def intake_record(request: StaffRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="intake")
    form = forms.IntakeForm(
        request.POST or None, initial=forms.IntakeForm.initial_from(case.intake_data, case.contact_language)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_record(case=case, by=request.user, intake=form.to_intake())
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/intake_record.html", {"case": case, "form": form}, status=status)


CASE_ACTIONS: dict[str, dict[str, Any]] = {
    "introduce": {"form": forms.NoteForm, "title": gettext_lazy("Record the introduction")},
    "rematch": {"form": forms.NoteForm, "title": gettext_lazy("Look for another buddy")},
    "withdraw": {"form": forms.NoteForm, "title": gettext_lazy("The person stops")},
    "decline": {"form": forms.ReasonForm, "title": gettext_lazy("Not accepted after the intake")},
    "close": {"form": forms.CloseForm, "title": gettext_lazy("Close with an outcome")},
}


def _run_case_action(action: str, case: BuddyCase, by: Any, data: dict[str, Any]) -> None:
    if action == "introduce":
        services.introduction_record(case=case, by=by, note=data["note"])
    elif action == "rematch":
        services.case_rematch(case=case, by=by, note=data["note"])
    elif action == "withdraw":
        services.case_withdraw(case=case, by=by)
    elif action == "decline":
        services.case_decline(case=case, by=by, reason=data["note"])
    elif action == "close":
        services.case_close(case=case, by=by, outcome=data["outcome"], note=data["note"])


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def case_action(request: StaffRequest, case_id: int, action: str) -> HttpResponse:
    if action not in CASE_ACTIONS:
        raise Http404
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view=action)
    spec = CASE_ACTIONS[action]
    form = spec["form"](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _run_case_action(action, case, request.user, form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "buddies/case_action.html",
        {"case": case, "form": form, "action": action, "title": spec["title"]},
        status=status,
    )


@staff_required(COORDINATE)
@require_POST
def plan_review(request: StaffRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="plan_review")
    form = forms.PlanReviewForm(request.POST)
    if form.is_valid():
        try:
            services.plan_review(
                case=case,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    return _case_page(request, case, status=400, review_form=form)


@staff_required(COORDINATE)
@require_POST
def case_message(request: StaffRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="message")
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(case=case, body=form.cleaned_data["body"], by=request.user)
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    return _case_page(request, case, status=400, message_form=form)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def checkin(request: StaffRequest, checkin_id: int) -> HttpResponse:
    item: CheckIn = selectors.checkin_for_coordinator(user=request.user, checkin_id=checkin_id)
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(
                checkin=item,
                by=request.user,
                notes=form.cleaned_data["notes"],
                concern=form.cleaned_data["concern"],
                rematch=form.cleaned_data["rematch"],
            )
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:case", case_id=item.case_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/checkin.html", {"checkin": item, "case": item.case, "form": form}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def matching_page(request: StaffRequest) -> HttpResponse:
    """Proposals for everyone waiting. Confirming one is a POST of (case, buddy); the page is
    computed again afterwards, so it never confirms a stale proposal."""
    error = None
    if request.method == "POST":
        try:
            case_id = int(request.POST.get("case", ""))
            buddy_id = int(request.POST.get("buddy", ""))
        except ValueError:
            error = _("Choose a person and a buddy.")
        else:
            case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="match_confirm")
            buddy = selectors.buddy_for_coordinator(user=request.user, buddy_id=buddy_id)
            try:
                services.match_confirm(case=case, buddy=buddy, by=request.user)
            except (services.BuddyError, services.NotAllowed) as problem:
                error = getattr(problem, "message", str(problem))
            else:
                return redirect("buddies:case", case_id=case.pk)
    run = selectors.matching_run(user=request.user)
    rows = presenters.matching_rows(run)
    page = Paginator(rows, MATCHING_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.record_matching_reads(user=request.user, case_ids=[r["case"].pk for r in page.object_list])
    context = {
        "page": page,
        "error": error,
        "waiting": len(rows),
        "proposed": len(run.result.proposals),
        "unmatched": len(run.result.unmatched),
        "blocker_counts": sorted(run.blocker_counts.items()),
    }
    return render(request, "buddies/matching.html", context, status=400 if error else 200)


@staff_required(COORDINATE)
def buddy_list(request: StaffRequest) -> HttpResponse:
    profiles = selectors.buddy_pool(user=request.user)
    today = timezone.localdate()
    return render(request, "buddies/buddy_list.html", {"profiles": profiles, "today": today})


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def buddy_create(request: StaffRequest) -> HttpResponse:
    form = forms.BuddyProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_profile_create(by=request.user, user=form.cleaned_data["username"], data=form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:buddy_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/buddy_form.html", {"form": form, "profile": None}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def buddy_edit(request: StaffRequest, buddy_id: int) -> HttpResponse:
    profile = selectors.buddy_for_coordinator(user=request.user, buddy_id=buddy_id)
    form = forms.BuddyProfileForm(
        request.POST or None, initial=forms.BuddyProfileForm.initial_from(profile), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_profile_update(by=request.user, profile=profile, data=form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            form_error(form, error)
        else:
            return redirect("buddies:buddy_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/buddy_form.html", {"form": form, "profile": profile}, status=status)
