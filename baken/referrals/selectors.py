"""Reads that depend on who asks. Staff reads fetch and authorise in one call (another
organisation's referral looks exactly like a missing one: 404) and every opened referral
is recorded in the audit log. The person's read checks code and passphrase."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from baken.accounts.models import User
from baken.audit.models import AuditEvent
from baken.audit.services import record
from baken.core import access
from baken.core.history import audit_action
from baken.directory.models import Organisation
from baken.referrals import permissions
from baken.referrals.models import Referral, ReferralDeletion, ReferralEvent, ReferralMessage

ACCESS_SCOPE = "referral"
AccessDenied = access.AccessDenied


def referral_for_person(*, request: HttpRequest, code: str, passphrase: str) -> Referral:
    """The referral these credentials open (the kernel's one check: counted before the hash,
    equal work for a missing code). Raises access.AccessDenied, or access.RateLimited (429)."""
    return access.open_with_code(
        request,
        scope=ACCESS_SCOPE,
        code=code,
        passphrase=passphrase,
        find=lambda key: (
            Referral.objects.select_related("organisation", "proposed_organisation").filter(code_lookup=key).first()
        ),
        hash_of=lambda referral: referral.passphrase_hash,
    )


def referral_for_grant(*, public_id: str) -> Referral | None:
    """The referral a person opened earlier in this browser session (None when it is gone)."""
    try:
        return Referral.objects.select_related("organisation", "proposed_organisation").get(public_id=public_id)
    except (Referral.DoesNotExist, ValidationError, ValueError):
        return None


def person_timeline(referral: Referral) -> list[ReferralEvent]:
    return list(referral.events.select_related("organisation", "other_organisation"))


def person_messages(referral: Referral) -> list[ReferralMessage]:
    return list(referral.messages.select_related("organisation"))


# --- organisations -------------------------------------------------------------------------


def _receiving_users() -> QuerySet[User]:
    view = Permission.objects.filter(content_type__app_label="referrals", codename="view_referral")
    return User.objects.filter(is_active=True, membership__isnull=False).filter(
        Q(groups__permissions__in=view) | Q(user_permissions__in=view) | Q(is_superuser=True)
    )


def receiving_organisations() -> QuerySet[Organisation]:
    """Organisations that can receive a story through Baken: active, with at least one active
    staff account that may read referrals. Others are shown how to contact them directly."""
    ids = _receiving_users().values("membership__organisation")
    return Organisation.objects.active().filter(pk__in=ids)


def organisation_receives(organisation: Organisation) -> bool:
    return receiving_organisations().filter(pk=organisation.pk).exists()


def staff_addresses(*, organisation_id: int) -> list[str]:
    """E-mail addresses of the staff who should hear that something new is waiting."""
    users = _receiving_users().filter(membership__organisation_id=organisation_id).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


# --- staff ---------------------------------------------------------------------------------


def _own_organisation(user: User) -> Organisation:
    if not permissions.can_view_inbox(user):
        raise PermissionDenied
    organisation = permissions.organisation_of(user)
    assert organisation is not None
    return organisation


def inbox_for(*, user: User) -> QuerySet[Referral]:
    """Referrals of the user's own organisation, newest first (no content is read here)."""
    organisation = _own_organisation(user)
    return (
        Referral.objects.for_organisation(organisation)
        .select_related("accepted_by")
        .defer("answers", "story", "contact", "code")
    )


def withdrawn_for(*, user: User) -> QuerySet[ReferralDeletion]:
    organisation = _own_organisation(user)
    return ReferralDeletion.objects.filter(organisation=organisation, reason="withdrawn")


def referral_get_for_staff(*, user: User, public_id: uuid.UUID | str, record_read: bool = True) -> Referral:
    """A referral of the user's own organisation, and an audit event saying who opened which one."""
    organisation = _own_organisation(user)
    referral = (
        Referral.objects.select_related("organisation", "proposed_organisation", "accepted_by")
        .filter(public_id=public_id, organisation=organisation)
        .first()
    )
    if referral is None:
        raise Http404("No such referral.")
    if record_read:
        record(
            actor=user,
            action=audit_action("referrals", "referral", "read"),
            target_type="referrals.referral",
            target_id=str(referral.public_id),
            organisation_slug=organisation.slug,
        )
    return referral


def referral_find_by_code(*, user: User, code: str) -> Referral | None:
    """For a person who calls with their code: only within the user's own organisation."""
    organisation = _own_organisation(user)
    return Referral.objects.filter(organisation=organisation, code_lookup=access.code_lookup_key(code)).first()


def deletion_get_for_staff(*, user: User, public_id: uuid.UUID | str) -> ReferralDeletion:
    organisation = _own_organisation(user)
    deletion = ReferralDeletion.objects.filter(public_id=public_id, organisation=organisation).first()
    if deletion is None:
        raise Http404("No such referral.")
    return deletion


def staff_timeline(referral: Referral) -> list[ReferralEvent]:
    """Only what happened while this organisation held the referral: a story that travelled
    on does not carry the previous organisation's notes with it."""
    return list(
        referral.events.filter(organisation_id=referral.organisation_id).select_related(
            "actor", "organisation", "other_organisation"
        )
    )


def staff_messages(referral: Referral) -> list[ReferralMessage]:
    return list(referral.messages.filter(organisation_id=referral.organisation_id).select_related("author"))


def onward_choices(referral: Referral) -> list[tuple[str, str]]:
    return [
        (org.slug, org.name)
        for org in receiving_organisations().exclude(pk=referral.organisation_id).only("slug", "name")
    ]


def audit_events_for(*, user: User) -> QuerySet[AuditEvent]:
    """The audit log an admin may read: their own organisation's, or all for a platform admin."""
    scope = permissions.audit_scope(user)
    if scope is None:
        raise PermissionDenied
    events = AuditEvent.objects.all()
    if scope != "*":
        events = events.filter(organisation_slug=scope)
    return events
