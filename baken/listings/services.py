"""What people do with a listing: propose, publish, send back, withdraw. Each is atomic,
writes the listing's history and an audit event. The one place a change set reaches the
directory is `_apply`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.audit.services import record
from baken.core import workflow as core_workflow
from baken.core.history import audit_action
from baken.directory.models import Channel, Organisation
from baken.listings import changes as cs
from baken.listings.models import ListingEvent, ListingProposal, SourceKind
from baken.listings.permissions import can_propose, can_review
from baken.listings.workflow import TRANSITIONS, Actor, Status


def _capture(organisation: Organisation, changes: dict[str, Any]) -> dict[str, Any]:
    """The current values that the change set would replace."""
    before: dict[str, Any] = {
        "fields": {name: _json(getattr(organisation, name)) for name in changes.get("fields", {})},
        "channels": [],
    }
    channels = {c.pk: c for c in organisation.channels.all()}
    for item in changes.get("channels", []):
        if item["op"] == "add":
            continue
        channel = channels.get(item["id"])
        if channel is None:
            raise ValidationError({"channels": _("This channel is no longer part of the listing.")})
        keys = cs.CHANNEL_FIELDS if item["op"] == "remove" else item.get("set", {})
        before["channels"].append(
            {"id": channel.pk, "type": channel.type, "value": channel.value, **{k: getattr(channel, k) for k in keys}}
        )
    return before


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _field_value(name: str, value: Any) -> Any:
    if name == "alert_until" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _apply(organisation: Organisation, changes: dict[str, Any]) -> None:
    """Write a change set into the directory; every touched row is validated first, so a bad
    value rolls the whole publication back."""
    for name, value in changes.get("fields", {}).items():
        setattr(organisation, name, _field_value(name, value))
    organisation.full_clean()
    position = max((c.position for c in organisation.channels.all()), default=0)
    for item in changes.get("channels", []):
        if item["op"] == "remove":
            Channel.objects.filter(organisation=organisation, pk=item["id"]).delete()
            continue
        if item["op"] == "add":
            position += 1
            channel = Channel(organisation=organisation, position=position)
        else:
            channel = Channel.objects.get(organisation=organisation, pk=item["id"])
        for name, value in item.get("set", {}).items():
            setattr(channel, name, value)
        channel.full_clean()
        channel.save()
    if not cs.is_empty(changes):
        organisation.last_edited = timezone.now()
    organisation.save()


def _revert(organisation: Organisation, proposal: ListingProposal) -> None:
    """Undo an urgent change: put back the captured values of the fields it changed."""
    undo: dict[str, Any] = {"fields": proposal.before.get("fields", {}), "channels": []}
    for old in proposal.before.get("channels", []):
        item = next((i for i in proposal.changes.get("channels", []) if i.get("id") == old["id"]), None)
        if item is not None and item["op"] == "update":
            undo["channels"].append({"op": "update", "id": old["id"], "set": {k: old[k] for k in item["set"]}})
    _apply(organisation, undo)


def _verified(proposal: ListingProposal, organisation: Organisation) -> None:
    """A published proposal is a person's confirmation: of the contact details when it
    touches them, of the whole listing when it says so."""
    day = min(proposal.source_date, timezone.localdate())
    if cs.touches_contact(proposal.changes) or proposal.confirms_all:
        organisation.contact_verified = max(day, organisation.contact_verified or day)
    if proposal.confirms_all:
        organisation.last_verified = max(day, organisation.last_verified)
    organisation.save()


def _event(
    proposal: ListingProposal, action: str, *, by: Any, actor_kind: str, from_status: str = "", reason: str = ""
) -> ListingEvent:
    return ListingEvent.objects.create(
        organisation=proposal.organisation,
        proposal=proposal,
        action=action,
        actor=by,
        actor_kind=actor_kind,
        from_status=from_status,
        to_status=proposal.status,
        changes=proposal.changes,
        before=proposal.before,
        source=proposal.source_text(),
        reason=reason,
    )


def _audit(by: Any, action: str, proposal: ListingProposal) -> None:
    record(
        actor=by,
        action=audit_action("listings", "proposal", action),
        target=proposal,
        organisation_slug=proposal.organisation.slug,
        data={"status": proposal.status, "urgent": proposal.urgent},
    )


def _check_source(kind: str, ref: str, day: date) -> None:
    if kind not in SourceKind.values:
        raise ValidationError(
            {"source_kind": _("Choose where this comes from: %(valid)s.") % {"valid": ", ".join(SourceKind.values)}}
        )
    if kind in {SourceKind.URL, SourceKind.DOCUMENT} and not ref.strip():
        raise ValidationError({"source_ref": _("Give the web address or the name of the document.")})
    if kind == SourceKind.URL and not ref.startswith(("https://", "http://")):
        raise ValidationError({"source_ref": _("Give a web address that starts with https://.")})
    if day > timezone.localdate():
        raise ValidationError({"source_date": _("The date cannot be in the future.")})


@transaction.atomic
def proposal_submit(
    *,
    by: Any,
    organisation: Organisation,
    changes: dict[str, Any],
    source_kind: str,
    source_ref: str = "",
    source_date: date,
    urgent: bool = False,
    confirms_all: bool = False,
) -> ListingProposal:
    """Propose a change with its source. Urgent: live at once, reviewed afterwards."""
    if not can_propose(by, organisation):
        raise PermissionDenied
    cs.validate(changes)
    _check_source(source_kind, source_ref, source_date)
    if cs.is_empty(changes) and not confirms_all:
        raise ValidationError(
            {"changes": _("Nothing was changed. Change a fact, or confirm that everything is still correct.")}
        )
    if urgent and not cs.urgent_allowed(changes):
        raise ValidationError(
            {
                "urgent": _(
                    "Only an alert, a number or opening hours can be published at once. Send the rest for review."
                )
            }
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    proposal = ListingProposal.objects.create(
        organisation=organisation,
        status=Status.LIVE_UNREVIEWED if urgent else Status.SUBMITTED,
        urgent=urgent,
        confirms_all=confirms_all,
        changes=changes,
        before=_capture(organisation, changes),
        source_kind=source_kind,
        source_ref=source_ref.strip(),
        source_date=source_date,
        proposed_by=by,
    )
    if urgent:
        _apply(organisation, changes)
    action = ListingEvent.Action.PUBLISHED_AT_ONCE if urgent else ListingEvent.Action.PROPOSED
    _event(proposal, action, by=by, actor_kind=_actor_kind(by, organisation))
    _audit(by, "submitted", proposal)
    from baken.listings import tasks

    transaction.on_commit(lambda: tasks.notify_editors.enqueue(proposal.pk))
    return proposal


def _actor_kind(by: Any, organisation: Organisation) -> str:
    own = getattr(getattr(by, "membership", None), "organisation_id", None)
    return Actor.ORGANISATION.value if own == organisation.pk else Actor.EDITOR.value


def _decide(proposal: ListingProposal, target: str, *, by: Any, actor: str, reason: str = "") -> str:
    current = proposal.status
    core_workflow.check(TRANSITIONS, current, target, actor)
    proposal.status = target
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.reason = reason
    proposal.save()
    return current


@transaction.atomic
def proposal_publish(*, by: Any, proposal: ListingProposal) -> ListingProposal:
    if not can_review(by):
        raise PermissionDenied
    proposal = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    organisation = Organisation.objects.select_for_update().get(pk=proposal.organisation_id)
    was = _decide(proposal, Status.PUBLISHED, by=by, actor=Actor.EDITOR)
    if was == Status.SUBMITTED:
        _apply(organisation, proposal.changes)
    _verified(proposal, organisation)
    _event(proposal, ListingEvent.Action.PUBLISHED, by=by, actor_kind=Actor.EDITOR, from_status=was)
    _audit(by, "published", proposal)
    return proposal


@transaction.atomic
def proposal_send_back(*, by: Any, proposal: ListingProposal, reason: str) -> ListingProposal:
    """Send back with a reason; an urgent change that was already live is undone."""
    if not can_review(by):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the organisation can fix it.")})
    proposal = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    organisation = Organisation.objects.select_for_update().get(pk=proposal.organisation_id)
    target = Status.REVERTED if proposal.status == Status.LIVE_UNREVIEWED else Status.SENT_BACK
    was = _decide(proposal, target, by=by, actor=Actor.EDITOR, reason=reason.strip())
    if target == Status.REVERTED:
        _revert(organisation, proposal)
    action = ListingEvent.Action.REVERTED if target == Status.REVERTED else ListingEvent.Action.SENT_BACK
    _event(proposal, action, by=by, actor_kind=Actor.EDITOR, from_status=was, reason=reason.strip())
    _audit(by, "sent_back", proposal)
    return proposal


@transaction.atomic
def proposal_withdraw(*, by: Any, proposal: ListingProposal) -> ListingProposal:
    if not can_propose(by, proposal.organisation):
        raise PermissionDenied
    proposal = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    was = _decide(proposal, Status.WITHDRAWN, by=by, actor=Actor.ORGANISATION)
    _event(proposal, ListingEvent.Action.WITHDRAWN, by=by, actor_kind=Actor.ORGANISATION, from_status=was)
    _audit(by, "withdrawn", proposal)
    return proposal
