"""Staff sessions end after 30 minutes idle (the sliding session cookie) and after 12 hours
whatever happens (this middleware)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

SESSION_STARTED = "baken_login_at"


@receiver(user_logged_in)
def _remember_login_time(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = int(time.time())


class StaffSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED, 0)
            if time.time() - started > settings.STAFF_SESSION_ABSOLUTE_SECONDS:
                logout(request)
            else:
                # Slide the idle timeout on every staff request. Staff keep a cookie that
                # expires after 30 idle minutes; sessions of help seekers (code + passphrase)
                # end with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE, ADR 0062).
                request.session.set_expiry(settings.SESSION_COOKIE_AGE)
                request.session.modified = True
        return self.get_response(request)


class ForwardedClientAddressMiddleware:
    """Behind `BAKEN_TRUSTED_PROXY_COUNT` reverse proxies, take the client address from
    X-Forwarded-For, so login lockouts (django-axes) and code + passphrase rate limits count
    per person instead of per proxy.

    Each proxy appends the address it saw, so the client is the Nth entry from the right;
    anything further left was written by the client and is ignored. With 0 (the default, no
    proxy) the header is ignored entirely, so it cannot be spoofed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.count = int(getattr(settings, "BAKEN_TRUSTED_PROXY_COUNT", 0))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.count > 0:
            forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            forwarded = [part for part in forwarded if part]
            if len(forwarded) >= self.count:
                request.META["REMOTE_ADDR"] = forwarded[-self.count]
        return self.get_response(request)
