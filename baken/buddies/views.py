"""Pages of the buddy programme. Thin: parse input, call one service or selector, render.

Public pages (application, the person's own case) keep answers in POST bodies and have
neutral titles. Staff pages need a login with a second factor and a permission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from baken.buddies import eligibility, forms, presenters, selectors, services
from baken.buddies.choices import PROGRAMME_ORGANISATION, Source
from baken.buddies.models import BuddyCase
from baken.buddies.workflow import Status
from baken.core import access
from baken.directory.selectors import directory_snapshot

ACCESS_SCOPE = selectors.ACCESS_SCOPE


def _organisation(slug: str) -> Any:
    return next((o for o in directory_snapshot() if o.slug == slug), None)


def csg_context() -> dict[str, Any]:
    """Centrum Seksueel Geweld from the directory: its staffed channels and whether they are open."""
    org = _organisation(eligibility.CSG_SLUG)
    if org is None:
        return {"csg": None}
    moment = timezone.now()
    channels = [{"channel": c, "open": c.open_at(moment)} for c in org.staffed_channels]
    return {"csg": org, "csg_channels": channels}


def form_error(form: django_forms.Form, error: Exception) -> None:
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
        return render(request, "buddies/apply_not_eligible.html", {"decision": decision, **csg_context()})
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
            form_error(form, error)
        else:
            _person_login(request, case)
            return render(request, "buddies/apply_done.html", {"code": code})
    return render(request, "buddies/apply_details.html", {**context, "form": form}, status=400)


# --- public: the person's own case ---


def _person_login(request: HttpRequest, case: BuddyCase) -> None:
    access.grant(request, scope=ACCESS_SCOPE, case_id=case.pk)


def _person_case(request: HttpRequest) -> BuddyCase | None:
    """The case this browser session opened (the kernel's one grant policy)."""
    case_id = access.granted_id(request, scope=ACCESS_SCOPE)
    case = selectors.case_for_person_session(case_id=int(case_id) if case_id and case_id.isdigit() else None)
    if case is None:
        access.revoke(request, scope=ACCESS_SCOPE)
    return case


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
    form = forms.AccessForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        case = selectors.case_for_person(
            request=request, code=data.get("code", ""), passphrase=data.get("passphrase", "")
        )
    except access.RateLimited:
        return _access_refused(request, "buddies/access.html", forms.AccessForm(), access.RATE_LIMITED, 429)
    except access.AccessDenied:
        return _access_refused(request, "buddies/access.html", forms.AccessForm(), access.GENERIC_ERROR, 400)
    _person_login(request, case)
    return redirect("buddies:person_case")


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
    try:
        case = selectors.case_waiting_for_passphrase(request=request, code=form.cleaned_data["code"])
    except access.RateLimited:
        return _access_refused(request, "buddies/activate.html", forms.ActivateForm(), access.RATE_LIMITED, 429)
    except access.AccessDenied:
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
                form_error(form, error)
            else:
                return redirect("buddies:person_case")
        status = 400
    context = selectors.person_view(case=case)
    return render(
        request,
        "buddies/person_case.html",
        {**context, **presenters.person_flags(case), "form": form, "Status": Status},
        status=status,
    )


def _plan_initial(plan: Any) -> dict[str, Any]:
    return plan.content_data if plan is not None else {}


def plan_page(
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
            form_error(form, error)
        else:
            return None
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            **extra,
            "case": case,
            "form": form,
            "latest": latest,
            "can_edit": (presenters.person_flags(case) if as_person else presenters.buddy_flags(case))["can_plan"],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def person_plan(request: HttpRequest, case: BuddyCase) -> HttpResponse:
    response = plan_page(request, case, by=None, as_person=True, template="buddies/person_plan.html", extra={})
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
    access.revoke(request, scope=ACCESS_SCOPE)
    request.session.cycle_key()
    return redirect("buddies:index")


# --- partner organisations refer ---


# --- coordinators ---


# --- buddies ---
