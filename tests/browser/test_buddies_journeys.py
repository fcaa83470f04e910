"""The buddy programme in a real browser, axe-core on every page visited: a person applies
without JavaScript, the coordinator plans the intake, records preferences and confirms a
proposed buddy; the buddy writes the plan; the coordinator approves it, checks in and closes."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from baken.buddies.models import BuddyCase, CheckIn, Match
from baken.buddies.views import ACCESS_SCOPE
from baken.buddies.workflow import Status
from tests.browser.conftest import assert_accessible
from tests.buddies.conftest import PASSPHRASE, make_buddy
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Any, live_server: Any, user: Any) -> None:
    """Reuse a verified (password + second factor) session in the browser."""
    client = verified_client(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def visit(page: Any, path: str) -> None:
    page.goto(path)
    assert_accessible(page)


def apply(page: Any, *, step: Any) -> str:
    """Sign up through both steps; returns the code shown. `step` runs axe-core on every page."""
    page.goto("/buddy/")
    step(page)
    page.get_by_role("link", name="Aanmelden").click()
    step(page)
    page.get_by_label("Ja").check()
    page.get_by_label("7 dagen geleden of langer").check()
    page.get_by_label("Hoe oud ben je?").fill("34")
    page.get_by_role("button", name="Volgende").click()
    step(page)
    page.get_by_label("Hoe mogen we je noemen?").fill("Sam")
    page.get_by_label("Telefoonnummer").fill("06-12345678")
    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ de wachtzin nog een keer").fill(PASSPHRASE)
    page.get_by_label("Ik vind het goed").check()
    page.get_by_role("button", name="Aanmelden").click()
    step(page)
    assert "aanmeld" not in page.title().lower() and "geweld" not in page.title().lower()
    code = page.locator(".baken-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)  # the one code format
    return code


def test_applying_works_without_javascript(directory: None, nojs_page: Any, axe_without_js: Any) -> None:
    apply(nojs_page, step=axe_without_js)
    assert BuddyCase.objects.get().status == Status.APPLIED


def test_a_person_applies_and_the_coordinator_finds_a_buddy(directory: None, page: Any, live_server: Any) -> None:
    code = apply(page, step=assert_accessible)
    page.context.clear_cookies()
    case = BuddyCase.objects.get()

    # The coordinator.
    coordinator = make_user("cora", role="buddy coordinator")
    make_buddy("ben", display_name="Ben")
    log_in(page, live_server, coordinator)
    visit(page, "/buddy/coordinatie/")
    page.get_by_role("link", name=f"Aanmelding #{case.pk}").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Kennismaking plannen").click()
    assert_accessible(page)
    page.get_by_label("Datum").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_label("Tijd").fill("10:30")
    page.get_by_label("Videobellen").check()
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Kennismaking vastleggen").click()
    assert_accessible(page)
    page.get_by_label("Een luisterend oor en ervaringen delen").check()
    page.get_by_label("Nederlands").check()
    page.get_by_role("group", name=re.compile(r"^Gender van de buddy \(")).get_by_label("Vrouw").check()
    page.get_by_role("group", name="Gender van de buddy: hoe belangrijk?").get_by_label("Moet").check()
    page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    waiting = BuddyCase.objects.get(pk=case.pk)
    assert waiting.status == Status.WAITING
    assert waiting.intake_data["preferences"]["gender"] == {"values": ["woman"], "required": True}

    visit(page, "/buddy/coordinatie/koppelen/")
    assert "Voorstel: Ben" in page.content()
    page.get_by_role("button", name=f"Ben bevestigen voor aanmelding #{case.pk}").click()
    assert_accessible(page)
    assert Match.objects.get(case=case).buddy.display_name == "Ben"
    page.get_by_role("link", name="Voorstellen vastleggen").click()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen").click()
    assert_accessible(page)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.INTRODUCED

    # The person sees the buddy's first name with code + passphrase.
    fresh = page.context.browser.new_context(base_url=live_server.url)
    person = fresh.new_page()
    person.goto("/buddy/mijn-aanmelding/")
    assert_accessible(person)
    person.get_by_label("Je code").fill(code)
    person.get_by_label("Je wachtzin").fill(PASSPHRASE)
    person.get_by_role("button", name="Openen").click()
    assert_accessible(person)
    assert "Je buddy: Ben" in person.content()
    fresh.close()


def test_the_buddy_writes_the_plan_and_the_coordinator_approves_checks_in_and_closes(
    page: Any, live_server: Any
) -> None:
    from tests.buddies.conftest import INTAKE

    ben = make_buddy("ben", display_name="Ben")
    coordinator = make_user("cora", role="buddy coordinator")
    case = BuddyCase.objects.create(
        code_key="k" * 64,
        passphrase_hash="x",
        status=Status.INTRODUCED,
        contact={"name": "Sam", "phone": "06-1", "email": "", "safe_times": ""},
        intake=INTAKE,
        waiting_since=timezone.now(),
    )
    match = Match.objects.create(case=case, buddy=ben, introduced_at=timezone.now())

    # The buddy.
    log_in(page, live_server, ben.user)
    visit(page, "/buddy/mijn-matches/")
    page.get_by_role("link", name=f"Aanmelding #{case.pk}").click()
    assert_accessible(page)
    page.get_by_role("link", name="Aan het plan werken").click()
    assert_accessible(page)
    page.get_by_label("Welke steun is nodig?").fill("Een psycholoog zoeken")
    page.get_by_label("Wat gaan jullie doen, en wie doet wat?").fill("Samen drie praktijken bellen")
    page.get_by_label("Hoe vaak hebben jullie contact?").fill("Elke week")
    page.get_by_role("button", name="Opslaan en naar de coördinator sturen").click()
    assert_accessible(page)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.PLAN_SUBMITTED
    page.context.clear_cookies()

    # The coordinator approves, checks in, closes.
    log_in(page, live_server, coordinator)
    visit(page, f"/buddy/coordinatie/aanmelding/{case.pk}/")
    page.get_by_label("Plan goedkeuren").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    assert_accessible(page)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.ACTIVE
    CheckIn.objects.filter(case=case, with_whom="buddy").update(due_on=timezone.localdate() - timedelta(days=2))
    visit(page, "/buddy/coordinatie/")
    overdue = page.locator(".utrecht-alert--warning")
    assert "te laat" in overdue.inner_text()
    overdue.get_by_role("link").first.click()
    assert_accessible(page)
    page.get_by_label("Hoe gaat het?").fill("Het gaat goed")
    page.get_by_role("button", name="Contactmoment opslaan").click()
    assert_accessible(page)
    page.get_by_role("link", name="Afsluiten met een uitkomst").click()
    assert_accessible(page)
    page.get_by_label("De doelen van het plan zijn gehaald").check()
    page.get_by_role("button", name="Bevestigen").click()
    assert_accessible(page)
    assert BuddyCase.objects.get(pk=case.pk).status == Status.CLOSED
    assert Match.objects.get(pk=match.pk).ended_at is not None
    visit(page, "/buddy/coordinatie/buddies/")
    visit(page, f"/buddy/coordinatie/buddies/{ben.pk}/")


def test_the_other_pages_are_accessible_too(directory: None, page: Any, live_server: Any) -> None:
    """Pages the journeys above do not pass: not eligible (with Centrum Seksueel Geweld), the
    referral form, choosing a passphrase, the person's plan and stop pages, adding a buddy."""
    from tests.buddies.conftest import INTAKE

    page.goto("/buddy/aanmelden/")
    page.get_by_label("Ja").check()
    page.get_by_label("Minder dan 7 dagen geleden").check()
    page.get_by_label("Hoe oud ben je?").fill("16")
    page.get_by_role("button", name="Volgende").click()
    assert_accessible(page)
    assert "0800-0188" in page.content()
    visit(page, "/buddy/mijn-aanmelding/eerste-keer/")

    ben = make_buddy("ben", display_name="Ben")
    case = BuddyCase.objects.create(
        code_key="p" * 64, passphrase_hash="x", status=Status.INTRODUCED, intake=INTAKE, contact={"name": "Sam"}
    )
    Match.objects.create(case=case, buddy=ben, introduced_at=timezone.now())
    # The person's own session (as after code + passphrase).
    person = Client().session
    person[f"baken_grant:{ACCESS_SCOPE}"] = {"id": str(case.pk), "at": int(time.time())}  # the kernel's grant
    person.save()
    page.context.add_cookies([{"name": "sessionid", "value": person.session_key, "url": live_server.url}])
    visit(page, "/buddy/mijn-aanmelding/plan/")
    visit(page, "/buddy/mijn-aanmelding/stoppen/")
    page.context.clear_cookies()

    anna = make_user("anna", role="organisation staff")
    log_in(page, live_server, anna)
    visit(page, "/buddy/doorverwijzen/")
    page.context.clear_cookies()
    log_in(page, live_server, make_user("cora", role="buddy coordinator"))
    visit(page, "/buddy/coordinatie/buddies/nieuw/")
