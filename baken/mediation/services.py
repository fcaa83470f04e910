"""Everything that changes a mediation case. Each function validates, writes in one
transaction, records an audit event (never content) and schedules follow-ups on commit.

The privacy rule lives here: nothing reaches the other party before the registering party
agreed that the mediator may contact them (`case_invite_other_party`), and a withdrawal
erases the content of the whole case at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import User
from baken.audit.services import record
from baken.core import access
from baken.core import workflow as core_workflow
from baken.core.errors import DomainError
from baken.core.history import audit_action
from baken.mediation import permissions, tasks
from baken.mediation.assignment import MediatorLoad, choose_mediator
from baken.mediation.choices import (
    GOALS_BY_SIDE,
    Answer,
    ContactForm,
    NoteKind,
    Region,
    RegistrantRole,
    Side,
)
from baken.mediation.models import Case, CaseEvent, Message, Party, PreparationNote
from baken.mediation.workflow import CONSENT_CHANGEABLE, OTHER_PARTY_ACTIVE, TERMINAL, TRANSITIONS, Actor, Status

MAX_TEXT = 5000
MAX_CONTACT_VALUE = 200
CONTACT_FIELDS = ("name", "phone", "email", "safe_times")
REFERRER_FIELDS = ("name", "organisation", "phone", "email")


# The kernel's one domain error; the name stays for views, the API and tests.
MediationError = DomainError


# --- validation helpers -------------------------------------------------------------------


def _choice(value: Any, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Choose one of the options."), field=field, valid_values=choices.values)
    return str(value)


def _text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(_("This must be text."), field=field)
    value = value.strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(_("Use at most %(limit)d characters.") % {"limit": limit}, field=field)
    return value


def _goals(values: Iterable[Any] | None, side: str, field: str = "goals") -> list[str]:
    valid = GOALS_BY_SIDE[side]
    result: list[str] = []
    for value in values or ():
        if value not in valid.values:
            raise DomainError(_("This goal does not fit this side of the mediation."), field=field)
        if value not in result:
            result.append(str(value))
    return result


def _forms(values: Iterable[Any] | None) -> list[str]:
    result: list[str] = []
    for value in values or ():
        if value not in ContactForm.values:
            raise DomainError(_("Choose one of the options."), field="preferred_forms")
        if value not in result:
            result.append(str(value))
    return result


def _details(value: Mapping[str, Any] | None, fields: tuple[str, ...], field: str) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise DomainError(_("This must be an object with the fields %(fields)s.") % {"fields": fields}, field=field)
    unknown = set(value) - set(fields)
    if unknown:
        raise DomainError(_("Unknown field."), field=f"{field}.{sorted(unknown)[0]}")
    cleaned = {
        key: _text(value.get(key), f"{field}.{key}", limit=MAX_CONTACT_VALUE) for key in fields if value.get(key)
    }
    return cleaned or None


def _party_for_update(party: Party) -> Party:
    """Lock the case, then the party (always in this order, so two requests cannot deadlock)."""
    case = Case.objects.select_for_update().get(pk=party.case_id)
    locked = Party.objects.select_for_update().get(pk=party.pk)
    locked.case = case
    return locked


# --- registration and assignment -----------------------------------------------------------


def mediator_loads() -> list[MediatorLoad]:
    """Active mediators (accounts with the permission and a profile) and their open cases."""
    user_model = get_user_model()
    with_permission = user_model.objects.with_perm(  # type: ignore[attr-defined]
        permissions.HANDLE_CASE, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    users = (
        user_model.objects.filter(pk__in=with_permission.values("pk"), mediator_profile__active=True)
        .annotate(open_cases=Count("mediation_cases", filter=~Q(mediation_cases__status__in=TERMINAL)))
        .values_list("pk", "mediator_profile__regions", "open_cases")
    )
    return [MediatorLoad(pk, frozenset(regions or ()), open_cases) for pk, regions, open_cases in users]


@transaction.atomic
def case_register(
    *,
    registrant_role: str,
    consent_contact_other_party: bool,
    region: str,
    passphrase: str,
    side: str | None = None,
    person_consented: bool = False,
    description: str = "",
    goals: Iterable[str] | None = None,
    preferred_forms: Iterable[str] | None = None,
    contact: Mapping[str, Any] | None = None,
    referrer: Mapping[str, Any] | None = None,
) -> tuple[Case, str]:
    """Register a case for a victim, an accused person, or (by a referrer, with the person's
    consent) one of them. Returns the case and the reference code, which is shown once."""
    role = _choice(registrant_role, RegistrantRole, "registrant_role")
    if role == RegistrantRole.REFERRER:
        side = _choice(side, Side, "side")
        if person_consented is not True:
            raise DomainError(
                _("Register someone only when they agreed to it. Confirm that they agreed."), field="person_consented"
            )
        referrer_details = _details(referrer, REFERRER_FIELDS, "referrer")
    else:
        side = role  # a victim or accused person registers for themselves
        referrer_details = None
        if referrer:
            raise DomainError(_("Only a referrer gives referrer details."), field="referrer")
    if not isinstance(consent_contact_other_party, bool):
        raise DomainError(_("Answer yes or no."), field="consent_contact_other_party")
    region = _choice(region, Region, "region")
    passphrase = access.check_passphrase_rule(passphrase)
    description = _text(description, "description")
    goal_codes = _goals(goals, side)
    forms = _forms(preferred_forms)
    contact_details = _details(contact, CONTACT_FIELDS, "contact")

    case = Case.objects.create(registrant_role=role, region=region, referrer=referrer_details)
    passphrase_hash = access.hash_passphrase(passphrase)

    def registrant(code: str, key: str) -> str:
        Party.objects.create(
            case=case,
            side=side,
            is_registrant=True,
            code_key=key,
            passphrase_hash=passphrase_hash,
            consent_contact_other_party=consent_contact_other_party,
            description=description,
            contact=contact_details,
            goals=goal_codes,
            preferred_forms=forms,
        )
        return code

    code = access.create_with_code(registrant)
    CaseEvent.objects.create(case=case, from_status="", to_status=Status.NEW, actor_role=Actor.REGISTRANT)
    mediator_id = choose_mediator(region, mediator_loads())
    if mediator_id is not None:
        case.mediator_id = mediator_id
        case.save(update_fields=["mediator", "updated_at"])
    record(
        actor="person",
        action=audit_action("mediation", "case", "registered"),
        target=case,
        data={"registrant_role": role, "region": region, "assigned": mediator_id is not None},
    )
    _notify_mediator(case)
    return case, code


@transaction.atomic
def case_claim(*, case: Case, by: User) -> Case:
    """A mediator takes up a case nobody was assigned to (no mediator existed at registration)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_claim_case(by, case):
        raise DomainError(_("This case cannot be taken up."))
    case.mediator = by
    case.save(update_fields=["mediator", "updated_at"])
    record(actor=by, action=audit_action("mediation", "case", "claimed"), target=case)
    return case


# --- status changes -----------------------------------------------------------------------


def _actor_role(case: Case, actor: User | Party) -> str:
    if isinstance(actor, Party):
        if actor.case_id != case.pk:
            raise DomainError(_("This step is not possible now."))
        return actor.actor
    if permissions.can_view_case(actor, case):
        return Actor.MEDIATOR
    raise DomainError(_("This step is not possible now."))


def _transition(*, case: Case, target: str, actor: User | Party, note: str = "") -> Case:
    """Apply one change from the TRANSITIONS table. Caller holds the row lock."""
    note = _text(note, "note")
    role = _actor_role(case, actor)
    core_workflow.check(TRANSITIONS, case.status, target, role)
    previous = case.status
    case.status = target
    fields = ["status", "updated_at"]
    if target in TERMINAL:
        case.closed_at = timezone.now()
        fields.append("closed_at")
    case.save(update_fields=fields)
    user = None if isinstance(actor, Party) else actor
    CaseEvent.objects.create(case=case, from_status=previous, to_status=target, actor=user, actor_role=role, note=note)
    record(
        actor=user or role,
        action=audit_action("mediation", "case", "transition"),
        target=case,
        data={"from": previous, "to": target, "by": role},
    )
    if role != Actor.MEDIATOR:
        _notify_mediator(case)
    return case


@transaction.atomic
def case_transition(*, case: Case, target: str, actor: User | Party, note: str = "") -> Case:
    """Change the status as the table allows for this actor (mediator user or a Party)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if target == Status.OTHER_PARTY_INVITED:
        raise DomainError(_("Use “Ask the other person” for this step."), field="target")
    if target == Status.WITHDRAWN:
        if isinstance(actor, Party):
            if actor.case_id != case.pk:
                raise DomainError(_("This step is not possible now."))
            party_withdraw(party=actor)
            case.refresh_from_db()
            return case
        _transition(case=case, target=target, actor=actor, note=note)
        _erase_content(case)
        return case
    if target in {Status.PREPARATION, Status.DECLINED} and case.status == Status.OTHER_PARTY_INVITED:
        other = case.parties.get(is_registrant=False)
        if isinstance(actor, Party) and actor.pk != other.pk:
            raise DomainError(_("This step is not possible now."))
        _transition(case=case, target=target, actor=actor, note=note)
        other.answer = Answer.AGREED if target == Status.PREPARATION else Answer.DECLINED
        other.save(update_fields=["answer"])
        return case
    return _transition(case=case, target=target, actor=actor, note=note)


@transaction.atomic
def case_invite_other_party(*, case: Case, by: User, note: str = "") -> str:
    """Ask the other party whether they want to take part: only after the registering party
    agreed that the mediator may contact them. Returns the invitation code for the mediator to
    pass on (by letter or phone); the other party claims it with a passphrase of their own."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    registrant = case.parties.get(is_registrant=True)
    if not registrant.consent_contact_other_party:
        raise DomainError(
            _("The person who registered has not agreed that you contact the other person. Ask them first.")
        )
    _transition(case=case, target=Status.OTHER_PARTY_INVITED, actor=by, note=note)
    side = Side.other(registrant.side)

    def invited(code: str, key: str) -> str:
        Party.objects.create(case=case, side=side, is_registrant=False, code_key=key)
        return code

    code = access.create_with_code(invited)
    record(actor=by, action=audit_action("mediation", "party", "invited"), target=case)
    return code


# --- what parties do ----------------------------------------------------------------------


@transaction.atomic
def party_claim_invitation(*, code: str, passphrase: str) -> Party:
    """The invited party opens their invitation once and chooses their own passphrase."""
    passphrase = access.check_passphrase_rule(passphrase)
    party = (
        Party.objects.select_for_update()
        .select_related("case")
        .filter(code_key=access.code_lookup_key(code), is_registrant=False, passphrase_hash="")
        .first()
    )
    if party is None or party.case.status not in OTHER_PARTY_ACTIVE:
        raise DomainError(access.GENERIC_ERROR, field="code")
    party.passphrase_hash = access.hash_passphrase(passphrase)
    party.save(update_fields=["passphrase_hash"])
    record(actor="person", action=audit_action("mediation", "party", "invitation_claimed"), target=party.case)
    return party


@transaction.atomic
def party_answer(*, party: Party, agree: bool) -> Case:
    """The invited party says yes or no. After a no they learn nothing more."""
    party = _party_for_update(party)
    if party.is_registrant or party.answer:
        raise DomainError(_("This step is not possible now."))
    target = Status.PREPARATION if agree else Status.DECLINED
    return case_transition(case=party.case, target=target, actor=party)


@transaction.atomic
def party_withdraw(*, party: Party) -> Case:
    """Either party may stop at any moment; what was told in the whole case is deleted at once."""
    party = _party_for_update(party)
    case = party.case
    if party.withdrew_at is None:
        party.withdrew_at = timezone.now()
        party.save(update_fields=["withdrew_at"])
    if not case.is_terminal:
        _transition(case=case, target=Status.WITHDRAWN, actor=party)
    else:
        record(actor=party.actor, action=audit_action("mediation", "party", "withdrew_after_end"), target=case)
    _erase_content(case)
    return case


@transaction.atomic
def party_consent_set(*, party: Party, consent: bool) -> Party:
    """The registering party agrees (or no longer agrees) that the mediator may contact the
    other party; only possible before the other party was asked."""
    party = _party_for_update(party)
    if not party.is_registrant or party.case.status not in CONSENT_CHANGEABLE:
        raise DomainError(_("This can no longer be changed."), field="consent_contact_other_party")
    party.consent_contact_other_party = bool(consent)
    party.save(update_fields=["consent_contact_other_party"])
    record(
        actor=party.actor,
        action=audit_action("mediation", "party", "consent_changed"),
        target=party.case,
        data={"consent": consent},
    )
    return party


def _party_may_speak(party: Party) -> bool:
    return not party.case.is_terminal and party.answer != Answer.DECLINED and party.withdrew_at is None


@transaction.atomic
def party_goals_set(*, party: Party, goals: Iterable[str], by: User | Party) -> Party:
    """Set a party's goals, by the party themselves or by their mediator after a conversation."""
    party = _party_for_update(party)
    if isinstance(by, Party):
        if by.pk != party.pk or not _party_may_speak(party):
            raise DomainError(_("This can no longer be changed."), field="goals")
        actor: User | str = party.actor
    else:
        if not permissions.can_view_case(by, party.case) or party.case.is_terminal:
            raise DomainError(_("This can no longer be changed."), field="goals")
        actor = by
    party.goals = _goals(goals, party.side)
    party.save(update_fields=["goals"])
    record(
        actor=actor,
        action=audit_action("mediation", "party", "goals_set"),
        target=party.case,
        data={"side": party.side},
    )
    return party


@transaction.atomic
def party_contact_set(*, party: Party, contact: Mapping[str, Any] | None) -> Party:
    """A party gives (or removes) contact details: anonymous until they choose otherwise."""
    party = _party_for_update(party)
    if not _party_may_speak(party):
        raise DomainError(_("This can no longer be changed."), field="contact")
    party.contact = _details(contact, CONTACT_FIELDS, "contact")
    party.save(update_fields=["contact"])
    record(actor=party.actor, action=audit_action("mediation", "party", "contact_set"), target=party.case)
    _notify_mediator(party.case)
    return party


@transaction.atomic
def message_send_by_party(*, party: Party, text: str) -> Message:
    party = _party_for_update(party)
    if not _party_may_speak(party):
        raise DomainError(_("You can no longer send messages here."), field="text")
    message = Message.objects.create(party=party, from_party=True, text=_text(text, "text", required=True))
    record(actor=party.actor, action=audit_action("mediation", "message", "from_party"), target=party.case)
    _notify_mediator(party.case)
    return message


@transaction.atomic
def message_send_by_mediator(*, party: Party, text: str, by: User) -> Message:
    """A message from the mediator to one party; only that party sees it."""
    party = _party_for_update(party)
    if not permissions.can_view_case(by, party.case) or not _party_may_speak(party):
        raise DomainError(_("You can no longer send messages to this person."), field="text")
    message = Message.objects.create(party=party, from_party=False, author=by, text=_text(text, "text", required=True))
    record(
        actor=by, action=audit_action("mediation", "message", "to_party"), target=party.case, data={"side": party.side}
    )
    return message


# --- what the mediator records ------------------------------------------------------------


@transaction.atomic
def note_add(*, case: Case, by: User, kind: str, text: str, party: Party | None = None) -> PreparationNote:
    """A preparation note (content or practical), about one party or about the contact."""
    if not permissions.can_view_case(by, case) or case.is_terminal:
        raise DomainError(_("This step is not possible now."))
    kind = _choice(kind, NoteKind, "kind")
    if party is not None and party.case_id != case.pk:
        raise DomainError(_("Choose one of the options."), field="party")
    note = PreparationNote.objects.create(
        case=case, party=party, kind=kind, text=_text(text, "text", required=True), author=by
    )
    record(actor=by, action=audit_action("mediation", "note", "added"), target=case, data={"kind": kind})
    return note


@transaction.atomic
def case_contact_form_set(*, case: Case, by: User, contact_form: str) -> Case:
    """The form of contact the parties chose with the mediator."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_view_case(by, case) or case.is_terminal:
        raise DomainError(_("This step is not possible now."))
    case.contact_form = _choice(contact_form, ContactForm, "contact_form")
    case.save(update_fields=["contact_form", "updated_at"])
    record(
        actor=by,
        action=audit_action("mediation", "case", "contact_form_set"),
        target=case,
        data={"contact_form": case.contact_form},
    )
    return case


# --- erasure, retention and notifications -------------------------------------------------


def _erase_content(case: Case) -> None:
    """Delete what people told: descriptions, contact details, goals, messages, notes and the
    notes on status changes. Statuses and dates stay until the retention task runs."""
    Party.objects.filter(case=case).update(description="", contact=None, goals=None, preferred_forms=[])
    Message.objects.filter(party__case=case).delete()
    PreparationNote.objects.filter(case=case).delete()
    # The only edit of the append-only history: removing the words, keeping the steps.
    CaseEvent.objects.filter(case=case).erase()
    Case.objects.filter(pk=case.pk).update(referrer=None, contact_form="", content_erased_at=timezone.now())
    record(actor="system", action=audit_action("mediation", "case", "content_erased"), target=case)


def _notify_mediator(case: Case) -> None:
    if case.mediator_id is None:
        return
    user_id = case.mediator_id
    transaction.on_commit(lambda: tasks.notify_mediator.enqueue(user_id))
