"""Restorative mediation in a real browser: a victim registers (with JavaScript), a mediator
takes the case up and asks the other person, who opens the invitation and says yes; a
referrer registers someone without JavaScript. axe-core runs on every page visited."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from baken.mediation.models import Case, MediatorProfile
from tests.browser.conftest import _guarded_page, assert_accessible
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "vuurtoren aan zee 12"
STORY = "Ik wil weten waarom het gebeurde."


def log_in(page: Any, live_server: Any, user: Any) -> None:
    """Reuse a verified staff session (password and second factor are tested in accounts)."""
    client = verified_client(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_registration_mediator_and_invitation(browser: Any, live_server: Any, page: Any, directory: None) -> None:
    mediator = make_user("mila", role="mediator")
    MediatorProfile.objects.create(user=mediator, regions=["utrecht"])

    # --- the person registers --------------------------------------------------------------
    page.goto("/herstelbemiddeling/")
    assert_accessible(page)
    page.get_by_role("link", name="Aanmelden").first.click()
    page.wait_for_url("**/herstelbemiddeling/aanmelden/")
    assert_accessible(page)
    page.get_by_label("Het is mij overkomen").check()
    page.get_by_role("button", name="Verder naar stap 2").click()
    page.get_by_label("Waar woon je?").select_option("utrecht")
    page.get_by_label("Wat wil je de bemiddelaar laten weten?").fill(STORY)
    page.get_by_label("Antwoord krijgen op mijn vragen").check()
    page.get_by_label("Brieven, die de bemiddelaar doorgeeft").check()
    page.get_by_label("Ja, de bemiddelaar mag de ander vragen of die wil meedoen.").check()
    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE)
    assert_accessible(page)
    page.get_by_role("button", name="Aanmelding versturen").click()
    code = page.get_by_test_id("code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code) and code not in page.url
    assert_accessible(page)
    case = Case.objects.get()
    assert case.mediator == mediator

    # --- the person opens their page and writes to the mediator ---------------------------
    page.get_by_role("link", name="Open je pagina").click()
    page.get_by_label("Je code").fill(code.lower().replace("-", " "))  # typed loosely
    page.get_by_label("Je wachtzin").fill(PASSPHRASE)
    page.get_by_role("button", name="Openen").click()
    page.wait_for_url("**/herstelbemiddeling/status/")
    assert STORY in page.content()
    page.get_by_label("Je bericht").fill("Bel me liever niet overdag.")
    page.get_by_role("button", name="Naar de bemiddelaar sturen").click()
    page.wait_for_url("**/herstelbemiddeling/status/")
    assert "Bel me liever niet overdag." in page.content()
    assert_accessible(page)

    # --- the mediator takes it up and asks the other person --------------------------------
    staff = next(_guarded_page(browser, live_server, javascript=True))
    log_in(staff, live_server, mediator)
    staff.goto("/herstelbemiddeling/zaken/")
    assert_accessible(staff)
    staff.locator("table a").first.click()
    staff.wait_for_url(f"**/zaken/{case.public_id}/")
    assert STORY in staff.content() and "Bel me liever niet overdag." in staff.content()
    assert_accessible(staff)
    staff.get_by_label("Volgende stap").select_option("intake")
    staff.get_by_role("button", name="Status veranderen").click()
    staff.wait_for_url(f"**/zaken/{case.public_id}/")
    staff.get_by_role("button", name="De ander vragen").click()
    invitation = staff.get_by_test_id("invitation-code").inner_text().strip()
    assert_accessible(staff)

    # --- the other person opens the invitation and says yes --------------------------------
    other = next(_guarded_page(browser, live_server, javascript=True))
    other.goto("/herstelbemiddeling/uitnodiging/")
    assert_accessible(other)
    other.get_by_label("De code van de bemiddelaar").fill(invitation)
    other.get_by_label("Kies een wachtzin").fill("mijn eigen wachtzin")
    other.get_by_label("Typ je wachtzin nog een keer").fill("mijn eigen wachtzin")
    other.get_by_role("button", name="Openen").click()
    other.wait_for_url("**/herstelbemiddeling/status/")
    content = other.content()
    assert STORY not in content and "Bel me liever niet overdag." not in content
    assert_accessible(other)
    other.get_by_label("Ja, ik wil meedoen").check()
    other.get_by_role("button", name="Mijn antwoord versturen").click()
    other.wait_for_url("**/herstelbemiddeling/status/")
    assert "Je hebt ja gezegd" in other.get_by_test_id("status-text").inner_text()
    case.refresh_from_db()
    assert case.status == "preparation"

    # --- the first person sees the new status, and nothing of the other person -------------
    page.reload()
    assert "De ander wil meedoen" in page.get_by_test_id("status-text").inner_text()


def test_referrer_registers_without_javascript(
    nojs_page: Any, live_server: Any, directory: None, axe_without_js: Callable[[Any], None]
) -> None:
    page = nojs_page
    page.goto("/herstelbemiddeling/aanmelden/")
    page.get_by_label("Ik ben professional en meld iemand anders aan, met diens toestemming").check()
    page.get_by_role("button", name="Verder naar stap 2").click()
    # Step 1 refuses a referral without the person's consent, and says so next to the field.
    assert "Meld iemand alleen aan als die persoon dat goed vindt." in page.content()
    axe_without_js(page)
    page.get_by_label("De persoon die beschuldigd wordt").check()
    page.get_by_label("Deze persoon vindt het goed dat ik hem of haar aanmeld.").check()
    page.get_by_role("button", name="Verder naar stap 2").click()
    page.get_by_label("Waar woon je?").select_option("gelderland")
    page.get_by_label("Mijn kant van het verhaal vertellen").check()
    page.get_by_label("Nee, nu nog niet. Ik wil eerst praten met de bemiddelaar.").check()
    page.get_by_label("Organisatie waar je werkt").fill("Reclassering")
    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ je wachtzin nog een keer").fill("iets anders dan dat")
    page.get_by_role("button", name="Aanmelding versturen").click()
    assert "De twee wachtzinnen zijn niet hetzelfde." in page.content()
    assert not Case.objects.exists()
    axe_without_js(page)
    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE)
    page.get_by_role("button", name="Aanmelding versturen").click()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", page.get_by_test_id("code").inner_text())
    axe_without_js(page)
    case = Case.objects.get()
    assert (case.registrant_role, case.parties.get().side, case.referrer) == (
        "referrer",
        "accused",
        {"organisation": "Reclassering"},
    )
