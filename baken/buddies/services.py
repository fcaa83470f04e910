"""Everything that changes the buddy programme. Each function validates, writes in one
transaction, records an audit event and schedules e-mails after commit.

`case_transition` is the only function that changes a case's status; the other services call
it after doing their own part (a new match, a plan review, a check-in).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import User
from baken.audit.services import record
from baken.buddies import adapters, matching, permissions, tasks
from baken.buddies.choices import (
    PROGRAMME_ORGANISATION,
    CheckInKind,
    CheckInWith,
    PlanState,
    Source,
)
from baken.buddies.models import (
    BuddyCase,
    BuddyProfile,
    CaseEvent,
    CheckIn,
    Match,
    Message,
    PlanVersion,
)
from baken.buddies.workflow import (
    ENDED_STATUSES,
    INTAKE_PLANNABLE,
    INTAKE_RECORDABLE,
    MATCHED_STATUSES,
    TRANSITIONS,
    Actor,
    Status,
)
from baken.core import access
from baken.core import workflow as core_workflow
from baken.core.errors import DomainError
from baken.core.history import audit_action

BUDDY_GROUP = "buddy"
PLAN_FIELDS = ("support", "actions", "contact_frequency", "contact_channel", "location", "reachability")


# The kernel's one domain error and its refusal of a step; the names stay for views and tests.
BuddyError = DomainError
NotAllowed = core_workflow.TransitionNotAllowed


def _audit(
    *, actor: User | str | None, action: str, case: BuddyCase | None = None, target: Any = None, **data: Any
) -> None:
    subject, verb = action.split("_", 1)
    record(
        actor=actor if actor is not None else "person",
        action=audit_action("buddies", subject, verb),
        target=case if case is not None else target,
        organisation_slug=PROGRAMME_ORGANISATION,
        data=data,
    )


def _lock(case: BuddyCase) -> BuddyCase:
    return BuddyCase.objects.select_for_update().get(pk=case.pk)


def _role(case: BuddyCase, *, by: User | None, as_person: bool) -> str:
    if as_person:
        return Actor.PERSON
    role = permissions.actor_for(by, case)
    if role is None:
        raise NotAllowed()
    return role


def _interval() -> timedelta:
    return timedelta(days=settings.BAKEN_CHECKIN_INTERVAL_DAYS)


# --- applying ---


def _new_case(**fields: Any) -> tuple[BuddyCase, str]:
    """A new case with a fresh reference code (the kernel draws again on a collision)."""
    return access.create_with_code(lambda code, key: (BuddyCase.objects.create(code_key=key, **fields), code))


@transaction.atomic
def application_submit(
    *,
    contact: dict[str, str],
    contact_language: str,
    note: str,
    passphrase: str,
    source: str = Source.WEBSITE,
) -> tuple[BuddyCase, str]:
    """A person applies on the website (eligibility already decided by the form). Returns the
    case and the reference code, which is shown once and never stored in clear."""
    access.check_passphrase_rule(passphrase)
    if source not in (Source.WEBSITE, Source.HELP_FINDER):
        source = Source.WEBSITE
    case, code = _new_case(
        passphrase_hash=access.hash_passphrase(passphrase),
        source=source,
        contact=contact,
        contact_language=contact_language,
        applicant_note=note,
    )
    CaseEvent.objects.create(case=case, from_status="", to_status=Status.APPLIED, actor_role=Actor.PERSON)
    _audit(actor="person", action="case_applied", case=case, source=source)
    transaction.on_commit(lambda: tasks.notify_coordinators.enqueue("new_application"))
    return case, code


@transaction.atomic
def referral_submit(
    *,
    by: User,
    organisation_slug: str,
    contact: dict[str, str],
    contact_language: str,
    note: str,
) -> tuple[BuddyCase, str]:
    """Staff of a partner organisation refer a person, with the person's consent. The person
    chooses their own passphrase later with the code (`passphrase_set`)."""
    if not permissions.can_refer(by):
        raise NotAllowed()
    case, code = _new_case(
        source=Source.PARTNER,
        referred_by=by,
        referring_organisation=organisation_slug,
        contact=contact,
        contact_language=contact_language,
        applicant_note=note,
    )
    CaseEvent.objects.create(case=case, from_status="", to_status=Status.APPLIED, actor=by, actor_role="")
    _audit(actor=by, action="case_referred", case=case, referring_organisation=organisation_slug)
    transaction.on_commit(lambda: tasks.notify_coordinators.enqueue("new_application"))
    return case, code


@transaction.atomic
def passphrase_set(*, case: BuddyCase, passphrase: str) -> None:
    """A referred person chooses their passphrase, once."""
    locked = _lock(case)
    if locked.passphrase_hash:
        raise access.AccessDenied()
    access.check_passphrase_rule(passphrase)
    locked.passphrase_hash = access.hash_passphrase(passphrase)
    locked.save(update_fields=["passphrase_hash", "updated_at"])
    _audit(actor="person", action="passphrase_set", case=locked)


# --- the one status change ---


@transaction.atomic
def case_transition(
    *,
    case: BuddyCase,
    to: str,
    by: User | None = None,
    as_person: bool = False,
    note: str = "",
    buddy: BuddyProfile | None = None,
) -> BuddyCase:
    """Move a case to `to` if the table allows it for this actor; do what entering that status
    means (open or end a match, plan check-ins, remove content on withdrawal); append history."""
    locked = _lock(case)
    role = _role(locked, by=by, as_person=as_person)
    core_workflow.check(TRANSITIONS, locked.status, to, role)
    previous = locked.status
    now = timezone.now()
    match = permissions.current_match(locked)

    if to == Status.MATCHED:
        match = _open_match(locked, buddy=buddy, by=by)
    if to == Status.INTRODUCED and previous == Status.MATCHED and match is not None:
        match.introduced_at = now
        match.save(update_fields=["introduced_at"])
    if to == Status.WAITING:
        if locked.waiting_since is None:
            locked.waiting_since = now
        _end_match(locked, match, to)
    if to == Status.ACTIVE and not locked.checkins.open().filter(kind=CheckInKind.REGULAR).exists():
        for whom in (CheckInWith.PERSON, CheckInWith.BUDDY):
            _plan_checkin(locked, match, whom, CheckInKind.REGULAR, timezone.localdate(now) + _interval())
    if to == Status.CLOSED:
        _end_match(locked, match, to)
        _plan_checkin(locked, None, CheckInWith.PERSON, CheckInKind.AFTERCARE, timezone.localdate(now) + _interval())
    if to == Status.WITHDRAWN:
        _end_match(locked, match, to)
        locked.checkins.open().update(cancelled=True)
        _remove_content(locked, now)
    if to in ENDED_STATUSES:
        locked.closed_at = now  # retention counts from here (buddies/retention.py)

    locked.status = to
    locked.save()
    CaseEvent.objects.create(
        case=locked,
        from_status=previous,
        to_status=to,
        actor=by,
        actor_role=role,
        note="" if to == Status.WITHDRAWN else note,
    )
    _audit(actor=None if as_person else by, action=f"case_{to}", case=locked, from_status=previous, role=role)
    _notify_after(locked, previous, to, match)
    return locked


def _open_match(case: BuddyCase, *, buddy: BuddyProfile | None, by: User | None) -> Match:
    if buddy is None:
        raise BuddyError(_("Choose a buddy."), field="buddy")
    profile = BuddyProfile.objects.select_for_update().get(pk=buddy.pk)
    today = timezone.localdate()
    open_matches = Match.objects.filter(buddy=profile, ended_at__isnull=True).count()
    excluded = set(case.matches.values_list("buddy_id", flat=True))
    person = adapters.person_from_case(case, today=today, excluded_buddies=excluded)
    candidate = adapters.buddy_from_profile(profile, open_matches=open_matches, today=today)
    broken = matching.hard_violations(person, candidate)
    if broken:
        raise BuddyError(
            _("This buddy does not fit a hard requirement (%(rules)s). Choose another buddy.")
            % {"rules": ", ".join(broken)},
            field="buddy",
        )
    met = [r.criterion for r in matching.explain(person, candidate) if r.met]
    return Match.objects.create(
        case=case,
        buddy=profile,
        confirmed_by=by,
        value=matching.pair_value(person, candidate),
        met_criteria=met,
    )


def _end_match(case: BuddyCase, match: Match | None, status: str) -> None:
    if match is not None:
        match.ended_at = timezone.now()
        match.end_status = status
        match.save(update_fields=["ended_at", "end_status"])
    case.checkins.open().filter(kind=CheckInKind.REGULAR).update(cancelled=True)


def _plan_checkin(case: BuddyCase, match: Match | None, whom: str, kind: str, due: date) -> CheckIn:
    checkin = CheckIn.objects.create(case=case, match=match, with_whom=whom, kind=kind, due_on=due)
    transaction.on_commit(lambda: tasks.schedule_reminder(checkin))
    return checkin


def _remove_content(case: BuddyCase, now: datetime) -> None:
    """Withdrawal: what the person told us goes; the bare history and audit trail stay."""
    case.contact = None
    case.applicant_note = ""
    case.intake = None
    case.outcome_note = ""
    case.content_removed_at = now
    case.messages.all().delete()
    case.plan_versions.all().delete()
    case.checkins.update(notes="")
    CaseEvent.objects.filter(case=case).erase()


def _notify_after(case: BuddyCase, previous: str, to: str, match: Match | None) -> None:
    if to == Status.MATCHED and match is not None:
        buddy_id = match.buddy_id
        transaction.on_commit(lambda: tasks.notify_buddy.enqueue(buddy_id, "new_match"))
    elif to == Status.PLAN_SUBMITTED:
        transaction.on_commit(lambda: tasks.notify_coordinators.enqueue("plan_submitted"))
    elif to == Status.WITHDRAWN and previous in MATCHED_STATUSES and match is not None:
        buddy_id = match.buddy_id
        transaction.on_commit(lambda: tasks.notify_buddy.enqueue(buddy_id, "match_ended"))


# --- intake ---


@transaction.atomic
def intake_schedule(*, case: BuddyCase, by: User, at: datetime, channel: str) -> BuddyCase:
    """Plan (or move) the intake conversation."""
    locked = _lock(case)
    if not permissions.can_coordinate(by):
        raise NotAllowed()
    if at < timezone.now() - timedelta(minutes=5):
        raise BuddyError(_("Choose a moment in the future."), field="at")
    if locked.status not in INTAKE_PLANNABLE:
        raise NotAllowed()
    locked.intake_at = at
    locked.intake_channel = channel
    locked.save(update_fields=["intake_at", "intake_channel", "updated_at"])
    if locked.status == Status.APPLIED:
        return case_transition(case=locked, to=Status.INTAKE_SCHEDULED, by=by)
    _audit(actor=by, action="intake_moved", case=locked, channel=channel)
    return locked


@transaction.atomic
def intake_record(*, case: BuddyCase, by: User, intake: dict[str, Any]) -> BuddyCase:
    """Record support needed and buddy preferences. After the intake the case waits for a
    buddy; while it waits the coordinator may still change the preferences."""
    locked = _lock(case)
    if not permissions.can_coordinate(by):
        raise NotAllowed()
    if locked.status not in INTAKE_RECORDABLE:
        raise NotAllowed()
    if not intake.get("languages"):
        raise BuddyError(_("Choose at least one language."), field="languages")
    locked.intake = intake
    locked.save(update_fields=["intake", "updated_at"])
    required = sorted(k for k, v in (intake.get("preferences") or {}).items() if v.get("required"))
    if locked.status == Status.INTAKE_SCHEDULED:
        result = case_transition(case=locked, to=Status.WAITING, by=by)
        _audit(actor=by, action="intake_recorded", case=result, required=required)
        return result
    _audit(actor=by, action="preferences_changed", case=locked, required=required)
    return locked


# --- matching ---


@transaction.atomic
def match_confirm(*, case: BuddyCase, buddy: BuddyProfile, by: User) -> BuddyCase:
    """The coordinator confirms a proposal or picks an alternative. Hard constraints are
    checked again here: the proposals page may be out of date."""
    return case_transition(case=case, to=Status.MATCHED, by=by, buddy=buddy)


@transaction.atomic
def introduction_record(*, case: BuddyCase, by: User, note: str = "") -> BuddyCase:
    return case_transition(case=case, to=Status.INTRODUCED, by=by, note=note)


@transaction.atomic
def case_rematch(*, case: BuddyCase, by: User, note: str = "") -> BuddyCase:
    """End the current match and look for another buddy (never the same one again)."""
    return case_transition(case=case, to=Status.WAITING, by=by, note=note)


# --- plan of approach ---


@transaction.atomic
def plan_save(
    *, case: BuddyCase, content: dict[str, str], submit: bool, by: User | None = None, as_person: bool = False
) -> PlanVersion:
    """The person or the buddy saves a new version of the plan (and may send it for approval).
    Every save is a new version; earlier versions are kept."""
    locked = _lock(case)
    role = _role(locked, by=by, as_person=as_person)
    if role not in (Actor.PERSON, Actor.BUDDY) or locked.status != Status.INTRODUCED:
        raise NotAllowed()
    missing = [name for name in ("support", "actions") if not (content.get(name) or "").strip()]
    if submit and missing:
        raise BuddyError(_("Fill this in before you send the plan."), field=missing[0])
    match = permissions.current_match(locked)
    last = locked.plan_versions.order_by("-number").first()
    version = PlanVersion.objects.create(
        case=locked,
        match=match,
        number=(last.number + 1) if last else 1,
        content={name: (content.get(name) or "").strip() for name in PLAN_FIELDS},
        author=by if role == Actor.BUDDY else None,
        author_role=role,
        state=PlanState.SUBMITTED if submit else PlanState.DRAFT,
    )
    _audit(actor=None if as_person else by, action="plan_saved", case=locked, version=version.number, role=role)
    if submit:
        case_transition(case=locked, to=Status.PLAN_SUBMITTED, by=by, as_person=as_person)
    return version


@transaction.atomic
def plan_review(*, case: BuddyCase, by: User, approve: bool, comment: str = "") -> PlanVersion:
    """Approve the submitted plan (support starts, check-ins are planned) or send it back."""
    locked = _lock(case)
    if locked.status != Status.PLAN_SUBMITTED:
        raise NotAllowed()
    if not approve and not comment.strip():
        raise BuddyError(_("Say what needs to change."), field="comment")
    version = locked.plan_versions.filter(state=PlanState.SUBMITTED).order_by("-number").first()
    if version is None:
        raise NotAllowed()
    case_transition(case=locked, to=Status.ACTIVE if approve else Status.INTRODUCED, by=by)
    PlanVersion.objects.filter(pk=version.pk).update(
        state=PlanState.APPROVED if approve else PlanState.RETURNED,
        review_comment=comment.strip(),
        reviewed_by=by,
        reviewed_at=timezone.now(),
    )
    version.refresh_from_db()
    _audit(actor=by, action="plan_approved" if approve else "plan_returned", case=locked, version=version.number)
    return version


# --- check-ins, closing, aftercare ---


@transaction.atomic
def checkin_record(*, checkin: CheckIn, by: User, notes: str, concern: bool = False, rematch: bool = False) -> CheckIn:
    """Record a check-in. The next regular one is planned an interval later; an aftercare
    check-in finishes the case; a concern may start re-matching."""
    locked_case = _lock(checkin.case)
    if not permissions.can_coordinate(by) or permissions.is_current_buddy(by, locked_case):
        raise NotAllowed()
    item = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if item.done_at is not None or item.cancelled:
        raise BuddyError(_("This check-in has already been recorded."))
    now = timezone.now()
    item.done_at = now
    item.done_by = by
    item.notes = notes
    item.concern = concern
    item.save(update_fields=["done_at", "done_by", "notes", "concern"])
    _audit(
        actor=by, action="checkin_recorded", case=locked_case, kind=item.kind, with_whom=item.with_whom, concern=concern
    )
    if item.kind == CheckInKind.AFTERCARE:
        case_transition(case=locked_case, to=Status.FINISHED, by=by)
    elif rematch:
        case_transition(case=locked_case, to=Status.WAITING, by=by)
    elif locked_case.status == Status.ACTIVE:
        _plan_checkin(
            locked_case, item.match, item.with_whom, CheckInKind.REGULAR, timezone.localdate(now) + _interval()
        )
    return item


@transaction.atomic
def case_close(*, case: BuddyCase, by: User, outcome: str, note: str = "") -> BuddyCase:
    locked = _lock(case)
    locked.outcome = outcome
    locked.outcome_note = note
    locked.save(update_fields=["outcome", "outcome_note", "updated_at"])
    result = case_transition(case=locked, to=Status.CLOSED, by=by)
    _audit(actor=by, action="outcome_recorded", case=result, outcome=outcome)
    return result


@transaction.atomic
def case_decline(*, case: BuddyCase, by: User, reason: str) -> BuddyCase:
    if not reason.strip():
        raise BuddyError(_("Say why, so the person can be told and referred."), field="reason")
    return case_transition(case=case, to=Status.DECLINED, by=by, note=reason)


@transaction.atomic
def case_withdraw(*, case: BuddyCase, by: User | None = None, as_person: bool = False) -> BuddyCase:
    """The person stops (or tells a coordinator they want to stop). Their content is removed."""
    return case_transition(case=case, to=Status.WITHDRAWN, by=by, as_person=as_person)


# --- messages ---


@transaction.atomic
def message_post(*, case: BuddyCase, body: str, by: User | None = None, as_person: bool = False) -> Message:
    body = body.strip()
    if not body:
        raise BuddyError(_("Write a message first."), field="body")
    if len(body) > 5000:
        raise BuddyError(_("A message can be at most 5000 characters."), field="body")
    locked = _lock(case)
    role = _role(locked, by=by, as_person=as_person)
    if locked.status in (Status.FINISHED, Status.WITHDRAWN, Status.DECLINED):
        raise NotAllowed()
    match = permissions.current_match(locked)
    message = Message.objects.create(
        case=locked,
        match=match,
        author=None if as_person else by,
        author_role=role,
        body=body,
    )
    _audit(actor=None if as_person else by, action="message_posted", case=locked, role=role)
    if role == Actor.PERSON:
        transaction.on_commit(lambda: tasks.notify_coordinators.enqueue("new_message"))
        if match is not None:
            buddy_id = match.buddy_id
            transaction.on_commit(lambda: tasks.notify_buddy.enqueue(buddy_id, "new_message"))
    return message


# --- the buddy pool ---


def _buddy_fields(profile: BuddyProfile, data: dict[str, Any]) -> None:
    profile.display_name = data["display_name"]
    profile.training_completed_on = data.get("training_completed_on")
    profile.workshops = list(data.get("workshops") or [])
    profile.languages = list(data.get("languages") or [])
    profile.region = data.get("region") or ""
    profile.meeting_modes = list(data.get("meeting_modes") or [])
    profile.availability = list(data.get("availability") or [])
    profile.capacity = data["capacity"]
    profile.active = bool(data.get("active"))
    profile.personal = {
        "gender": data.get("gender") or "",
        "birth_year": data.get("birth_year"),
        "backgrounds": list(data.get("backgrounds") or []),
        "reporting_experience": data.get("reporting_experience") or "",
    }
    profile.notes = data.get("notes") or ""


@transaction.atomic
def buddy_profile_create(*, by: User, user: Any, data: dict[str, Any]) -> BuddyProfile:
    """Make an existing staff account a buddy (accounts are created by a platform admin)."""
    if not permissions.can_coordinate(by):
        raise NotAllowed()
    if BuddyProfile.objects.filter(user=user).exists():
        raise BuddyError(_("This account is already a buddy."), field="username")
    profile = BuddyProfile(user=user)
    _buddy_fields(profile, data)
    profile.full_clean()
    profile.save()
    user.groups.add(Group.objects.get(name=BUDDY_GROUP))
    _audit(actor=by, action="buddy_added", target=profile)
    return profile


@transaction.atomic
def buddy_profile_update(*, by: User, profile: BuddyProfile, data: dict[str, Any]) -> BuddyProfile:
    if not permissions.can_coordinate(by):
        raise NotAllowed()
    locked = BuddyProfile.objects.select_for_update().get(pk=profile.pk)
    _buddy_fields(locked, data)
    locked.full_clean()
    locked.save()
    _audit(actor=by, action="buddy_changed", target=locked, active=locked.active, capacity=locked.capacity)
    return locked
