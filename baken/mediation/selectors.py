"""Reads of mediation cases that depend on who is looking.

Mediators: fetch and authorise in one call; "not found" and "not yours" both give 404.
Parties: code + passphrase (rate-limited, one generic error), then `party_view()` builds the
only data a party's page may show, which never includes anything of the other party.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from baken.accounts.models import User
from baken.audit.services import record
from baken.core import access
from baken.core.history import audit_action
from baken.mediation import permissions
from baken.mediation.choices import GOALS_BY_SIDE, Answer
from baken.mediation.models import Case, Message, Party, PreparationNote
from baken.mediation.workflow import CONSENT_CHANGEABLE, TERMINAL, TRANSITIONS, Actor, Status

ACCESS_SCOPE = "mediation"
AccessDenied = access.AccessDenied


# --- mediators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseLists:
    mine_open: list[Case]
    mine_closed: list[Case]
    unassigned: list[Case]


def case_lists_for(*, user: User) -> CaseLists:
    """The mediator's own cases and the cases nobody took up yet (metadata only). Three queries."""
    if not permissions.can_handle_cases(user):
        raise Http404
    mine = list(Case.objects.filter(mediator=user).order_by("-updated_at"))
    unassigned = list(Case.objects.filter(mediator__isnull=True).exclude(status__in=TERMINAL).order_by("created_at"))
    return CaseLists(
        mine_open=[c for c in mine if c.status not in TERMINAL],
        mine_closed=[c for c in mine if c.status in TERMINAL],
        unassigned=unassigned,
    )


def case_get_for(*, user: User, public_id: Any, record_read: bool = True) -> Case:
    """The case with both parties, messages and notes, for its own mediator only."""
    case = (
        Case.objects.filter(public_id=public_id)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("-is_registrant")),
            Prefetch("parties__messages", queryset=Message.objects.order_by("created_at", "id")),
            Prefetch("notes", queryset=PreparationNote.objects.select_related("party").order_by("created_at")),
            "events",
        )
        .first()
    )
    if case is None or not permissions.can_view_case(user, case):
        raise Http404
    if record_read:
        record(actor=user, action=audit_action("mediation", "case", "read"), target=case)
    return case


def case_claimable_for(*, user: User, public_id: Any) -> Case:
    case = Case.objects.filter(public_id=public_id).first()
    if case is None or not permissions.can_claim_case(user, case):
        raise Http404
    return case


def mediator_next_statuses(case: Case) -> list[str]:
    """Status changes the mediator can make from the case page (the invitation has its own button)."""
    return [
        to
        for (frm, to), actors in TRANSITIONS.items()
        if frm == case.status and Actor.MEDIATOR in actors and to != Status.OTHER_PARTY_INVITED
    ]


# --- parties ------------------------------------------------------------------------------


def party_authenticate(*, request: HttpRequest, code: str, passphrase: str) -> Party:
    """The party with this code and passphrase (the kernel's one check: counted before the
    hash, equal work, one generic error). Raises access.AccessDenied or access.RateLimited."""
    return access.open_with_code(
        request,
        scope=ACCESS_SCOPE,
        code=code,
        passphrase=passphrase,
        find=lambda key: Party.objects.select_related("case").filter(code_key=key).first(),
        hash_of=lambda party: party.passphrase_hash,
    )


def party_session_start(request: HttpRequest, party: Party) -> None:
    access.grant(request, scope=ACCESS_SCOPE, case_id=party.pk)


def party_session_end(request: HttpRequest) -> None:
    access.revoke(request, scope=ACCESS_SCOPE)


def party_from_session(request: HttpRequest) -> Party | None:
    """The party who opened their page in this browser (the kernel's grant policy)."""
    party_id = access.granted_id(request, scope=ACCESS_SCOPE)
    party = (
        Party.objects.select_related("case").filter(pk=int(party_id)).exclude(passphrase_hash="").first()
        if party_id and party_id.isdigit()
        else None
    )
    if party is None:
        party_session_end(request)
    return party


@dataclass(frozen=True)
class OwnMessage:
    from_me: bool
    text: str
    at: datetime


@dataclass(frozen=True)
class PartyView:
    """Everything one party's page may show: their own words and the shared status, nothing
    the other party said or chose."""

    side: str
    is_registrant: bool
    status: str
    status_text: Any
    finished: bool
    consent: bool
    can_change_consent: bool
    can_answer: bool
    can_speak: bool
    can_withdraw: bool
    goals: list[str]
    goal_choices: list[tuple[str, Any]]
    description: str
    contact: dict[str, str]
    messages: list[OwnMessage]
    contact_form: str


REGISTRANT_TEXT = {
    Status.NEW: _("Your registration has arrived. A mediator will contact you, or leave a message on this page."),
    Status.INTAKE: _("The mediator talks with you about what you want and how."),
    Status.OTHER_PARTY_INVITED: _("The mediator has asked the other person whether they want to take part."),
    Status.PREPARATION: _("The other person wants to take part. The mediator prepares the contact with each of you."),
    Status.CONTACT: _("The contact is taking place."),
    Status.CLOSED: _("The mediation is closed."),
    Status.DECLINED: _("The other person does not want to take part. The mediation stops here."),
    Status.WITHDRAWN: _("The mediation has stopped. What was told has been deleted."),
}
OTHER_PARTY_TEXT = {
    Status.OTHER_PARTY_INVITED: _(
        "A mediator asks whether you want to take part in restorative mediation. You are free to say yes or no."
    ),
    Status.PREPARATION: _("You said yes. The mediator prepares the contact with you."),
    Status.CONTACT: _("The contact is taking place."),
    Status.CLOSED: _("The mediation is closed."),
    Status.WITHDRAWN: _("The mediation has stopped. What was told has been deleted."),
}
DECLINED_TEXT = _("You said no. Nobody will contact you about this again.")


def party_view(*, party: Party) -> PartyView:
    case = party.case
    declined = not party.is_registrant and party.answer == Answer.DECLINED
    if declined:
        # After saying no, the other party learns nothing more: not even later changes.
        return PartyView(
            side=party.side,
            is_registrant=False,
            status=Status.DECLINED,
            status_text=DECLINED_TEXT,
            finished=True,
            consent=False,
            can_change_consent=False,
            can_answer=False,
            can_speak=False,
            can_withdraw=False,
            goals=[],
            goal_choices=[],
            description="",
            contact={},
            messages=[],
            contact_form="",
        )
    texts: dict[Any, Any] = REGISTRANT_TEXT if party.is_registrant else OTHER_PARTY_TEXT
    finished = case.status in TERMINAL or party.withdrew_at is not None
    messages = [OwnMessage(m.from_party, m.text, m.created_at) for m in party.messages.order_by("created_at", "id")]
    return PartyView(
        side=party.side,
        is_registrant=party.is_registrant,
        status=case.status,
        status_text=texts.get(case.status, REGISTRANT_TEXT[Status.CLOSED]),
        finished=finished,
        consent=party.consent_contact_other_party,
        can_change_consent=party.is_registrant and case.status in CONSENT_CHANGEABLE,
        can_answer=not party.is_registrant and case.status == Status.OTHER_PARTY_INVITED and not party.answer,
        can_speak=not finished,
        can_withdraw=party.withdrew_at is None and case.content_erased_at is None,
        goals=party.goal_codes,
        goal_choices=list(GOALS_BY_SIDE[party.side].choices),
        description=party.description,
        contact=dict(party.contact or {}),
        messages=messages,
        contact_form=case.contact_form if case.status in {Status.PREPARATION, Status.CONTACT} else "",
    )
