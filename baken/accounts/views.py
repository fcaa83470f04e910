"""Staff login in two steps: password (throttled and locked out by django-axes), then a TOTP
code (throttled by django-otp: each wrong code doubles the wait). A staff member without an
authenticator is shown how to add one first. Both steps are recorded in the audit log."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts import services as member_services
from baken.accounts.forms import MemberForm, TokenForm
from baken.accounts.permissions import staff_required
from baken.audit.services import record
from baken.directory.models import Organisation


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def get_success_url(self) -> str:
        target = self.get_redirect_url()
        return reverse("accounts:otp") + (f"?{urlencode({'next': target})}" if target else "")


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """django-axes' answer after too many wrong passwords (settings.AXES_LOCKOUT_CALLABLE).
    The same page whether or not the account exists."""
    return render(request, "accounts/locked_out.html", status=429)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


def _organisation_slug(user: object) -> str:
    membership = getattr(user, "membership", None)
    return membership.organisation.slug if membership is not None else ""


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required(login_url="accounts:login")
def otp_step(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(
                    actor=user,
                    action="staff.second_factor_added",
                    target_type="user",
                    target_id=str(user.pk),
                    organisation_slug=_organisation_slug(user),
                )
            otp_login(request, device)
            record(
                actor=user,
                action="staff.login",
                target_type="user",
                target_id=str(user.pk),
                organisation_slug=_organisation_slug(user),
            )
            return redirect(_safe_next(request))
        else:
            record(
                actor=user,
                action="staff.second_factor_failed",
                target_type="user",
                target_id=str(user.pk),
                organisation_slug=_organisation_slug(user),
            )
            form.add_error("token", _("This code is not right. Check the time on your phone and try again."))
    context = {"form": form, "setup": setup, "next": _safe_next(request)}
    if setup:
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/otp.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@staff_required()
def home(request: HttpRequest) -> HttpResponse:
    """The staff start page: links to what this account may use."""
    user = request.user
    links: list[dict[str, str]] = []
    candidates = [
        ("referrals.view_referral", "referrals:inbox", _("Referrals for your organisation")),
        ("buddies.coordinate", "buddies:dashboard", _("Buddy programme")),
        ("buddies.act_as_buddy", "buddies:my_matches", _("My buddy matches")),
        ("buddies.refer_person", "buddies:refer", _("Refer someone to the buddy programme")),
        ("mediation.handle_case", "mediation:cases", _("Restorative mediation")),
        ("insights.view_insights", "insights:coverage", _("Landscape insights")),
        ("audit.view_auditevent", "referrals:audit", _("Audit log")),
        ("accounts.manage_members", "accounts:members", _("Staff accounts")),
        ("listings.propose_listing_change", "listings:overview", _("Your organisation's listing")),
        ("listings.review_listing_change", "listings:overview", _("Listings and changes to review")),
        (
            "frontdoors.manage_embed_origins",
            "frontdoors:embed_origins",
            _("Partner sites that may show the help finder"),
        ),
    ]
    for permission, name, label in candidates:
        if user.has_perm(permission) and reverse(name) not in {link["url"] for link in links}:
            links.append({"url": reverse(name), "label": label})
    return render(request, "accounts/home.html", {"links": links})


# --- staff accounts of an organisation -----------------------------------------------------


def _managed_organisation(request: HttpRequest) -> Organisation:
    """The admin's own organisation; a platform admin picks one with ?organisation=<slug>."""
    choices = member_services.manageable_organisations(request.user)
    wanted = request.GET.get("organisation") or request.POST.get("organisation")
    for organisation in choices:
        if organisation.slug == wanted or (not wanted and len(choices) == 1):
            return organisation
    if not choices:
        raise PermissionDenied
    raise Http404("No such organisation.")


@require_http_methods(["GET"])
@staff_required(member_services.MANAGE)
def members(request: HttpRequest) -> HttpResponse:
    choices = member_services.manageable_organisations(request.user)
    if len(choices) > 1 and not request.GET.get("organisation"):
        return render(request, "accounts/organisations.html", {"organisations": choices})
    organisation = _managed_organisation(request)
    context = {
        "organisation": organisation,
        "members": member_services.members_of(admin=request.user, organisation=organisation),
        "form": MemberForm(),
    }
    return render(request, "accounts/members.html", context)


@require_POST
@staff_required(member_services.MANAGE)
def member_add(request: HttpRequest) -> HttpResponse:
    organisation = _managed_organisation(request)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            created = member_services.member_create(admin=request.user, organisation=organisation, **form.cleaned_data)
        except member_services.MemberError as error:
            form.add_error(error.field, str(error.message))
        else:
            return render(
                request,
                "accounts/member_password.html",
                {"member": created.user, "password": created.password, "organisation": organisation},
                status=201,
            )
    context = {
        "organisation": organisation,
        "members": member_services.members_of(admin=request.user, organisation=organisation),
        "form": form,
    }
    return render(request, "accounts/members.html", context, status=400)


@require_POST
@staff_required(member_services.MANAGE)
def member_update(request: HttpRequest, member_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action in {"activate", "deactivate"}:
            member = member_services.member_set_active(
                admin=request.user, member_id=member_id, active=action == "activate"
            )
            messages.success(request, _("Saved."))
        elif action == "reset_second_factor":
            member = member_services.member_reset_second_factor(admin=request.user, member_id=member_id)
            messages.success(request, _("They will add their authenticator app again at their next login."))
        elif action == "reset_password":
            reset = member_services.member_reset_password(admin=request.user, member_id=member_id)
            organisation = reset.user.membership.organisation  # type: ignore[attr-defined]
            return render(
                request,
                "accounts/member_password.html",
                {"member": reset.user, "password": reset.password, "organisation": organisation},
            )
        else:
            return HttpResponse(status=400)
    except member_services.MemberError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:members")
    slug = member.membership.organisation.slug  # type: ignore[attr-defined]
    return redirect(f"{reverse('accounts:members')}?{urlencode({'organisation': slug})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def get_success_url(self) -> str:
        return reverse("accounts:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(
            actor=self.request.user,
            action="staff.password_changed",
            target_type="user",
            target_id=str(self.request.user.pk),
            organisation_slug=_organisation_slug(self.request.user),
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = staff_required()(PasswordChangeView.as_view())  # type: ignore[arg-type]
