"""Registration, consent, withdrawal, retention and what never leaves the encrypted fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from baken.audit.models import AuditEvent
from baken.core import tasks as core_tasks
from baken.mediation import services, tasks
from baken.mediation.models import Case, CaseDeletion, CaseEvent, Message, Party, PreparationNote
from baken.mediation.retention import purge_expired
from baken.mediation.services import MediationError
from baken.mediation.workflow import Status
from tests.mediation.conftest import ACCUSED_STORY, VICTIM_STORY, CaseSetup, register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"registrant_role": "bystander"}, "registrant_role"),
        ({"registrant_role": "referrer", "side": "victim"}, "person_consented"),
        ({"registrant_role": "referrer", "person_consented": True}, "side"),
        ({"consent_contact_other_party": "yes"}, "consent_contact_other_party"),
        ({"region": "atlantis"}, "region"),
        ({"passphrase": "short"}, "passphrase"),
        ({"goals": ["tell_side"]}, "goals"),  # an accused person's goal for a victim
        ({"preferred_forms": ["carrier_pigeon"]}, "preferred_forms"),
        ({"description": "x" * 5001}, "description"),
        ({"contact": {"address": "Main street 1"}}, "contact.address"),
        ({"referrer": {"name": "Not a referrer"}}, "referrer"),
    ],
)
def test_bad_registration_names_the_field_and_stores_nothing(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(MediationError) as refused:
        register(**overrides)
    assert refused.value.field == field
    assert not Case.objects.exists() and not Party.objects.exists()


def test_referrer_registers_the_accused_with_their_consent(mediator_a: Any) -> None:
    case, code = register(
        registrant_role="referrer",
        side="accused",
        person_consented=True,
        goals=["compassion_apology", "facing_future"],
        referrer={"name": "R. Eferrer", "organisation": "Reclassering"},
        contact=None,
    )
    party = case.parties.get()
    assert (case.registrant_role, party.side, party.goals) == (
        "referrer",
        "accused",
        ["compassion_apology", "facing_future"],
    )
    assert case.referrer == {"name": "R. Eferrer", "organisation": "Reclassering"}
    assert party.contact is None  # anonymous until the person chooses otherwise
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)  # the one code format


def test_content_is_encrypted_in_the_raw_database_row(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.PREPARATION)
    services.message_send_by_party(party=setup.registrant, text="Secret message to the mediator")
    services.note_add(case=setup.case, by=mediator_a, kind="content", text="Secret preparation note")
    with connection.cursor() as cursor:
        rows = []
        for table, column in [
            ("mediation_party", "description"),
            ("mediation_party", "contact"),
            ("mediation_party", "goals"),
            ("mediation_message", "text"),
            ("mediation_preparationnote", "text"),
        ]:
            cursor.execute(f"SELECT {column} FROM {table}")
            rows += [value for (value,) in cursor.fetchall() if value]
    assert rows and all(value.startswith("fernet:") for value in rows)
    raw = " ".join(rows)
    for secret in (VICTIM_STORY, "06-11112222", "answers", "Secret message", "Secret preparation"):
        assert secret not in raw


def test_audit_and_mail_carry_no_content(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    mail.outbox.clear()
    setup = make_case(Status.PREPARATION)
    services.message_send_by_party(party=setup.registrant, text="Please call me about the camp")
    services.message_send_by_mediator(party=setup.other, text="Hello from the mediator", by=mediator_a)
    services.party_withdraw(party=setup.other)
    log = " ".join(str(e.data) + e.action for e in AuditEvent.objects.all())
    assert "mediation.case_registered" in log and "mediation.message_from_party" in log
    for secret in (VICTIM_STORY, ACCUSED_STORY, "camp", "Hello from", "06-11112222"):
        assert secret not in log
    # Mail only says that something waits (tasks run on commit; run them now).
    tasks.notify_mediator.func(mediator_a.pk)
    assert mail.outbox and all("camp" not in m.body and "camp" not in m.subject for m in mail.outbox)


def test_withdrawal_erases_the_content_of_the_whole_case(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    setup = make_case(Status.CONTACT)
    services.message_send_by_party(party=setup.other, text="words")
    services.note_add(case=setup.case, by=mediator_a, kind="practical", text="room booked", party=setup.other)
    services.party_withdraw(party=setup.registrant)
    case = Case.objects.get(pk=setup.case.pk)
    assert case.status == Status.WITHDRAWN and case.content_erased_at is not None
    for party in case.parties.all():
        assert (party.description, party.contact, party.goals) == ("", None, None)
    assert not Message.objects.exists() and not PreparationNote.objects.exists()
    assert all(e.note == "" for e in CaseEvent.objects.filter(case=case))


def test_either_party_may_withdraw_even_after_the_end(make_case: Callable[..., CaseSetup]) -> None:
    setup = make_case(Status.CLOSED)
    services.party_withdraw(party=setup.other)
    case = Case.objects.get(pk=setup.case.pk)
    assert case.status == Status.CLOSED and case.content_erased_at is not None
    assert Party.objects.get(pk=setup.registrant.pk).description == ""


def test_after_declining_nothing_more_reaches_the_other_party(
    make_case: Callable[..., CaseSetup], mediator_a: Any
) -> None:
    setup = make_case(Status.OTHER_PARTY_INVITED)
    services.party_answer(party=setup.other, agree=False)
    with pytest.raises(MediationError):
        services.message_send_by_mediator(party=setup.other, text="Are you sure?", by=mediator_a)
    with pytest.raises(MediationError):
        services.message_send_by_party(party=setup.other, text="late words")
    assert not Message.objects.filter(party=setup.other).exists()


def test_retention_deletes_a_closed_case_after_the_period(
    make_case: Callable[..., CaseSetup], mediator_a: Any, settings: Any
) -> None:
    settings.BAKEN_RETENTION_DAYS = 30
    setup = make_case(Status.CONTACT)
    services.case_transition(case=setup.case, target=Status.CLOSED, actor=mediator_a)
    assert purge_expired(timezone.now()) == 0  # not due yet
    Case.objects.filter(pk=setup.case.pk).update(closed_at=timezone.now() - timedelta(days=31))
    assert core_tasks.purge_expired.call()["mediation"] == 1
    assert not Case.objects.exists() and not Party.objects.exists() and not CaseEvent.objects.exists()
    record = CaseDeletion.objects.get()
    assert (record.public_id, record.final_status) == (setup.case.public_id, Status.CLOSED)


def test_a_purge_run_too_early_deletes_nothing(make_case: Callable[..., CaseSetup], mediator_a: Any) -> None:
    """The daily retention run may come at any moment; a case that just ended stays."""
    setup = make_case(Status.INTAKE)
    services.case_transition(case=setup.case, target=Status.CLOSED, actor=mediator_a)
    call_command("purge_expired", stdout=StringIO())
    assert Case.objects.filter(pk=setup.case.pk).exists()
