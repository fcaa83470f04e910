"""Pages of the buddy programme. Thin: parse input, call one service or selector, render.

Public pages (application, the person's own case) keep answers in POST bodies and have
neutral titles. Staff pages need a login with a second factor and a permission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from baken.accounts.permissions import staff_required
from baken.buddies import eligibility, forms, permissions, presenters, selectors, services
from baken.buddies.choices import PROGRAMME_ORGANISATION, Source
from baken.buddies.models import BuddyCase, CheckIn
from baken.buddies.permissions import ACT_AS_BUDDY, COORDINATE, REFER_PERSON
from baken.buddies.workflow import OPEN_STATUSES, Status
from baken.core import access
from baken.directory.models import OrganisationMember
from baken.directory.selectors import directory_snapshot

PERSON_SESSION = "buddies_case"
ACCESS_SCOPE = "buddies"
MATCHING_PAGE_SIZE = 50


def _organisation(slug: str) -> Any:
    return next((o for o in directory_snapshot() if o.slug == slug), None)


def _csg_context() -> dict[str, Any]:
    """Centrum Seksueel Geweld from the directory: its staffed channels and whether they are open."""
    org = _organisation(eligibility.CSG_SLUG)
    if org is None:
        return {"csg": None}
    moment = timezone.now()
    channels = [{"channel": c, "open": c.open_at(moment)} for c in org.staffed_channels]
    return {"csg": org, "csg_channels": channels}


def _form_error(form: django_forms.Form, error: Exception) -> None:
    field = getattr(error, "field", None)
    message = getattr(error, "message", str(error))
    form.add_error(field if field in form.fields else None, message)


# --- public: about and applying ---


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "buddies/index.html", {"organisation": _organisation(PROGRAMME_ORGANISATION)})


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Two steps, both by POST: three eligibility questions, then contact details and a
    passphrase. Nothing is stored until the second step is sent. Not eligible: the reason and
    Centrum Seksueel Geweld (24/7) instead."""
    if request.method == "GET":
        return render(request, "buddies/apply_eligibility.html", {"form": forms.EligibilityForm()})
    data: QueryDict = request.POST
    if data.get("source") == Source.HELP_FINDER and "sexual_violence" not in data:
        # Posted from the help finder's results with the person's answers (in the body, never
        # the URL): what the finder already knows is not asked again.
        known = forms.eligibility_from_help_finder(data)
        if len(known) < 3:
            prefilled = forms.EligibilityForm(initial=known)
            return render(request, "buddies/apply_eligibility.html", {"form": prefilled, "source": Source.HELP_FINDER})
        data = data.copy()
        data.update(known)
    check = forms.EligibilityForm(data)
    if not check.is_valid():
        return render(request, "buddies/apply_eligibility.html", {"form": check}, status=400)
    decision = eligibility.decide(
        sexual_violence=check.cleaned_data["sexual_violence"],
        timing=check.cleaned_data["timing"],
        age=check.cleaned_data["age"],
    )
    if not decision.eligible:
        return render(request, "buddies/apply_not_eligible.html", {"decision": decision, **_csg_context()})
    source = Source.HELP_FINDER if data.get("source") == Source.HELP_FINDER else Source.WEBSITE
    context: dict[str, Any] = {"eligibility": check.cleaned_data, "source": source}
    if data.get("step") != "details":
        return render(request, "buddies/apply_details.html", {**context, "form": forms.ApplicationForm()})
    form = forms.ApplicationForm(request.POST)
    if form.is_valid():
        try:
            case, code = services.application_submit(
                contact=form.contact(),
                contact_language=form.cleaned_data["contact_language"],
                note=form.cleaned_data["note"],
                passphrase=form.cleaned_data["passphrase"],
                source=source,
            )
        except services.BuddyError as error:
            _form_error(form, error)
        else:
            _person_login(request, case)
            return render(request, "buddies/apply_done.html", {"code": code})
    return render(request, "buddies/apply_details.html", {**context, "form": form}, status=400)


# --- public: the person's own case ---


def _person_login(request: HttpRequest, case: BuddyCase) -> None:
    request.session.cycle_key()
    request.session[PERSON_SESSION] = case.pk


def _person_case(request: HttpRequest) -> BuddyCase | None:
    return selectors.case_for_person_session(case_id=request.session.get(PERSON_SESSION))


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        case = _person_case(request)
        if case is None:
            return redirect("buddies:access")
        return view(request, case, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_http_methods(["GET", "POST"])
def person_access(request: HttpRequest) -> HttpResponse:
    """Code + passphrase. A wrong code and a wrong passphrase get the same answer; guessing is
    rate-limited per client address."""
    if request.method == "GET":
        return render(request, "buddies/access.html", {"form": forms.AccessForm()})
    if access.is_rate_limited(request, ACCESS_SCOPE):
        return _access_refused(request, "buddies/access.html", forms.AccessForm(), access.RATE_LIMITED, 429)
    form = forms.AccessForm(request.POST)
    if form.is_valid():
        case = selectors.case_for_person(code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"])
        if case is not None:
            _person_login(request, case)
            return redirect("buddies:person_case")
    access.register_failure(request, ACCESS_SCOPE)
    return _access_refused(request, "buddies/access.html", forms.AccessForm(), access.GENERIC_ERROR, 400)


def _access_refused(
    request: HttpRequest, template: str, form: django_forms.Form, error: Any, status: int
) -> HttpResponse:
    # A fresh form: nothing typed is echoed back, and both wrong fields look the same.
    return render(request, template, {"form": form, "access_error": error}, status=status)


@require_http_methods(["GET", "POST"])
def person_activate(request: HttpRequest) -> HttpResponse:
    """First visit after a referral: the person chooses their passphrase with the code."""
    if request.method == "GET":
        return render(request, "buddies/activate.html", {"form": forms.ActivateForm()})
    if access.is_rate_limited(request, ACCESS_SCOPE):
        return _access_refused(request, "buddies/activate.html", forms.ActivateForm(), access.RATE_LIMITED, 429)
    form = forms.ActivateForm(request.POST)
    if not form.is_valid():
        return render(request, "buddies/activate.html", {"form": form}, status=400)
    case = selectors.case_waiting_for_passphrase(code=form.cleaned_data["code"])
    if case is None:
        access.register_failure(request, ACCESS_SCOPE)
        return _access_refused(request, "buddies/activate.html", forms.ActivateForm(), access.GENERIC_ERROR, 400)
    services.passphrase_set(case=case, passphrase=form.cleaned_data["passphrase"])
    _person_login(request, case)
    return redirect("buddies:person_case")


@require_http_methods(["GET", "POST"])
@person_required
def person_case(request: HttpRequest, case: BuddyCase) -> HttpResponse:
    form = forms.MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_post(case=case, body=form.cleaned_data["body"], as_person=True)
            except (services.BuddyError, services.NotAllowed) as error:
                _form_error(form, error)
            else:
                return redirect("buddies:person_case")
        status = 400
    context = selectors.person_view(case=case)
    return render(
        request,
        "buddies/person_case.html",
        {**context, "form": form, "Status": Status, "can_withdraw": case.status in OPEN_STATUSES},
        status=status,
    )


def _plan_initial(plan: Any) -> dict[str, Any]:
    return plan.content_data if plan is not None else {}


def _plan_page(
    request: HttpRequest, case: BuddyCase, *, by: Any, as_person: bool, template: str, extra: dict[str, Any]
) -> HttpResponse | None:
    """The plan form for the person or the buddy; None once a version was saved."""
    latest = case.plan_versions.order_by("-number").first()
    form = forms.PlanForm(request.POST or None, initial=_plan_initial(latest))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(
                case=case,
                content=form.cleaned_data,
                submit="submit" in request.POST,
                by=by,
                as_person=as_person,
            )
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
        else:
            return None
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {**extra, "case": case, "form": form, "latest": latest, "can_edit": case.status == Status.INTRODUCED},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def person_plan(request: HttpRequest, case: BuddyCase) -> HttpResponse:
    response = _plan_page(request, case, by=None, as_person=True, template="buddies/person_plan.html", extra={})
    return response or redirect("buddies:person_case")


@require_http_methods(["GET", "POST"])
@person_required
def person_withdraw(request: HttpRequest, case: BuddyCase) -> HttpResponse:
    if request.method == "POST":
        try:
            services.case_withdraw(case=case, as_person=True)
        except services.NotAllowed:
            return render(request, "buddies/person_withdraw.html", {"case": case, "refused": True}, status=400)
        request.session.flush()
        return render(request, "buddies/person_withdrawn.html")
    return render(request, "buddies/person_withdraw.html", {"case": case})


@require_POST
def person_logout(request: HttpRequest) -> HttpResponse:
    request.session.pop(PERSON_SESSION, None)
    request.session.cycle_key()
    return redirect("buddies:index")


# --- partner organisations refer ---


@staff_required(REFER_PERSON)
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
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
    context = {"form": form, "decision": decision, **(_csg_context() if decision else {})}
    return render(request, "buddies/refer.html", context, status=status)


# --- coordinators ---


@staff_required(COORDINATE)
def dashboard(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    if status not in Status.values:
        status = None
    summary = selectors.dashboard(user=request.user)
    cases = list(selectors.cases_for_dashboard(user=request.user, status=status))
    today = timezone.localdate()
    rows = [
        {
            "case": case,
            "buddy": case.open_matches[0].buddy if case.open_matches else None,  # type: ignore[attr-defined]
            "next_checkin": case.open_checkins[0] if case.open_checkins else None,  # type: ignore[attr-defined]
            "overdue": bool(case.open_checkins and case.open_checkins[0].due_on < today),  # type: ignore[attr-defined]
        }
        for case in cases
    ]
    counts = [{"status": s, "label": s.label, "count": summary.counts.get(s.value, 0)} for s in Status]
    return render(
        request,
        "buddies/dashboard.html",
        {"summary": summary, "rows": rows, "counts": counts, "status": status, "today": today},
    )


def _case_page(request: HttpRequest, case: BuddyCase, *, status: int = 200, **forms_in: Any) -> HttpResponse:
    detail = selectors.case_detail(case=case)
    acting_as = permissions.actor_for(request.user, case)
    context = {
        "case": case,
        **detail,
        "Status": Status,
        "is_coordinator": acting_as == "coordinator",
        "contact": case.contact_data,
        "intake": case.intake_data,
        "intake_lines": _intake_lines(case.intake_data),
        "message_form": forms_in.get("message_form") or forms.MessageForm(),
        "review_form": forms_in.get("review_form") or forms.PlanReviewForm(),
        "submitted_plan": next((p for p in detail["plans"] if p.state == "submitted"), None),
    }
    return render(request, "buddies/case_detail.html", context, status=status)


def _intake_lines(intake: dict[str, Any]) -> list[dict[str, str]]:
    lines = []
    preferences = intake.get("preferences") or {}
    for name, label, _choices in forms.PREFERENCE_FIELDS:
        wish = preferences.get(name) or {}
        if wish.get("values"):
            lines.append(
                {
                    "label": str(label),
                    "values": presenters.values_text(name, wish["values"]),
                    "importance": _("required") if wish.get("required") else _("nice to have"),
                }
            )
    age = preferences.get("age") or {}
    if age.get("min") is not None or age.get("max") is not None:
        lines.append(
            {
                "label": _("Age of the buddy"),
                "values": presenters._age_text((str(age.get("min") or ""), str(age.get("max") or ""))),
                "importance": _("required") if age.get("required") else _("nice to have"),
            }
        )
    return lines


@staff_required(COORDINATE)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id)
    return _case_page(request, case)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def intake_schedule(request: HttpRequest, case_id: int) -> HttpResponse:
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
            _form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/intake_schedule.html", {"case": case, "form": form}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def intake_record(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="intake")
    form = forms.IntakeForm(
        request.POST or None, initial=forms.IntakeForm.initial_from(case.intake_data, case.contact_language)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_record(case=case, by=request.user, intake=form.to_intake())
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
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
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    if action not in CASE_ACTIONS:
        raise Http404
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view=action)
    spec = CASE_ACTIONS[action]
    form = spec["form"](request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _run_case_action(action, case, request.user, form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
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
def plan_review(request: HttpRequest, case_id: int) -> HttpResponse:
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
            _form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    return _case_page(request, case, status=400, review_form=form)


@staff_required(COORDINATE)
@require_POST
def case_message(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_for_coordinator(user=request.user, case_id=case_id, view="message")
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(case=case, body=form.cleaned_data["body"], by=request.user)
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
        else:
            return redirect("buddies:case", case_id=case.pk)
    return _case_page(request, case, status=400, message_form=form)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, checkin_id: int) -> HttpResponse:
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
            _form_error(form, error)
        else:
            return redirect("buddies:case", case_id=item.case_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/checkin.html", {"checkin": item, "case": item.case, "form": form}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def matching_page(request: HttpRequest) -> HttpResponse:
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
    proposals = {p.person_id: p for p in run.result.proposals}
    blockers = {u.person_id: u.blockers for u in run.result.unmatched}
    rows = []
    for case_id, case in run.cases.items():
        proposal = proposals.get(case_id)
        rows.append(
            {
                "case": case,
                "proposal": proposal,
                "buddy": run.profiles[proposal.buddy_id] if proposal else None,
                "reasons": presenters.reason_lines(proposal.reasons) if proposal else [],
                "blockers": [presenters.blocker_text(b) for b in blockers.get(case_id, ())],
                "alternatives": [
                    {
                        "buddy": run.profiles[a.buddy_id],
                        "value": a.value,
                        "room_after": a.room_after_proposals,
                        "reasons": presenters.reason_lines(a.reasons),
                    }
                    for a in run.result.alternatives.get(case_id, ())
                ],
            }
        )
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
def buddy_list(request: HttpRequest) -> HttpResponse:
    profiles = selectors.buddy_pool(user=request.user)
    today = timezone.localdate()
    return render(request, "buddies/buddy_list.html", {"profiles": profiles, "today": today})


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def buddy_create(request: HttpRequest) -> HttpResponse:
    form = forms.BuddyProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_profile_create(by=request.user, user=form.cleaned_data["username"], data=form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
        else:
            return redirect("buddies:buddy_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/buddy_form.html", {"form": form, "profile": None}, status=status)


@staff_required(COORDINATE)
@require_http_methods(["GET", "POST"])
def buddy_edit(request: HttpRequest, buddy_id: int) -> HttpResponse:
    profile = selectors.buddy_for_coordinator(user=request.user, buddy_id=buddy_id)
    form = forms.BuddyProfileForm(
        request.POST or None, initial=forms.BuddyProfileForm.initial_from(profile), editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.buddy_profile_update(by=request.user, profile=profile, data=form.cleaned_data)
        except (services.BuddyError, services.NotAllowed) as error:
            _form_error(form, error)
        else:
            return redirect("buddies:buddy_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "buddies/buddy_form.html", {"form": form, "profile": profile}, status=status)


# --- buddies ---


@staff_required(ACT_AS_BUDDY)
def my_matches(request: HttpRequest) -> HttpResponse:
    return render(request, "buddies/my_matches.html", {"matches": selectors.matches_for_buddy(user=request.user)})


@staff_required(ACT_AS_BUDDY)
@require_http_methods(["GET", "POST"])
def match_detail(request: HttpRequest, match_id: int) -> HttpResponse:
    match = selectors.match_for_buddy(user=request.user, match_id=match_id)
    form = forms.MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.message_post(case=match.case, body=form.cleaned_data["body"], by=request.user)
            except (services.BuddyError, services.NotAllowed) as error:
                _form_error(form, error)
            else:
                return redirect("buddies:match", match_id=match.pk)
        status = 400
    context = selectors.buddy_view(match=match)
    intake = match.case.intake_data
    return render(
        request,
        "buddies/match_detail.html",
        {**context, "form": form, "intake": intake, "Status": Status},
        status=status,
    )


@staff_required(ACT_AS_BUDDY)
@require_http_methods(["GET", "POST"])
def match_plan(request: HttpRequest, match_id: int) -> HttpResponse:
    match = selectors.match_for_buddy(user=request.user, match_id=match_id, view="plan")
    response = _plan_page(
        request,
        match.case,
        by=request.user,
        as_person=False,
        template="buddies/match_plan.html",
        extra={"match": match},
    )
    return response or redirect(reverse("buddies:match", kwargs={"match_id": match.pk}))
