"""The services: what each step writes, what it refuses, what it sends, and what it never
leaks (content stays encrypted and out of audit data and e-mails)."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from baken.audit.models import AuditEvent
from baken.buddies import selectors, services
from baken.buddies.choices import CheckInKind, PlanState
from baken.buddies.models import BuddyCase, BuddyProfile, CaseEvent, CheckIn, Match, Message, PlanVersion
from baken.buddies.workflow import Status
from baken.core import access
from baken.core.workflow import TransitionNotAllowed
from tests.buddies.conftest import PASSPHRASE, make_buddy
from tests.conftest import make_user

CONTACT = {"name": "Sam Secret", "phone": "06-99887766", "email": "sam@example.org", "safe_times": "after 6 pm"}
INTAKE = {
    "languages": ["nl"],
    "support": ["weigh_reporting"],
    "support_other": "",
    "notes": "Private intake note",
    "preferences": {
        "gender": {"values": ["woman"], "required": True},
        "age": {"min": None, "max": None, "required": False},
    },
}
PLAN = {
    "support": "Weigh going to the police",
    "actions": "Visit a lawyer together",
    "contact_frequency": "Weekly",
    "contact_channel": "Phone",
    "location": "Library",
    "reachability": "Evenings",
}


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


def all_audit_data() -> str:
    return json.dumps([e.data for e in AuditEvent.objects.all()])


@pytest.fixture
def applied(db: None) -> tuple[BuddyCase, str]:
    return services.application_submit(
        contact=CONTACT, contact_language="nl", note="Private note", passphrase=PASSPHRASE
    )


def test_applying_stores_content_encrypted_and_only_a_hash_of_the_code(
    applied: tuple[BuddyCase, str], coordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case, code = applied
    assert case.status == Status.APPLIED
    assert case.code_key == access.code_lookup_key(code) and code not in case.code_key
    assert raw("buddies_buddycase", "contact", case.pk).startswith("fernet:")
    assert "Sam" not in raw("buddies_buddycase", "contact", case.pk)
    assert raw("buddies_buddycase", "applicant_note", case.pk).startswith("fernet:")
    assert access.passphrase_matches(PASSPHRASE, case.passphrase_hash)
    request = RequestFactory().post("/")
    assert (
        selectors.case_for_person(request=request, code=code.lower().replace("-", " "), passphrase=PASSPHRASE) == case
    )
    with pytest.raises(access.AccessDenied):
        selectors.case_for_person(request=request, code=code, passphrase="wrong passphrase")
    assert CaseEvent.objects.get(case=case).to_status == Status.APPLIED
    assert AuditEvent.objects.filter(action="buddies.case_applied", target_id=str(case.pk)).exists()
    assert "Sam" not in all_audit_data() and "Private" not in all_audit_data()


def test_coordinators_are_told_something_is_waiting_and_nothing_more(
    coordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(contact=CONTACT, contact_language="nl", note="Private note", passphrase=PASSPHRASE)
    (message,) = mail.outbox
    assert message.bcc == ["cora@example.org"] and "cora@example.org" not in message.to
    assert "Sam" not in message.body and "Private" not in message.body and "06-" not in message.body


def test_a_short_passphrase_is_refused_and_nothing_is_stored(db: None) -> None:
    with pytest.raises(services.BuddyError) as error:
        services.application_submit(contact=CONTACT, contact_language="nl", note="", passphrase="short")
    assert error.value.field == "passphrase"
    assert not BuddyCase.objects.exists()


def test_a_partner_refers_and_the_person_chooses_the_passphrase_once(personas: Any) -> None:
    anna = personas["anna"]
    case, code = services.referral_submit(
        by=anna, organisation_slug="centrum-seksueel-geweld", contact=CONTACT, contact_language="nl", note=""
    )
    assert case.source == "partner" and case.passphrase_hash == ""
    request = RequestFactory().post("/")
    assert selectors.case_waiting_for_passphrase(request=request, code=code) == case
    services.passphrase_set(case=case, passphrase=PASSPHRASE)
    assert selectors.case_for_person(request=request, code=code, passphrase=PASSPHRASE) == case
    with pytest.raises(access.AccessDenied):
        selectors.case_waiting_for_passphrase(request=request, code=code)
    with pytest.raises(services.BuddyError):
        services.passphrase_set(case=case, passphrase="another passphrase")
    with pytest.raises(TransitionNotAllowed):
        services.referral_submit(
            by=personas["eva"], organisation_slug="", contact=CONTACT, contact_language="nl", note=""
        )


def test_intake_is_planned_moved_and_recorded(applied: tuple[BuddyCase, str], coordinator: Any) -> None:
    case, _code = applied
    when = timezone.now() + timedelta(days=2)
    case = services.intake_schedule(case=case, by=coordinator, at=when, channel="video")
    assert (case.status, case.intake_channel) == (Status.INTAKE_SCHEDULED, "video")
    case = services.intake_schedule(case=case, by=coordinator, at=when + timedelta(hours=1), channel="phone")
    assert case.status == Status.INTAKE_SCHEDULED and case.intake_channel == "phone"
    assert AuditEvent.objects.filter(action="buddies.intake_moved").exists()
    with pytest.raises(services.BuddyError):
        services.intake_schedule(case=case, by=coordinator, at=timezone.now() - timedelta(days=1), channel="phone")
    with pytest.raises(services.BuddyError):
        services.intake_record(case=case, by=coordinator, intake={**INTAKE, "languages": []})
    case = services.intake_record(case=case, by=coordinator, intake=INTAKE)
    assert case.status == Status.WAITING and case.waiting_since is not None
    assert raw("buddies_buddycase", "intake", case.pk).startswith("fernet:")
    assert BuddyCase.objects.get(pk=case.pk).intake_data["notes"] == "Private intake note"
    # While waiting the preferences can still change, without a status change.
    case = services.intake_record(case=case, by=coordinator, intake={**INTAKE, "languages": ["nl", "en"]})
    assert case.status == Status.WAITING
    assert AuditEvent.objects.filter(action="buddies.preferences_changed").exists()
    assert "Private" not in all_audit_data()


def test_staff_without_the_permission_cannot_plan_an_intake(applied: tuple[BuddyCase, str], buddy_a: Any) -> None:
    with pytest.raises(TransitionNotAllowed):
        services.intake_schedule(
            case=applied[0], by=buddy_a.user, at=timezone.now() + timedelta(days=1), channel="phone"
        )


def test_confirming_checks_the_hard_constraints_again(make_case: Any, coordinator: Any) -> None:
    case = make_case(Status.WAITING, intake={**INTAKE, "languages": ["ar"]})
    dutch_only = make_buddy("dirk")
    with pytest.raises(services.BuddyError) as error:
        services.match_confirm(case=case, buddy=dutch_only, by=coordinator)
    assert error.value.field == "buddy" and "language" in str(error.value.message)
    paused = make_buddy("pia", languages=["ar"], active=False)
    with pytest.raises(services.BuddyError):
        services.match_confirm(case=case, buddy=paused, by=coordinator)
    full = make_buddy("fay", languages=["ar"], capacity=1)
    make_case(Status.ACTIVE, buddy=full)
    with pytest.raises(services.BuddyError):
        services.match_confirm(case=case, buddy=full, by=coordinator)
    assert not Match.objects.filter(case=case).exists()
    assert BuddyCase.objects.get(pk=case.pk).status == Status.WAITING
    fitting = make_buddy("farah", languages=["ar", "nl"])
    case = services.match_confirm(case=case, buddy=fitting, by=coordinator)
    match = Match.objects.get(case=case, ended_at__isnull=True)
    assert match.buddy == fitting and match.confirmed_by == coordinator and "language" in match.met_criteria


def test_rematching_ends_the_match_and_never_proposes_that_buddy_again(
    make_case: Any, coordinator: Any, buddy_a: Any, buddy_b: Any
) -> None:
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    case = services.case_rematch(case=case, by=coordinator, note="Did not click")
    assert case.status == Status.WAITING
    assert Match.objects.get(case=case).ended_at is not None
    assert not CheckIn.objects.filter(case=case).open().exists()
    with pytest.raises(services.BuddyError):
        services.match_confirm(case=case, buddy=buddy_a, by=coordinator)
    run = selectors.matching_run(user=coordinator)
    assert [p.buddy_id for p in run.result.proposals if p.person_id == case.pk] == [buddy_b.pk]


def test_the_plan_is_written_by_person_and_buddy_in_versions(
    make_case: Any, buddy_a: Any, buddy_b: Any, coordinator: Any
) -> None:
    case = make_case(Status.INTRODUCED, buddy=buddy_a)
    first = services.plan_save(case=case, content={**PLAN, "actions": ""}, submit=False, as_person=True)
    second = services.plan_save(case=case, content=PLAN, submit=False, by=buddy_a.user)
    assert (first.number, first.author_role, second.number, second.author_role) == (1, "person", 2, "buddy")
    assert raw("buddies_planversion", "content", second.pk).startswith("fernet:")
    with pytest.raises(services.BuddyError) as error:
        services.plan_save(case=case, content={**PLAN, "actions": " "}, submit=True, by=buddy_a.user)
    assert error.value.field == "actions"
    for outsider in (buddy_b.user, coordinator):
        with pytest.raises(TransitionNotAllowed):
            services.plan_save(case=case, content=PLAN, submit=False, by=outsider)
    services.plan_save(case=case, content=PLAN, submit=True, as_person=True)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.PLAN_SUBMITTED
    assert list(PlanVersion.objects.filter(case=case).values_list("number", flat=True)) == [3, 2, 1]
    with pytest.raises(TransitionNotAllowed):
        services.plan_save(case=case, content=PLAN, submit=False, by=buddy_a.user)


def test_returning_needs_a_comment_and_keeps_the_version(make_case: Any, buddy_a: Any, coordinator: Any) -> None:
    case = make_case(Status.PLAN_SUBMITTED, buddy=buddy_a)
    with pytest.raises(services.BuddyError):
        services.plan_review(case=case, by=coordinator, approve=False, comment="  ")
    version = services.plan_review(case=case, by=coordinator, approve=False, comment="Add how often you meet")
    assert version.state == PlanState.RETURNED and version.reviewed_by == coordinator
    assert raw("buddies_planversion", "review_comment", version.pk).startswith("fernet:")
    assert BuddyCase.objects.get(pk=case.pk).status == Status.INTRODUCED


def test_approving_starts_check_ins_at_the_configured_interval(
    make_case: Any, buddy_a: Any, coordinator: Any, settings: Any
) -> None:
    settings.BAKEN_CHECKIN_INTERVAL_DAYS = 14
    case = make_case(Status.PLAN_SUBMITTED, buddy=buddy_a)
    version = services.plan_review(case=case, by=coordinator, approve=True)
    assert version.state == PlanState.APPROVED
    due = sorted(CheckIn.objects.filter(case=case).open().values_list("with_whom", "due_on"))
    expected = timezone.localdate() + timedelta(days=14)
    assert due == [("buddy", expected), ("person", expected)]


def test_a_check_in_plans_the_next_one_and_a_concern_can_rematch(
    make_case: Any, buddy_a: Any, coordinator: Any
) -> None:
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    first = CheckIn.objects.filter(case=case, with_whom="person").get()
    services.checkin_record(checkin=first, by=coordinator, notes="Going well")
    assert raw("buddies_checkin", "notes", first.pk).startswith("fernet:")
    nxt = CheckIn.objects.filter(case=case, with_whom="person").open().get()
    assert nxt.due_on == timezone.localdate() + timedelta(days=28)
    with pytest.raises(services.BuddyError):
        services.checkin_record(checkin=first, by=coordinator, notes="again")
    buddy_checkin = CheckIn.objects.filter(case=case, with_whom="buddy").open().get()
    services.checkin_record(checkin=buddy_checkin, by=coordinator, notes="Worried", concern=True, rematch=True)
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert not CheckIn.objects.filter(case=case).open().exists()
    assert Match.objects.get(case=case).end_status == Status.WAITING


def test_the_buddy_of_the_case_cannot_record_its_check_ins(make_case: Any, buddy_a: Any) -> None:
    from django.contrib.auth.models import Group

    buddy_a.user.groups.add(Group.objects.get(name="buddy coordinator"))
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    with pytest.raises(TransitionNotAllowed):
        services.checkin_record(checkin=CheckIn.objects.filter(case=case).first(), by=buddy_a.user, notes="")


def test_closing_frees_the_buddy_and_aftercare_finishes_the_case(
    make_case: Any, buddy_a: Any, coordinator: Any
) -> None:
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    case = services.case_close(case=case, by=coordinator, outcome="goals_reached", note="Found a therapist")
    assert case.status == Status.CLOSED and case.outcome == "goals_reached"
    assert not Match.objects.filter(case=case, ended_at__isnull=True).exists()
    (aftercare,) = CheckIn.objects.filter(case=case).open()
    assert aftercare.kind == CheckInKind.AFTERCARE and aftercare.with_whom == "person"
    services.checkin_record(checkin=aftercare, by=coordinator, notes="Doing fine")
    assert BuddyCase.objects.get(pk=case.pk).status == Status.FINISHED


def test_withdrawing_removes_what_the_person_told_us(
    make_case: Any, buddy_a: Any, coordinator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(Status.INTRODUCED, buddy=buddy_a)
    services.message_post(case=case, body="Private message", as_person=True)
    services.plan_save(case=case, content=PLAN, submit=False, by=buddy_a.user)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_withdraw(case=case, as_person=True)
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN and case.content_removed_at is not None
    assert case.contact is None and case.intake is None and case.applicant_note == ""
    assert not Message.objects.filter(case=case).exists()
    assert not PlanVersion.objects.filter(case=case).exists()
    assert Match.objects.get(case=case).end_status == Status.WITHDRAWN
    assert ["ben@example.org"] in [m.bcc for m in mail.outbox]
    assert all("Private" not in m.body for m in mail.outbox)
    assert CaseEvent.objects.filter(case=case).last().actor_role == "person"


def test_messages_while_matched_are_shared_with_that_buddy_only(make_case: Any, buddy_a: Any, coordinator: Any) -> None:
    case = make_case(Status.WAITING)
    services.message_post(case=case, body="Before any buddy", as_person=True)
    case.status = Status.MATCHED
    case.save()
    match = Match.objects.create(case=case, buddy=buddy_a)
    services.message_post(case=case, body="Hello buddy", as_person=True)
    services.message_post(case=case, body="Hello from your buddy", by=buddy_a.user)
    services.message_post(case=case, body="Coordinator here", by=coordinator)
    seen_by_buddy = [m.body for m in selectors.buddy_view(match=match)["case_messages"]]
    assert seen_by_buddy == ["Hello buddy", "Hello from your buddy", "Coordinator here"]
    seen_by_person = [m.body for m in selectors.person_view(case=case)["case_messages"]]
    assert seen_by_person[0] == "Before any buddy" and len(seen_by_person) == 4
    assert raw("buddies_message", "body", Message.objects.first().pk).startswith("fernet:")
    with pytest.raises(services.BuddyError):
        services.message_post(case=case, body="   ", as_person=True)


def test_reminders_are_enqueued_once_for_due_check_ins(make_case: Any, buddy_a: Any, coordinator: Any) -> None:
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    CheckIn.objects.filter(case=case, with_whom="person").update(due_on=timezone.localdate() - timedelta(days=3))
    out = StringIO()
    call_command("buddy_checkin_reminders", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert [m.bcc for m in mail.outbox] == [["cora@example.org"]]
    assert "Sam" not in mail.outbox[0].body
    reminded = CheckIn.objects.get(case=case, with_whom="person")
    assert reminded.reminded_at is not None
    call_command("buddy_checkin_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    # The buddy check-in is 28 days away: not yet.
    assert CheckIn.objects.get(case=case, with_whom="buddy").reminded_at is None


def test_dashboard_lists_overdue_check_ins(make_case: Any, buddy_a: Any, coordinator: Any) -> None:
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    CheckIn.objects.filter(case=case, with_whom="buddy").update(due_on=timezone.localdate() - timedelta(days=1))
    summary = selectors.dashboard(user=coordinator)
    assert [(c.case_id, c.with_whom) for c in summary.overdue] == [(case.pk, "buddy")]
    assert summary.counts[Status.ACTIVE] == 1


def test_adding_a_buddy_keeps_lived_experience_encrypted(coordinator: Any) -> None:
    user = make_user("nina")
    data = {
        "display_name": "Nina",
        "training_completed_on": timezone.localdate(),
        "languages": ["nl", "tr"],
        "region": "utrecht",
        "meeting_modes": ["video"],
        "availability": ["weekend"],
        "capacity": 3,
        "active": True,
        "gender": "woman",
        "birth_year": 1990,
        "backgrounds": ["migration"],
        "reporting_experience": "police_report",
        "notes": "",
        "workshops": ["legal"],
    }
    profile = services.buddy_profile_create(by=coordinator, user=user, data=data)
    assert BuddyProfile.objects.get(pk=profile.pk).user.has_perm("buddies.act_as_buddy")
    stored = raw("buddies_buddyprofile", "personal", profile.pk)
    assert stored.startswith("fernet:") and "migration" not in stored
    with pytest.raises(services.BuddyError):
        services.buddy_profile_create(by=coordinator, user=user, data=data)
    with pytest.raises(Exception):  # noqa: B017 - capacity above 3 is refused by the model
        services.buddy_profile_update(by=coordinator, profile=profile, data={**data, "capacity": 4})


def test_the_whole_process_through_the_services(
    coordinator: Any, spare_buddy: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case, _code = services.application_submit(contact=CONTACT, contact_language="nl", note="", passphrase=PASSPHRASE)
    case = services.intake_schedule(case=case, by=coordinator, at=timezone.now() + timedelta(days=1), channel="phone")
    case = services.intake_record(case=case, by=coordinator, intake=INTAKE)
    run = selectors.matching_run(user=coordinator)
    (proposal,) = run.result.proposals
    assert proposal.buddy_id == spare_buddy.pk
    case = services.match_confirm(case=case, buddy=spare_buddy, by=coordinator)
    case = services.introduction_record(case=case, by=coordinator)
    services.plan_save(case=case, content=PLAN, submit=True, by=spare_buddy.user)
    services.plan_review(case=case, by=coordinator, approve=True)
    for checkin in CheckIn.objects.filter(case=case).open():
        services.checkin_record(checkin=checkin, by=coordinator, notes="fine")
    case = services.case_close(case=BuddyCase.objects.get(pk=case.pk), by=coordinator, outcome="goals_reached")
    services.checkin_record(checkin=CheckIn.objects.get(case=case, kind="aftercare"), by=coordinator, notes="ok")
    statuses = list(CaseEvent.objects.filter(case=case).values_list("to_status", flat=True))
    assert statuses == [
        Status.APPLIED,
        Status.INTAKE_SCHEDULED,
        Status.WAITING,
        Status.MATCHED,
        Status.INTRODUCED,
        Status.PLAN_SUBMITTED,
        Status.ACTIVE,
        Status.CLOSED,
        Status.FINISHED,
    ]
    assert "Sam" not in all_audit_data() and "Weigh" not in all_audit_data()


def test_retention_deletes_cases_counted_from_when_they_ended(make_case: Any, buddy_a: Any, settings: Any) -> None:
    settings.BAKEN_RETENTION_DAYS = 90
    long_ago, recently = timezone.now() - timedelta(days=91), timezone.now() - timedelta(days=10)
    old = make_case(Status.FINISHED, buddy=buddy_a)
    recent = make_case(Status.FINISHED, buddy=buddy_a)
    running = make_case(Status.ACTIVE, buddy=buddy_a)
    # Retention counts from the closing time, not from the last change of the row.
    BuddyCase.objects.filter(pk=old.pk).update(closed_at=long_ago, updated_at=timezone.now())
    BuddyCase.objects.filter(pk=recent.pk).update(closed_at=recently, updated_at=long_ago)
    BuddyCase.objects.filter(pk=running.pk).update(updated_at=long_ago)
    call_command("purge_expired", stdout=StringIO())
    # Deleted, not emptied: the case and everything in it are gone.
    assert not BuddyCase.objects.filter(pk=old.pk).exists()
    assert not CaseEvent.objects.filter(case_id=old.pk).exists()
    assert BuddyCase.objects.get(pk=recent.pk).contact is not None
    assert BuddyCase.objects.get(pk=running.pk).contact is not None
    assert AuditEvent.objects.filter(action="buddies.case_deleted", target_id=str(old.pk)).exists()


def test_ending_a_case_records_when_it_ended(make_case: Any, coordinator: Any) -> None:
    case = make_case(Status.APPLIED)
    services.case_decline(case=case, by=coordinator, reason="Past the age limit")
    assert BuddyCase.objects.get(pk=case.pk).closed_at is not None
