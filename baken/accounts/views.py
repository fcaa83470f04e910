"""Staff login in two steps: password (throttled and locked out by django-axes), then a TOTP
code. A staff member without an authenticator is shown how to add one first."""

from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.forms import TokenForm
from baken.accounts.permissions import staff_required
from baken.audit.services import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = False

    def get_success_url(self) -> str:
        return f"/medewerkers/code/?next={self.get_redirect_url() or ''}"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/medewerkers/"


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
        if device.verify_token(form.cleaned_data["token"].strip()):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                record(actor=user, action="staff.second_factor_added", target_type="user", target_id=str(user.pk))
            otp_login(request, device)
            record(actor=user, action="staff.login", target_type="user", target_id=str(user.pk))
            return redirect(_safe_next(request))
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
    links = []
    candidates = [
        ("referrals.view_referral", "referrals:inbox", _("Referrals for your organisation")),
        ("buddies.coordinate", "buddies:dashboard", _("Buddy programme")),
        ("buddies.act_as_buddy", "buddies:my_matches", _("My buddy matches")),
        ("mediation.handle_case", "mediation:cases", _("Restorative mediation")),
        ("insights.view_insights", "insights:coverage", _("Landscape insights")),
        ("audit.view_auditevent", "referrals:audit", _("Audit log")),
    ]
    from django.urls import NoReverseMatch, reverse

    for permission, name, label in candidates:
        if user.has_perm(permission):
            try:
                links.append({"url": reverse(name), "label": label})
            except NoReverseMatch:
                continue
    return render(request, "accounts/home.html", {"links": links})
