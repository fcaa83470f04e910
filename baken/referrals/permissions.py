"""Who may see and handle which referral. Permissions come from the roles (groups); these
predicates add the object rule: staff only ever reach their own organisation's referrals.

The second factor is a property of the login, not of the account: views check it with
`staff_required`; these predicates hold for any active account, in views and services alike."""

from __future__ import annotations

from typing import Any

from baken.accounts.permissions import Viewer
from baken.directory.models import Organisation

VIEW = "referrals.view_referral"
HANDLE = "referrals.handle_referral"
VIEW_AUDIT = "audit.view_auditevent"
VIEW_ALL_AUDIT = "referrals.view_all_audit"


def organisation_of(user: Viewer) -> Organisation | None:
    """The one organisation a staff account belongs to, or None (platform roles)."""
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.organisation if membership is not None else None


def _active(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_inbox(user: Viewer) -> bool:
    return _active(user) and user.has_perm(VIEW) and organisation_of(user) is not None


def can_view(user: Viewer, referral: Any) -> bool:
    organisation = organisation_of(user)
    return can_view_inbox(user) and organisation is not None and referral.organisation_id == organisation.pk


def can_handle(user: Viewer, referral: Any) -> bool:
    return can_view(user, referral) and user.has_perm(HANDLE)


def audit_scope(user: Viewer) -> str | None:
    """Which organisation's audit log this user may read: "*" for all, a slug for one, None for none."""
    if not (_active(user) and user.has_perm(VIEW_AUDIT)):
        return None
    if user.has_perm(VIEW_ALL_AUDIT):
        return "*"
    organisation = organisation_of(user)
    return organisation.slug if organisation is not None else None
