"""Staff access: a logged-in, two-factor-verified account. Object rules live in each app's
own `permissions.py`; code checks permissions, never group names."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from baken.accounts.models import User

# Whoever a permission predicate is asked about: a staff account or nobody logged in.
Viewer = User | AnonymousUser


class StaffRequest(HttpRequest):
    """A request that passed `staff_required`: the acting user is a real, verified staff account."""

    user: User


# Roles are Django groups created by a data migration (accounts/migrations/0002_roles.py).
ROLE_ORGANISATION_STAFF = "organisation staff"
ROLE_ORGANISATION_ADMIN = "organisation admin"
ROLE_PLATFORM_COORDINATOR = "platform coordinator"
ROLE_PLATFORM_ADMIN = "platform admin"


def staff_required(
    permission: str | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require a login with a verified second factor (and optionally a permission).

    Not logged in → login page; logged in without second factor → the code step; missing
    permission → 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if not user.is_verified():  # type: ignore[union-attr,attr-defined]
                return redirect(f"{reverse('accounts:otp')}?next={request.path}")
            if permission and not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
