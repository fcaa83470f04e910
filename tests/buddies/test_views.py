"""The pages: the permission matrix (every route × role), the public application with its
eligibility rule, code + passphrase access with a generic error and a rate limit, and the
forms answering bad input with 400 and storing nothing."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.audit.models import AuditEvent
from baken.buddies.models import BuddyCase, CheckIn, Match
from baken.buddies.views import ACCESS_SCOPE
from baken.buddies.workflow import MATCHED_STATUSES, Status
from baken.core import access
from tests.buddies.conftest import PASSPHRASE
from tests.conftest import verified_client

ROLES = ["anonymous", "person", "coordinator", "buddy A", "buddy B", "anna", "eva"]


@pytest.fixture
def world(personas: Any, coordinator: Any, buddy_a: Any, buddy_b: Any, make_case: Any) -> dict[str, Any]:
    """An active case of buddy A (with an open check-in), a case of buddy B, and a client per role."""
    case = make_case(Status.ACTIVE, buddy=buddy_a)
    other = make_case(Status.INTRODUCED, buddy=buddy_b)
    person = Client()
    session = person.session
    session[f"baken_grant:{ACCESS_SCOPE}"] = {"id": str(case.pk), "at": int(time.time())}  # the kernel's grant
    session.save()
    clients = {
        "anonymous": Client(),
        "person": person,
        "coordinator": verified_client(coordinator),
        "buddy A": verified_client(buddy_a.user),
        "buddy B": verified_client(buddy_b.user),
        "anna": verified_client(personas["anna"]),
        "eva": verified_client(personas["eva"]),
    }
    return {
        "case": case,
        "other": other,
        "match": Match.objects.get(case=case),
        "checkin": CheckIn.objects.filter(case=case).first(),
        "buddy": buddy_a,
        "clients": clients,
    }


LOGIN = "login"  # a redirect to the staff login
ACCESS = "access"  # a redirect to the code + passphrase page
PUBLIC = dict.fromkeys(ROLES, 200)
PERSON_ONLY = {**dict.fromkeys(ROLES, ACCESS), "person": 200}
COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "person": LOGIN,
    "coordinator": 200,
    "buddy A": 403,
    "buddy B": 403,
    "anna": 403,
    "eva": 403,
}
COORDINATOR_POST_ONLY = {**COORDINATOR_ONLY, "coordinator": 405}
BUDDIES_ONLY = {
    "anonymous": LOGIN,
    "person": LOGIN,
    "coordinator": 403,
    "buddy A": 200,
    "buddy B": 200,
    "anna": 403,
    "eva": 403,
}
OWN_MATCH_ONLY = {**BUDDIES_ONLY, "buddy B": 404}
REFERRERS = {
    "anonymous": LOGIN,
    "person": LOGIN,
    "coordinator": 403,
    "buddy A": 403,
    "buddy B": 403,
    "anna": 200,
    "eva": 403,
}

# (url name, kwargs builder, expected status per role) for a GET.
MATRIX: list[tuple[str, Any, dict[str, Any]]] = [
    ("index", None, PUBLIC),
    ("apply", None, PUBLIC),
    ("access", None, PUBLIC),
    ("activate", None, PUBLIC),
    ("person_case", None, PERSON_ONLY),
    ("person_plan", None, PERSON_ONLY),
    ("person_withdraw", None, PERSON_ONLY),
    ("person_logout", None, dict.fromkeys(ROLES, 405)),
    ("refer", None, REFERRERS),
    ("dashboard", None, COORDINATOR_ONLY),
    ("matching", None, COORDINATOR_ONLY),
    ("case", lambda w: {"case_id": w["case"].pk}, COORDINATOR_ONLY),
    ("intake_schedule", lambda w: {"case_id": w["case"].pk}, COORDINATOR_ONLY),
    ("intake_record", lambda w: {"case_id": w["case"].pk}, COORDINATOR_ONLY),
    ("plan_review", lambda w: {"case_id": w["case"].pk}, COORDINATOR_POST_ONLY),
    ("case_message", lambda w: {"case_id": w["case"].pk}, COORDINATOR_POST_ONLY),
    *[
        ("case_action", (lambda a: lambda w: {"case_id": w["case"].pk, "action": a})(action), COORDINATOR_ONLY)
        for action in ("introduce", "rematch", "withdraw", "decline", "close")
    ],
    ("checkin", lambda w: {"checkin_id": w["checkin"].pk}, COORDINATOR_ONLY),
    ("buddy_list", None, COORDINATOR_ONLY),
    ("buddy_create", None, COORDINATOR_ONLY),
    ("buddy_edit", lambda w: {"buddy_id": w["buddy"].pk}, COORDINATOR_ONLY),
    ("my_matches", None, BUDDIES_ONLY),
    ("match", lambda w: {"match_id": w["match"].pk}, OWN_MATCH_ONLY),
    ("match_plan", lambda w: {"match_id": w["match"].pk}, OWN_MATCH_ONLY),
]


def test_the_matrix_covers_every_route() -> None:
    from baken.buddies.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {name for name, _kwargs, _expected in MATRIX}


@pytest.mark.parametrize(("name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_permission_matrix(world: dict[str, Any], name: str, kwargs: Any, expected: dict[str, Any]) -> None:
    url = reverse(f"buddies:{name}", kwargs=kwargs(world) if kwargs else None)
    for role in ROLES:
        response = world["clients"][role].get(url)
        want = expected[role]
        if want == LOGIN:
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), role
        elif want == ACCESS:
            assert response.status_code == 302 and response["Location"] == reverse("buddies:access"), role
        else:
            assert response.status_code == want, (role, response.status_code)


def test_a_buddy_of_another_case_cannot_act_on_it_by_post(world: dict[str, Any]) -> None:
    match = world["match"]
    url = reverse("buddies:match", kwargs={"match_id": match.pk})
    response = world["clients"]["buddy B"].post(url, {"body": "sneaky"})
    assert response.status_code == 404
    assert not match.case.messages.exists()


def test_staff_pages_and_person_pages_are_never_cached(world: dict[str, Any]) -> None:
    for role, name in (("coordinator", "dashboard"), ("person", "person_case"), ("anonymous", "apply")):
        response = world["clients"][role].get(reverse(f"buddies:{name}"))
        assert response["Cache-Control"] == "no-store"


def test_reads_of_a_case_are_audited(world: dict[str, Any]) -> None:
    case = world["case"]
    world["clients"]["coordinator"].get(reverse("buddies:case", kwargs={"case_id": case.pk}))
    world["clients"]["buddy A"].get(reverse("buddies:match", kwargs={"match_id": world["match"].pk}))
    world["clients"]["person"].get(reverse("buddies:person_case"))
    views = AuditEvent.objects.filter(action="buddies.case_viewed", target_id=str(case.pk))
    assert sorted(views.values_list("actor_label", flat=True)) == ["ben", "cora", "person"]


def test_dashboard_query_count_does_not_grow_with_cases(
    coordinator: Any, buddy_a: Any, make_case: Any, django_assert_max_num_queries: Any
) -> None:
    client = verified_client(coordinator)
    make_case(Status.ACTIVE, buddy=buddy_a)
    client.get(reverse("buddies:dashboard"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("buddies:dashboard"))
    for _ in range(6):
        make_case(Status.ACTIVE, buddy=buddy_a)
        make_case(Status.APPLIED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("buddies:dashboard"))
    assert response.status_code == 200


def test_overdue_check_ins_stand_out_on_the_dashboard(world: dict[str, Any]) -> None:
    CheckIn.objects.filter(pk=world["checkin"].pk).update(due_on=timezone.localdate() - timedelta(days=5))
    response = world["clients"]["coordinator"].get(reverse("buddies:dashboard"))
    html = response.content.decode()
    assert "utrecht-alert--warning" in html
    assert reverse("buddies:checkin", kwargs={"checkin_id": world["checkin"].pk}) in html


# --- applying ---

ELIGIBLE = {"step": "eligibility", "sexual_violence": "yes", "timing": "over_7_days", "age": "30"}
DETAILS = {
    **ELIGIBLE,
    "step": "details",
    "name": "Sam",
    "phone": "06-12345678",
    "email": "",
    "safe_times": "evenings",
    "contact_language": "nl",
    "note": "",
    "passphrase": PASSPHRASE,
    "passphrase_again": PASSPHRASE,
    "consent": "on",
}


def test_applying_in_two_steps_shows_the_code_once(directory: None, client: Client) -> None:
    first = client.post(reverse("buddies:apply"), ELIGIBLE)
    assert first.status_code == 200 and not BuddyCase.objects.exists()
    assert 'name="passphrase"' in first.content.decode()
    done = client.post(reverse("buddies:apply"), DETAILS)
    assert done.status_code == 200
    case = BuddyCase.objects.get()
    assert case.source == "website"
    code = done.context["code"]
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code) and code in done.content.decode()
    # The person is signed in to their own case straight away.
    assert client.get(reverse("buddies:person_case")).status_code == 200


def test_the_help_finder_can_start_an_application(directory: None, client: Client) -> None:
    client.post(reverse("buddies:apply"), {**DETAILS, "source": "help_finder"})
    assert BuddyCase.objects.get().source == "help_finder"


@pytest.mark.parametrize(
    ("answers", "reason_text", "csg"),
    [
        ({"timing": "under_7_days"}, "minder dan 7 dagen", True),
        ({"timing": "ongoing"}, "gebeurt nog steeds", True),
        ({"age": "16"}, "jonger dan 18", True),
        ({"sexual_violence": "no"}, "ongewenste seksuele ervaring", False),
    ],
)
def test_not_eligible_shows_the_reason_and_centrum_seksueel_geweld(
    directory: None, client: Client, answers: dict[str, str], reason_text: str, csg: bool
) -> None:
    # Even when every later field is sent too, nothing is stored.
    response = client.post(reverse("buddies:apply"), {**DETAILS, **answers})
    html = response.content.decode()
    assert response.status_code == 200
    assert reason_text in html
    assert ("0800-0188" in html) is csg
    assert not BuddyCase.objects.exists()


def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(directory: None, client: Client) -> None:
    response = client.post(reverse("buddies:apply"), {**ELIGIBLE, "age": "abc"})
    assert response.status_code == 400 and "age" in response.context["form"].errors
    response = client.post(reverse("buddies:apply"), {**DETAILS, "passphrase_again": "different one"})
    assert response.status_code == 400 and "passphrase_again" in response.context["form"].errors
    response = client.post(reverse("buddies:apply"), {**DETAILS, "phone": "", "email": ""})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    response = client.post(reverse("buddies:apply"), {**DETAILS, "consent": ""})
    assert response.status_code == 400 and "consent" in response.context["form"].errors
    assert not BuddyCase.objects.exists()


def test_answers_never_travel_in_the_url(directory: None, client: Client) -> None:
    html = client.get(reverse("buddies:apply")).content.decode()
    assert 'method="post"' in html and 'method="get"' not in html.lower()
    response = client.get(reverse("buddies:apply"), {"age": "12"})
    assert response.status_code == 200 and "jonger" not in response.content.decode()


def test_titles_are_neutral_on_public_pages(directory: None, client: Client) -> None:
    for name in ("index", "apply", "access", "activate"):
        html = client.get(reverse(f"buddies:{name}")).content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert "seksu" not in title.lower() and "geweld" not in title.lower()


# --- code + passphrase ---


def test_access_with_code_and_passphrase_and_a_generic_error(directory: None, client: Client) -> None:
    client.post(reverse("buddies:apply"), DETAILS)
    code = client.post(reverse("buddies:apply"), DETAILS).context["code"]
    fresh = Client()
    wrong = fresh.post(reverse("buddies:access"), {"code": code, "passphrase": "not the passphrase"})
    unknown = fresh.post(reverse("buddies:access"), {"code": "B-2222-3333-4444", "passphrase": PASSPHRASE})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.context["access_error"] == unknown.context["access_error"] == access.GENERIC_ERROR
    ok = fresh.post(reverse("buddies:access"), {"code": code.lower(), "passphrase": PASSPHRASE})
    assert ok.status_code == 302 and ok["Location"] == reverse("buddies:person_case")
    page = fresh.get(reverse("buddies:person_case"))
    assert page.status_code == 200 and page.context["case"].pk == BuddyCase.objects.last().pk
    fresh.post(reverse("buddies:person_logout"))
    assert fresh.get(reverse("buddies:person_case")).status_code == 302


def test_guessing_is_rate_limited(db: None, client: Client, settings: Any) -> None:
    settings.BAKEN_ACCESS_ATTEMPTS = 3
    for _ in range(3):
        assert (
            client.post(reverse("buddies:access"), {"code": "B-2222-3333-4444", "passphrase": "x" * 8}).status_code
            == 400
        )
    assert (
        client.post(reverse("buddies:access"), {"code": "B-2222-3333-4444", "passphrase": "x" * 8}).status_code == 429
    )


def test_referral_then_the_person_chooses_a_passphrase(personas: Any) -> None:
    anna = verified_client(personas["anna"])
    form = {
        "consent": "on",
        "sexual_violence": "yes",
        "timing": "over_7_days",
        "age": "40",
        "name": "Sam",
        "phone": "06-1",
        "email": "",
        "safe_times": "",
        "contact_language": "nl",
        "note": "",
    }
    refused = anna.post(reverse("buddies:refer"), {**form, "age": "15"})
    assert refused.status_code == 400 and "0800-0188" in refused.content.decode()
    assert not BuddyCase.objects.exists()
    done = anna.post(reverse("buddies:refer"), form)
    code = done.context["code"]
    case = BuddyCase.objects.get()
    assert case.referring_organisation == "centrum-seksueel-geweld" and case.referred_by == personas["anna"]
    person = Client()
    assert person.post(reverse("buddies:access"), {"code": code, "passphrase": PASSPHRASE}).status_code == 400
    activated = person.post(
        reverse("buddies:activate"), {"code": code, "passphrase": PASSPHRASE, "passphrase_again": PASSPHRASE}
    )
    assert activated.status_code == 302
    again = Client().post(
        reverse("buddies:activate"),
        {"code": code, "passphrase": "hijack attempt", "passphrase_again": "hijack attempt"},
    )
    assert again.status_code == 400


def test_the_person_writes_the_plan_and_can_stop(world: dict[str, Any], buddy_a: Any, make_case: Any) -> None:
    case = make_case(Status.INTRODUCED, buddy=buddy_a)
    person = Client()
    session = person.session
    session[f"baken_grant:{ACCESS_SCOPE}"] = {"id": str(case.pk), "at": int(time.time())}  # the kernel's grant
    session.save()
    plan = {
        "support": "Find a lawyer",
        "actions": "Call two offices",
        "contact_frequency": "",
        "contact_channel": "",
        "location": "",
        "reachability": "",
    }
    assert person.post(reverse("buddies:person_plan"), {**plan, "submit": "1"}).status_code == 302
    assert BuddyCase.objects.get(pk=case.pk).status == Status.PLAN_SUBMITTED
    page = person.get(reverse("buddies:person_case")).content.decode()
    assert "Find a lawyer" in page
    assert person.post(reverse("buddies:person_withdraw")).status_code == 200
    assert BuddyCase.objects.get(pk=case.pk).status == Status.WITHDRAWN
    assert person.get(reverse("buddies:person_case")).status_code == 302


# --- coordinator forms ---


def test_the_coordinator_records_an_intake_with_required_and_nice_to_have(
    coordinator: Any, make_case: Any, spare_buddy: Any
) -> None:
    case = make_case(Status.INTAKE_SCHEDULED)
    client = verified_client(coordinator)
    url = reverse("buddies:intake_record", kwargs={"case_id": case.pk})
    bad = client.post(url, {"age_min": "50", "age_max": "30"})
    assert bad.status_code == 400 and {"languages", "age_max"} <= set(bad.context["form"].errors)
    form = {
        "languages": ["nl"],
        "support": ["find_professional", "listening"],
        "support_other": "",
        "gender": ["woman"],
        "gender_importance": "required",
        "background_importance": "nice",
        "reporting_experience": ["report"],
        "reporting_experience_importance": "nice",
        "region": ["utrecht"],
        "region_importance": "nice",
        "meeting_mode_importance": "nice",
        "availability_importance": "nice",
        "age_min": "25",
        "age_max": "60",
        "age_importance": "nice",
        "notes": "",
    }
    assert client.post(url, form).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WAITING
    assert case.intake_data["preferences"]["gender"] == {"values": ["woman"], "required": True}
    assert case.intake_data["preferences"]["age"] == {"min": 25, "max": 60, "required": False}
    matching = client.get(reverse("buddies:matching"))
    html = matching.content.decode()
    assert matching.status_code == 200 and "Cas" in html
    confirm = client.post(reverse("buddies:matching"), {"case": case.pk, "buddy": spare_buddy.pk})
    assert confirm.status_code == 302
    assert Match.objects.get(case=case).buddy == spare_buddy


def test_matching_page_lists_why_people_cannot_be_matched(coordinator: Any, make_case: Any, buddy_a: Any) -> None:
    make_case(Status.WAITING, intake={"languages": ["ar"], "preferences": {}})
    html = verified_client(coordinator).get(reverse("buddies:matching")).content.decode()
    assert "Geen getrainde, actieve buddy spreekt Arabisch." in html


def test_a_stale_confirmation_is_refused_with_the_reason(coordinator: Any, make_case: Any, buddy_a: Any) -> None:
    case = make_case(Status.WAITING, intake={"languages": ["ar"], "preferences": {}})
    response = verified_client(coordinator).post(reverse("buddies:matching"), {"case": case.pk, "buddy": buddy_a.pk})
    assert response.status_code == 400
    assert not Match.objects.filter(case=case).exists()
    assert verified_client(coordinator).post(reverse("buddies:matching"), {"case": "x", "buddy": ""}).status_code == 400


@pytest.mark.parametrize("status", Status.values)
def test_every_status_renders_for_everyone_who_may_see_it(
    status: str, directory: None, coordinator: Any, buddy_a: Any, make_case: Any
) -> None:
    needs_buddy = status in (*MATCHED_STATUSES, Status.CLOSED, Status.FINISHED)
    case = make_case(status, buddy=buddy_a if needs_buddy else None)
    assert verified_client(coordinator).get(reverse("buddies:case", kwargs={"case_id": case.pk})).status_code == 200
    person = Client()
    session = person.session
    session[f"baken_grant:{ACCESS_SCOPE}"] = {"id": str(case.pk), "at": int(time.time())}  # the kernel's grant
    session.save()
    page = person.get(reverse("buddies:person_case"))
    assert page.status_code == 200
    assert case.get_status_display() in page.content.decode()
    assert person.get(reverse("buddies:person_plan")).status_code == 200
    if status in MATCHED_STATUSES:
        match = Match.objects.get(case=case, ended_at__isnull=True)
        buddy = verified_client(buddy_a.user)
        assert buddy.get(reverse("buddies:match", kwargs={"match_id": match.pk})).status_code == 200
        assert buddy.get(reverse("buddies:match_plan", kwargs={"match_id": match.pk})).status_code == 200
