"""Staff account management by organisation admins (own organisation) and the platform admin
(every organisation). Every change is audited. A new or reset password is random and shown
once to the admin, who passes it on; the staff member then changes it ("Change password")."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.models import User
from baken.audit.services import record
from baken.directory.models import Organisation, OrganisationMember

# The roles an organisation admin may give within their organisation.
ORGANISATION_ROLES = ("organisation staff", "organisation admin")
MANAGE = "accounts.manage_members"
MANAGE_ALL = "accounts.manage_all_members"


class MemberError(Exception):
    def __init__(self, field: str | None, message: Any) -> None:
        super().__init__(str(message))
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewPassword:
    user: User
    password: str


def _temporary_password() -> str:
    # Five groups of four letters and digits: ~100 bits, typed once, then changed.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(5))


def can_manage(admin: Any, organisation: Organisation) -> bool:
    if not (admin.is_authenticated and admin.is_active and admin.has_perm(MANAGE)):
        return False
    if admin.has_perm(MANAGE_ALL):
        return True
    membership = getattr(admin, "membership", None)
    return membership is not None and membership.organisation_id == organisation.pk


def _check(admin: Any, organisation: Organisation) -> None:
    if not can_manage(admin, organisation):
        raise PermissionDenied


def _audit(admin: Any, action: str, member: User, organisation: Organisation, **data: Any) -> None:
    record(
        actor=admin,
        action=action,
        target_type="accounts.user",
        target_id=str(member.pk),
        organisation_slug=organisation.slug,
        data=data,
    )


@transaction.atomic
def member_create(*, admin: Any, organisation: Organisation, username: str, email: str, role: str) -> NewPassword:
    """A new staff account in the organisation. It sets up its second factor at first login."""
    _check(admin, organisation)
    if role not in ORGANISATION_ROLES:
        raise MemberError("role", _("Choose a role."))
    if User.objects.filter(username__iexact=username).exists():
        raise MemberError("username", _("This username is already taken."))
    password = _temporary_password()
    user = User.objects.create_user(username=username, email=email, password=password)
    user.groups.add(Group.objects.get(name=role))
    OrganisationMember.objects.create(user=user, organisation=organisation)
    _audit(admin, "staff.member_added", user, organisation, role=role)
    return NewPassword(user=user, password=password)


def _member(admin: Any, member_id: int) -> tuple[User, Organisation]:
    member = User.objects.select_related("membership__organisation").filter(pk=member_id).first()
    membership = getattr(member, "membership", None) if member is not None else None
    # Someone outside the admin's organisations looks exactly like no one.
    if member is None or membership is None or not can_manage(admin, membership.organisation):
        raise Http404("No such member.")
    if member.pk == admin.pk:
        raise MemberError(None, _("You cannot change your own account here."))
    return member, membership.organisation


@transaction.atomic
def member_set_active(*, admin: Any, member_id: int, active: bool) -> User:
    member, organisation = _member(admin, member_id)
    member.is_active = active
    member.save(update_fields=["is_active"])
    _audit(admin, "staff.member_activated" if active else "staff.member_deactivated", member, organisation)
    return member


@transaction.atomic
def member_reset_second_factor(*, admin: Any, member_id: int) -> User:
    """For a lost phone: the member sets up a new authenticator at the next login."""
    member, organisation = _member(admin, member_id)
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    _audit(admin, "staff.second_factor_reset", member, organisation)
    return member


@transaction.atomic
def member_reset_password(*, admin: Any, member_id: int) -> NewPassword:
    member, organisation = _member(admin, member_id)
    password = _temporary_password()
    member.set_password(password)
    member.save(update_fields=["password"])
    _audit(admin, "staff.password_reset", member, organisation)
    return NewPassword(user=member, password=password)


def members_of(*, admin: Any, organisation: Organisation) -> list[User]:
    _check(admin, organisation)
    return list(
        User.objects.filter(membership__organisation=organisation).prefetch_related("groups").order_by("username")
    )


def manageable_organisations(admin: Any) -> list[Organisation]:
    if admin.has_perm(MANAGE_ALL):
        return list(Organisation.objects.active().only("slug", "name"))
    membership = getattr(admin, "membership", None)
    if membership is not None and admin.has_perm(MANAGE):
        return [membership.organisation]
    return []
