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
                # Slide the idle timeout on every staff request.
                request.session.modified = True
        return self.get_response(request)
