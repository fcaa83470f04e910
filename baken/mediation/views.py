"""Pages of restorative mediation: the public registration, each party's own page (code +
passphrase, then the kernel's session grant, never in a URL) and the mediator's cases."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baken.accounts.permissions import StaffRequest, staff_required
from baken.core import access as person_access
from baken.mediation import forms, selectors, services
from baken.mediation.choices import ContactForm, RegistrantRole, Side
from baken.mediation.models import Case, Party
from baken.mediation.permissions import HANDLE_CASE
from baken.mediation.services import MediationError
from baken.mediation.workflow import Status

WHO_PREFIX = "who"


def _apply_error(form: Any, error: MediationError) -> None:
    field = error.field.split(".")[0] if error.field else None
    if field and field not in form.fields:
        # API field names differ from form field names for contact details.
        field = {"contact": "contact_name", "referrer": "referrer_name"}.get(field)
    form.add_error(field if field in form.fields else None, str(error.message))


# --- public: about and registration -------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "mediation/index.html")


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Two steps in POST bodies: who fills in the form, then the rest. Nothing is stored
    before the last step."""
    if request.method == "GET":
        return render(request, "mediation/register_who.html", {"who": forms.WhoForm(prefix=WHO_PREFIX)})
    who = forms.WhoForm(request.POST, prefix=WHO_PREFIX)
    if not who.is_valid():
        return render(request, "mediation/register_who.html", {"who": who}, status=400)
    side = who.cleaned_data["side"]
    is_referrer = who.cleaned_data["registrant_role"] == RegistrantRole.REFERRER
    if request.POST.get("step") != "details":
        form = forms.RegistrationForm(side=side, is_referrer=is_referrer)
        return _details_page(request, who, form, side, is_referrer)
    form = forms.RegistrationForm(request.POST, side=side, is_referrer=is_referrer)
    if form.is_valid():
        data = form.cleaned_data
        try:
            _case, code = services.case_register(
                registrant_role=who.cleaned_data["registrant_role"],
                side=side,
                person_consented=who.cleaned_data["person_consented"],
                consent_contact_other_party=data["consent_contact_other_party"] == "yes",
                region=data["region"],
                passphrase=data["passphrase"],
                description=data["description"],
                goals=data["goals"],
                preferred_forms=data["preferred_forms"],
                contact=form.contact() or None,
                referrer=(form.referrer() or None) if is_referrer else None,
            )
        except MediationError as error:
            _apply_error(form, error)
        else:
            # The code is shown once, in the answer to this POST: never in a URL or an e-mail.
            return render(request, "mediation/registered.html", {"code": code, "is_referrer": is_referrer})
    return _details_page(request, who, form, side, is_referrer, status=400)


def _details_page(
    request: HttpRequest,
    who: forms.WhoForm,
    form: forms.RegistrationForm,
    side: str,
    is_referrer: bool,
    status: int = 200,
) -> HttpResponse:
    context = {"who_hidden": who.as_hidden_form(), "form": form, "side": side, "is_referrer": is_referrer}
    return render(request, "mediation/register_details.html", context, status=status)


# --- public: each party's own page --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def access(request: HttpRequest) -> HttpResponse:
    form = forms.AccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = selectors.party_authenticate(
                request=request, code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"]
            )
        except selectors.AccessDenied as denied:
            form.add_error(None, str(denied.message))
            return render(request, "mediation/access.html", {"form": form}, status=denied.status)
        selectors.party_session_start(request, party)
        return redirect("mediation:status")
    return render(request, "mediation/access.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    """The invited party opens their invitation with the code from the mediator."""
    form = forms.ClaimForm(request.POST or None)
    if request.method == "POST":
        # Counted before the lookup (the kernel's limiter), refunded when the claim succeeds.
        if not person_access.attempt(request, selectors.ACCESS_SCOPE):
            form.add_error(None, str(person_access.RATE_LIMITED))
            return render(request, "mediation/claim.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                party = services.party_claim_invitation(
                    code=form.cleaned_data["code"], passphrase=form.cleaned_data["passphrase"]
                )
            except MediationError as error:
                form.add_error(None, str(error.message))
                return render(request, "mediation/claim.html", {"form": form}, status=403)
            else:
                person_access.refund(request, selectors.ACCESS_SCOPE)
                selectors.party_session_start(request, party)
                return redirect("mediation:status")
        return render(request, "mediation/claim.html", {"form": form}, status=400)
    return render(request, "mediation/claim.html", {"form": form})


def _party_page(request: HttpRequest, party: Party, status: int = 200, **bound: Any) -> HttpResponse:
    view = selectors.party_view(party=party)
    context = {
        "view": view,
        "goals_form": bound.get("goals_form") or forms.GoalsForm(initial={"goals": view.goals}, side=view.side),
        "contact_form": bound.get("contact_form") or forms.ContactDetailsForm(initial=view.contact),
        "message_form": bound.get("message_form") or forms.MessageForm(),
        "consent_form": bound.get("consent_form")
        or forms.ConsentForm(initial={"consent": "yes" if view.consent else "no"}),
        "answer_form": bound.get("answer_form") or forms.AnswerForm(),
        "withdraw_form": bound.get("withdraw_form") or forms.WithdrawForm(),
        "side_label": Side(view.side).label,
        "contact_form_label": ContactForm(view.contact_form).label if view.contact_form else "",
    }
    return render(request, "mediation/status.html", context, status=status)


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    party = selectors.party_from_session(request)
    if party is None:
        return redirect("mediation:access")
    return _party_page(request, party)


@require_POST
def party_action(request: HttpRequest, action: str) -> HttpResponse:
    """One POST endpoint per thing a party can do on their page."""
    party = selectors.party_from_session(request)
    if party is None:
        return redirect("mediation:access")
    handlers = {
        "consent": (forms.ConsentForm, "consent_form"),
        "answer": (forms.AnswerForm, "answer_form"),
        "goals": (forms.GoalsForm, "goals_form"),
        "contact": (forms.ContactDetailsForm, "contact_form"),
        "message": (forms.MessageForm, "message_form"),
        "withdraw": (forms.WithdrawForm, "withdraw_form"),
    }
    if action not in handlers:
        raise Http404
    form_class, name = handlers[action]
    form = form_class(request.POST, side=party.side) if form_class is forms.GoalsForm else form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "consent":
                services.party_consent_set(party=party, consent=data["consent"] == "yes")
                messages.success(request, _("Your choice has been saved."))
            elif action == "answer":
                services.party_answer(party=party, agree=data["answer"] == "yes")
                messages.success(request, _("Your answer has been saved."))
            elif action == "goals":
                services.party_goals_set(party=party, goals=data["goals"], by=party)
                messages.success(request, _("Your choice has been saved."))
            elif action == "contact":
                services.party_contact_set(party=party, contact=form.contact() or None)
                messages.success(request, _("Your contact details have been saved."))
            elif action == "message":
                services.message_send_by_party(party=party, text=data["text"])
                messages.success(request, _("Your message has been sent to the mediator."))
            else:
                services.party_withdraw(party=party)
                messages.success(request, _("The mediation has stopped. What was told has been deleted."))
        except MediationError as error:
            _apply_error(form, error)
        else:
            return redirect("mediation:status")
    party.refresh_from_db()
    return _party_page(request, party, status=400, **{name: form})


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    selectors.party_session_end(request)
    return redirect("mediation:access")


# --- mediators ----------------------------------------------------------------------------


@staff_required(HANDLE_CASE)
@require_GET
def cases(request: StaffRequest) -> HttpResponse:
    lists = selectors.case_lists_for(user=request.user)
    return render(request, "mediation/cases.html", {"lists": lists})


def _case_page(request: StaffRequest, case: Case, status: int = 200, **extra: Any) -> HttpResponse:
    parties = list(case.parties.all())
    targets = selectors.mediator_next_statuses(case)
    registrant = next(p for p in parties if p.is_registrant)
    context = {
        "case": case,
        "parties": [
            {
                "party": p,
                "side_label": Side(p.side).label,
                "goal_labels": [dict(forms.GOALS_BY_SIDE[p.side].choices).get(g, g) for g in p.goal_codes],
                "goals_form": extra.get(f"goals_form_{p.side}")
                or forms.GoalsForm(initial={"goals": p.goal_codes}, side=p.side, prefix=f"goals-{p.side}"),
                "message_form": extra.get(f"message_form_{p.side}") or forms.MessageForm(prefix=f"msg-{p.side}"),
                "notes": [n for n in case.notes.all() if n.party_id == p.pk],
                "form_labels": [ContactForm(f).label for f in p.preferred_forms if f in ContactForm.values],
            }
            for p in parties
        ],
        "shared_notes": [n for n in case.notes.all() if n.party_id is None],
        "transition_form": extra.get("transition_form") or (forms.TransitionForm(targets=targets) if targets else None),
        "can_invite": case.status == Status.INTAKE,
        "consent": registrant.consent_contact_other_party,
        "invite_form": extra.get("invite_form") or forms.InviteForm(),
        "note_form": extra.get("note_form") or forms.NoteForm(parties=parties),
        "contact_form_form": extra.get("contact_form_form")
        or forms.ContactFormForm(initial={"contact_form": case.contact_form}),
        "invitation_code": extra.get("invitation_code"),
        "events": list(case.events.all()),
    }
    return render(request, "mediation/case.html", context, status=status)


@staff_required(HANDLE_CASE)
@require_GET
def case_detail(request: StaffRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_get_for(user=request.user, public_id=public_id)
    return _case_page(request, case)


@staff_required(HANDLE_CASE)
@require_POST
def case_claim(request: StaffRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_claimable_for(user=request.user, public_id=public_id)
    services.case_claim(case=case, by=request.user)
    messages.success(request, _("You have taken up this case."))
    return redirect("mediation:case", public_id=case.public_id)


@staff_required(HANDLE_CASE)
@require_POST
def case_action(request: StaffRequest, public_id: Any, action: str) -> HttpResponse:
    """The mediator's actions on their case; each calls one service."""
    case = selectors.case_get_for(user=request.user, public_id=public_id, record_read=False)
    user = request.user
    try:
        if action == "transition":
            form: Any = forms.TransitionForm(request.POST, targets=selectors.mediator_next_statuses(case))
            if not form.is_valid():
                return _case_page(request, case, status=400, transition_form=form)
            services.case_transition(
                case=case, target=form.cleaned_data["target"], actor=user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("The status has been changed."))
        elif action == "invite":
            form = forms.InviteForm(request.POST)
            if not form.is_valid():
                return _case_page(request, case, status=400, invite_form=form)
            code = services.case_invite_other_party(case=case, by=user, note=form.cleaned_data["note"])
            case = selectors.case_get_for(user=user, public_id=public_id, record_read=False)
            # Shown once, in this answer: the mediator passes it on by letter or phone.
            return _case_page(request, case, invitation_code=code)
        elif action == "note":
            parties = list(case.parties.all())
            form = forms.NoteForm(request.POST, parties=parties)
            if not form.is_valid():
                return _case_page(request, case, status=400, note_form=form)
            about = next((p for p in parties if str(p.pk) == form.cleaned_data["about"]), None)
            services.note_add(
                case=case, by=user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"], party=about
            )
            messages.success(request, _("The note has been saved."))
        elif action == "contact-form":
            form = forms.ContactFormForm(request.POST)
            if not form.is_valid():
                return _case_page(request, case, status=400, contact_form_form=form)
            services.case_contact_form_set(case=case, by=user, contact_form=form.cleaned_data["contact_form"])
            messages.success(request, _("The form of contact has been saved."))
        else:
            raise Http404
    except MediationError as error:
        messages.error(request, str(error.message))
    return redirect("mediation:case", public_id=case.public_id)


@staff_required(HANDLE_CASE)
@require_POST
def party_action_by_mediator(request: StaffRequest, public_id: Any, side: str, action: str) -> HttpResponse:
    """A message to one party, or that party's goals after a conversation."""
    case = selectors.case_get_for(user=request.user, public_id=public_id, record_read=False)
    party = case.parties.filter(side=side).first()
    if party is None or action not in {"message", "goals"}:
        raise Http404
    try:
        if action == "message":
            form: Any = forms.MessageForm(request.POST, prefix=f"msg-{side}")
            if not form.is_valid():
                return _case_page(request, case, status=400, **{f"message_form_{side}": form})
            services.message_send_by_mediator(party=party, text=form.cleaned_data["text"], by=request.user)
            messages.success(request, _("Your message has been sent."))
        else:
            form = forms.GoalsForm(request.POST, side=side, prefix=f"goals-{side}")
            if not form.is_valid():
                return _case_page(request, case, status=400, **{f"goals_form_{side}": form})
            services.party_goals_set(party=party, goals=form.cleaned_data["goals"], by=request.user)
            messages.success(request, _("The goals have been saved."))
    except MediationError as error:
        messages.error(request, str(error.message))
    return redirect("mediation:case", public_id=case.public_id)
