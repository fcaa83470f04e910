"""Everything that changes a referral. Each function validates, writes in one transaction,
records an audit event (never content) and schedules follow-ups after commit.

Status changes go through `_transition`, which checks `workflow.TRANSITIONS` on a locked row,
so two staff members accepting at the same moment give exactly one acceptance.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import User
from baken.audit.services import record
from baken.core import access, retention
from baken.core import workflow as core_workflow
from baken.core.errors import DomainError
from baken.core.history import audit_action
from baken.directory.models import Organisation
from baken.referrals import permissions, selectors, tasks
from baken.referrals.models import (
    MAX_MESSAGE,
    MAX_NOTE,
    MAX_STORY,
    DeclineReason,
    DeletionReason,
    Outcome,
    Referral,
    ReferralDeletion,
    ReferralEvent,
    ReferralMessage,
)
from baken.referrals.retention import referral_delete
from baken.referrals.workflow import FINISHED, OPEN_FOR_MESSAGES, TRANSITIONS, Actor, Status
from baken.triage.services import usage_record

logger = logging.getLogger("baken.referrals")
TARGET = "referrals.referral"


# The kernel's one domain error; the name stays for the API layer.
ReferralError = DomainError


@dataclass(frozen=True)
class Submitted:
    referral: Referral
    code: str
    replayed: bool


def keyed_hash(kind: str, value: str) -> str:
    """A keyed hash: what we keep of an idempotency key and its request, useless without the secret key."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _audit(verb: str, referral: Referral | ReferralDeletion, *, actor: User | str, **data: Any) -> None:
    record(
        actor=actor,
        action=audit_action("referrals", "referral", verb),
        target_type=TARGET,
        target_id=str(referral.public_id),
        organisation_slug=referral.organisation.slug,
        data=data,
    )


def _notify_on_commit(organisation_id: int) -> None:
    def enqueue() -> None:
        try:
            tasks.notify_organisation.enqueue(organisation_id)
        except Exception:
            # The referral is committed and shows in the inbox; a lost reminder must not turn
            # the person's success into an error.
            logger.exception("notification not queued", extra={"event": "referral.notify_failed"})

    transaction.on_commit(enqueue)


def _count_started_handover(answers: dict[str, Any]) -> None:
    """One anonymous count in the help finder's usage table (only the answers the person kept)."""

    def count() -> None:
        try:
            usage_record(answers=answers, outcome="handover_started")
        except Exception:
            # A counter must never stand between a person and the help they asked for.
            logger.warning("usage not counted", extra={"event": "referral.usage_count_failed"})

    transaction.on_commit(count)


def _lock(referral_id: int) -> Referral:
    try:
        return Referral.objects.select_for_update().select_related("organisation").get(pk=referral_id)
    except Referral.DoesNotExist:
        raise core_workflow.TransitionNotAllowed() from None


def _transition(
    referral: Referral,
    *,
    to: Status,
    actor_kind: Actor,
    by: User | None = None,
    note: str = "",
    note_for_person: bool = False,
    code: str = "",
    other_organisation: Organisation | None = None,
    event_organisation: Organisation | None = None,
    extra_fields: tuple[str, ...] = (),
) -> ReferralEvent:
    """Check the table, set the status, append the event and the audit record. The caller holds the row lock."""
    core_workflow.check(TRANSITIONS, referral.status, to, actor_kind)
    from_status = referral.status
    referral.status = to
    if to in FINISHED:
        # Deleted by the daily retention run (core.retention) once this moment has passed.
        referral.purge_after = retention.purge_after(timezone.now())
        extra_fields += ("purge_after",)
    referral.save(update_fields=["status", "updated_at", *extra_fields])
    event = ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=to,
        actor_kind=actor_kind,
        actor=by,
        organisation=event_organisation or referral.organisation,
        other_organisation=other_organisation,
        code=code,
        note=note,
        note_for_person=note_for_person,
    )
    _audit(
        str(to),
        referral,
        actor=by if by is not None else "person",
        **{"from": str(from_status), "to": str(to)},
    )
    return event


def _check_text(field: str, text: str, maximum: int, *, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > maximum:
        raise DomainError(_("At most %(max)d characters.") % {"max": maximum}, field=field)
    if "\x00" in text:
        raise DomainError(_("This text contains a character that cannot be stored."), field=field)
    return text


# --- the person ----------------------------------------------------------------------------


def referral_create(
    *,
    organisation_slug: str,
    answers: dict[str, Any],
    story: str,
    contact: dict[str, Any],
    passphrase: str,
    idempotency_key: str = "",
    request_fingerprint: str = "",
) -> Submitted:
    """Send the person's approved answers, own words and safe contact to one organisation.

    With an idempotency key, a repeated submission returns the first referral and its code
    instead of creating a second one; the same key with a different request is refused.
    """
    story = _check_text("story", story, MAX_STORY)
    access.check_passphrase_rule(passphrase)
    organisation = (
        selectors.receiving_organisations().filter(slug=organisation_slug).first() if organisation_slug else None
    )
    if organisation is None:
        raise DomainError(_("This organisation cannot receive stories through Baken."), field="organisation")
    key_hash = keyed_hash("idempotency-key", idempotency_key) if idempotency_key else None
    fingerprint = keyed_hash("request", request_fingerprint) if request_fingerprint else ""
    if key_hash and (earlier := _replay(key_hash, fingerprint)) is not None:
        return earlier
    # Hashing the passphrase is deliberately slow: do it before taking any lock.
    passphrase_hash = access.hash_passphrase(passphrase)
    # A unique-constraint conflict is either a concurrent request with the same idempotency key
    # (answer with its referral) or, astronomically rarely, a code already taken (draw another).
    return access.create_with_code(
        lambda code, lookup: _insert(
            organisation=organisation,
            code=code,
            code_lookup=lookup,
            passphrase_hash=passphrase_hash,
            key_hash=key_hash,
            fingerprint=fingerprint,
            answers=answers,
            story=story,
            contact=contact,
        ),
        on_conflict=(lambda: _replay(key_hash, fingerprint)) if key_hash else None,
    )


def _replay(key_hash: str, fingerprint: str) -> Submitted | None:
    earlier = Referral.objects.select_related("organisation").filter(idempotency_key_hash=key_hash).first()
    if earlier is None:
        return None
    if fingerprint and earlier.request_hash and not hmac.compare_digest(fingerprint, earlier.request_hash):
        raise DomainError(
            _("This Idempotency-Key was already used for a different request."), field="Idempotency-Key", status=422
        )
    return Submitted(referral=earlier, code=earlier.code, replayed=True)


def _insert(
    *,
    organisation: Organisation,
    code: str,
    code_lookup: str,
    passphrase_hash: str,
    key_hash: str | None,
    fingerprint: str,
    answers: dict[str, Any],
    story: str,
    contact: dict[str, Any],
) -> Submitted:
    referral = Referral.objects.create(
        organisation=organisation,
        status=Status.NEW,
        code_lookup=code_lookup,
        code=code,
        passphrase_hash=passphrase_hash,
        idempotency_key_hash=key_hash,
        request_hash=fingerprint,
        answers=answers,
        story=story,
        contact=contact,
    )
    ReferralEvent.objects.create(
        referral=referral, to_status=Status.NEW, actor_kind=Actor.PERSON, organisation=organisation
    )
    _audit("created", referral, actor="person", answers_shared=len(answers), story_given=bool(story))
    _notify_on_commit(organisation.pk)
    _count_started_handover(answers)
    logger.info("referral created", extra={"event": "referral.created", "organisation": organisation.slug})
    return Submitted(referral=referral, code=code, replayed=False)


@transaction.atomic
def referral_reply(*, referral_id: int, body: str) -> ReferralMessage:
    """A message from the person to the organisation that holds the referral."""
    body = _check_text("message", body, MAX_MESSAGE, required=True)
    referral = _lock(referral_id)
    if referral.status not in OPEN_FOR_MESSAGES:
        raise core_workflow.TransitionNotAllowed(
            str(_("This referral is finished. You cannot send messages any more."))
        )
    message = ReferralMessage.objects.create(
        referral=referral, sender=Actor.PERSON, organisation=referral.organisation, body=body
    )
    referral.save(update_fields=["updated_at"])
    _audit("message_from_person", referral, actor="person")
    _notify_on_commit(referral.organisation_id)
    return message


@transaction.atomic
def referral_decide_onward(*, referral_id: int, approve: bool) -> Referral:
    """The person's answer to a proposed other organisation. Only an approval lets the story
    (answers, own words, contact) travel on; the new organisation sees none of the earlier notes or messages."""
    referral = _lock(referral_id)
    if not approve:
        _transition(referral, to=Status.ONWARD_REFUSED, actor_kind=Actor.PERSON)
        _notify_on_commit(referral.organisation_id)
        return referral
    core_workflow.check(TRANSITIONS, referral.status, Status.NEW, Actor.PERSON)
    previous = referral.organisation
    target = referral.proposed_organisation
    if target is None or not selectors.receiving_organisations().filter(pk=target.pk).exists():
        raise core_workflow.TransitionNotAllowed(str(_("This organisation cannot receive your story any more.")))
    _audit("handed_on", referral, actor="person", to_organisation=target.slug)
    referral.organisation = target
    referral.proposed_organisation = None
    referral.accepted_by = None
    referral.first_contact_at = None
    referral.decline_reason = ""
    referral.received_at = timezone.now()
    _transition(
        referral,
        to=Status.NEW,
        actor_kind=Actor.PERSON,
        other_organisation=previous,
        extra_fields=(
            "organisation",
            "proposed_organisation",
            "accepted_by",
            "first_contact_at",
            "decline_reason",
            "received_at",
        ),
    )
    _notify_on_commit(target.pk)
    return referral


@transaction.atomic
def referral_withdraw(*, referral_id: int) -> ReferralDeletion:
    """Withdrawal deletes story, answers, contact, messages and history at once. The
    organisation keeps only a record that a referral it received was withdrawn."""
    referral = _lock(referral_id)
    core_workflow.check(TRANSITIONS, referral.status, Status.WITHDRAWN, Actor.PERSON)
    organisation_id = referral.organisation_id
    deletion = referral_delete(referral, reason=DeletionReason.WITHDRAWN, actor="person")
    _notify_on_commit(organisation_id)
    return deletion


# --- organisation staff --------------------------------------------------------------------


def _lock_for_staff(referral_id: int, by: User) -> Referral:
    referral = _lock(referral_id)
    if not permissions.can_handle(by, referral):
        raise PermissionDenied
    return referral


@transaction.atomic
def referral_accept(*, referral_id: int, by: User) -> Referral:
    referral = _lock_for_staff(referral_id, by)
    referral.accepted_by = by
    _transition(referral, to=Status.ACCEPTED, actor_kind=Actor.ORGANISATION, by=by, extra_fields=("accepted_by",))
    return referral


@transaction.atomic
def referral_record_first_contact(*, referral_id: int, by: User, note: str = "") -> Referral:
    note = _check_text("note", note, MAX_NOTE)
    referral = _lock_for_staff(referral_id, by)
    referral.first_contact_at = timezone.now()
    _transition(
        referral,
        to=Status.IN_CONTACT,
        actor_kind=Actor.ORGANISATION,
        by=by,
        note=note,
        extra_fields=("first_contact_at",),
    )
    return referral


@transaction.atomic
def referral_send_message(*, referral_id: int, by: User, body: str) -> ReferralMessage:
    """A message or question to the person, read on their status page (never e-mailed)."""
    body = _check_text("body", body, MAX_MESSAGE, required=True)
    referral = _lock_for_staff(referral_id, by)
    if referral.status not in OPEN_FOR_MESSAGES:
        raise core_workflow.TransitionNotAllowed(str(_("This referral is finished: messages are closed.")))
    message = ReferralMessage.objects.create(
        referral=referral, sender=Actor.ORGANISATION, author=by, organisation=referral.organisation, body=body
    )
    referral.save(update_fields=["updated_at"])
    _audit("message_from_organisation", referral, actor=by)
    return message


@transaction.atomic
def referral_decline(*, referral_id: int, by: User, reason: str, note: str = "") -> Referral:
    if reason not in DeclineReason.values:
        raise DomainError(_("Choose a reason."), field="reason", valid_values=DeclineReason.values)
    note = _check_text("note", note, MAX_NOTE)
    referral = _lock_for_staff(referral_id, by)
    referral.decline_reason = reason
    _transition(
        referral,
        to=Status.DECLINED,
        actor_kind=Actor.ORGANISATION,
        by=by,
        note=note,
        note_for_person=True,
        code=reason,
        extra_fields=("decline_reason",),
    )
    return referral


@transaction.atomic
def referral_propose_onward(*, referral_id: int, by: User, organisation_slug: str, note: str = "") -> Referral:
    """Propose another organisation. Nothing is shared with it until the person approves."""
    note = _check_text("note", note, MAX_NOTE)
    referral = _lock_for_staff(referral_id, by)
    target = selectors.receiving_organisations().filter(slug=organisation_slug).first()
    if target is None or target.pk == referral.organisation_id:
        raise DomainError(_("Choose another organisation that receives stories through Baken."), field="organisation")
    referral.proposed_organisation = target
    _transition(
        referral,
        to=Status.ONWARD_PROPOSED,
        actor_kind=Actor.ORGANISATION,
        by=by,
        note=note,
        note_for_person=True,
        other_organisation=target,
        extra_fields=("proposed_organisation",),
    )
    return referral


@transaction.atomic
def referral_close(*, referral_id: int, by: User, outcome: str, note: str = "") -> Referral:
    if outcome not in Outcome.values:
        raise DomainError(_("Choose an outcome."), field="outcome", valid_values=Outcome.values)
    note = _check_text("note", note, MAX_NOTE)
    referral = _lock_for_staff(referral_id, by)
    referral.outcome = outcome
    _transition(
        referral,
        to=Status.CLOSED,
        actor_kind=Actor.ORGANISATION,
        by=by,
        note=note,
        code=outcome,
        extra_fields=("outcome",),
    )
    return referral


def new_form_token() -> str:
    return uuid.uuid4().hex
