"""The warm handover in a real browser: a person consents and sends; a staff member logs in
with password and authenticator code, accepts and sends a message; the person reads it on the
status page and withdraws; everything is gone. axe-core runs on every page of the journey."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.referrals.models import Referral, ReferralDeletion, ReferralMessage
from tests.browser.conftest import _guarded_page, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PASSPHRASE = "lantaarn bij de brug 7"
STORY = "Na de training bleef hij aan me zitten. <b>Niet</b> leuk."
STAFF_MESSAGE = "Dank je. Mogen we je dinsdag na 20:00 bellen?"


def post_from_help_finder(page: Any) -> None:
    """What the help finder's results page does: POST the answers to the consent screen."""
    page.evaluate(
        """() => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = '/verhaal/start/';
            const fields = [['organisation', 'centrum-seksueel-geweld'], ['role', 'victim'],
                ['violence', 'sexual_violence'], ['context', 'sport'], ['age', '17'], ['need', 'medical']];
            for (const [name, value] of fields) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }"""
    )
    page.wait_for_url("**/verhaal/start/")


def test_whole_warm_handover(browser: Any, live_server: Any, page: Any, personas: dict[str, Any]) -> None:
    # --- the person consents and sends --------------------------------------------------
    page.goto("/verhaal/status/")
    assert_accessible(page)
    post_from_help_finder(page)
    assert page.title().startswith("Informatie en hulp")  # neutral title, no organisation or topic
    assert_accessible(page)
    page.get_by_label("Waar het gebeurt: In de sport").uncheck()
    page.get_by_label("In je eigen woorden").fill(STORY)
    page.get_by_label("Telefoongesprek").check()
    page.get_by_label("Je telefoonnummer of e-mailadres").fill("06 24681357")
    page.get_by_label("Wanneer is het veilig").fill("na 20:00")
    page.get_by_label("Codewoord").fill("vuurtoren")
    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE)
    page.get_by_label("Ja, stuur dit naar de organisatie").check()
    page.get_by_role("button", name="Stuur naar Centrum Seksueel Geweld").click()
    page.wait_for_url("**/verhaal/versturen/")
    code = page.get_by_test_id("reference-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert code not in page.url
    assert_accessible(page)
    referral = Referral.objects.get()
    assert "context" not in referral.answers  # the person removed it

    # --- staff: password, authenticator code, accept, message ---------------------------
    staff_pages = _guarded_page(browser, live_server, javascript=True)
    staff = next(staff_pages)
    staff.goto("/medewerkers/inloggen/")
    assert_accessible(staff)
    staff.get_by_label("Gebruikersnaam").fill("anna")
    staff.get_by_label("Wachtwoord").fill("correct horse battery staple")
    staff.get_by_role("button", name="Volgende").click()
    staff.wait_for_url("**/medewerkers/code/**")
    assert_accessible(staff)
    device = TOTPDevice.objects.get(user=personas["anna"])
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    staff.get_by_label("Code uit uw app").fill(f"{token:06d}")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/medewerkers/")
    assert_accessible(staff)
    staff.get_by_role("link", name="Aanmeldingen voor uw organisatie").click()
    staff.wait_for_url("**/verhaal/inbox/")
    assert_accessible(staff)
    staff.locator(f'a[href$="/verhaal/inbox/{referral.public_id}/"]').click()
    staff.wait_for_url(f"**/verhaal/inbox/{referral.public_id}/")
    assert STORY in staff.get_by_test_id("story").inner_text()  # shown as text, not as HTML
    assert "vuurtoren" in staff.content()
    assert_accessible(staff)
    with staff.expect_navigation():  # the form post's page, not the old one
        staff.get_by_role("button", name="Aannemen").click()
    assert staff.get_by_test_id("referral-status").inner_text() == "Aangenomen"
    staff.get_by_label("Bericht of vraag aan de persoon").fill(STAFF_MESSAGE)
    with staff.expect_navigation():  # the form post's page, not the old one
        staff.get_by_role("button", name="Bericht versturen").click()
    assert_accessible(staff)

    # --- the person reads the message and withdraws --------------------------------------
    page.goto("/verhaal/status/")
    page.get_by_label("Je code").fill(code.lower())
    page.get_by_label("Je wachtzin").fill(PASSPHRASE)
    page.get_by_role("button", name="Laat mijn verhaal zien").click()
    page.wait_for_url("**/verhaal/mijn-verhaal/")
    assert page.get_by_test_id("referral-status").inner_text() == "Aangenomen"
    assert STAFF_MESSAGE in page.get_by_test_id("message-body").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Mijn verhaal intrekken").click()
    page.wait_for_url("**/verhaal/mijn-verhaal/intrekken/")
    assert_accessible(page)
    with page.expect_navigation():  # the form post's page, not the old one
        page.get_by_role("button", name="Ja, intrekken en wissen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Je verhaal is ingetrokken"
    assert_accessible(page)

    # --- the data is gone; the organisation learns only that it was withdrawn ------------
    assert not Referral.objects.exists() and not ReferralMessage.objects.exists()
    assert ReferralDeletion.objects.get().reason == "withdrawn"
    staff.reload()
    assert staff.get_by_role("heading", level=1).inner_text() == "Deze aanmelding is er niet meer"
    assert STORY not in staff.content()
    assert_accessible(staff)
    next(staff_pages, None)  # closes the staff context and checks it made no foreign requests
