"""The staffed front door in real browsers: a visitor without JavaScript and one with it each
chat with a worker in a second browser context; a transfer to a second organisation, which the
visitor accepts on their own page (with and without JavaScript), carries the answers; a phone
call is recorded and handed over; the quick exit ends the conversation on the server. (The live
test server speaks HTTP only, so the JavaScript visitor here runs on its polling fallback; the
sockets are tested with the Channels communicator.)"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from baken.chat.models import Conversation
from baken.directory.models import Channel, Organisation
from baken.referrals.models import Referral
from tests.browser.conftest import _guarded_page, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
CSG_QUEUE, VT_QUEUE = "csg-chat", "vt-chat"


@pytest.fixture
def queues(personas: dict[str, Any]) -> dict[str, Any]:
    for organisation, slug in (("centrum-seksueel-geweld", CSG_QUEUE), ("veilig-thuis", VT_QUEUE)):
        Channel.objects.create(
            organisation=Organisation.objects.get(slug=organisation),
            position=99,
            type="chat",
            staffed=True,
            opening_hours="24/7",
            queue=slug,
        )
    return personas


_OPEN: list[Any] = []


@pytest.fixture(autouse=True)
def _close_staff_contexts(live_server: Any) -> Iterator[None]:
    """Staff pages keep polling; close them before the live server and its database go."""
    yield
    while _OPEN:
        next(_OPEN.pop(), None)


def log_in(browser: Any, live_server: Any, user: Any) -> Any:
    pages = _guarded_page(browser, live_server, javascript=True)
    staff = next(pages)
    _OPEN.append(pages)
    staff.goto("/medewerkers/inloggen/")
    staff.get_by_label("Gebruikersnaam").fill(user.username)
    staff.get_by_label("Wachtwoord").fill("correct horse battery staple")
    staff.get_by_role("button", name="Volgende").click()
    staff.wait_for_url("**/medewerkers/code/**")
    device = TOTPDevice.objects.get(user=user)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    staff.get_by_label("Code uit uw app").fill(f"{token:06d}")
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url("**/medewerkers/")
    return staff


def sign_in_to(staff: Any, queue: str) -> None:
    staff.goto("/chat/werk/")
    staff.locator(f"#queue-{queue}").check()
    staff.get_by_role("button", name="Aanmelden").click()
    # `expect` waits for the page the form post loads; `is_visible()` right after the click
    # could read the old page (it failed so once, with two test processes on two cores).
    expect(staff.get_by_role("heading", name="Je bent aangemeld")).to_be_visible()


def start_from_help_finder(visitor: Any, queue: str) -> None:
    """What the results page's 'Chat nu' does: POST the answers to the queue's start page."""
    visitor.goto(f"/chat/{queue}/")
    with visitor.expect_navigation():  # the form post's page, not the old one
        visitor.evaluate(
            """(queue) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/chat/' + queue + '/';
                for (const [name, value] of [['role', 'victim'], ['violence', 'sexual_violence'], ['age', '17']]) {
                    const input = document.createElement('input');
                    input.type = 'hidden'; input.name = name; input.value = value; form.appendChild(input);
                }
                const token = document.querySelector('input[name=csrfmiddlewaretoken]');
                if (token) { form.appendChild(token.cloneNode()); }
                document.body.appendChild(form);
                form.submit();
            }""",
            queue,
        )


def take_next(staff: Any) -> None:
    staff.goto("/chat/werk/")
    staff.get_by_role("button", name="Volgend gesprek aannemen").click()
    staff.wait_for_url("**/chat/werk/*-*/")


def test_a_visitor_without_javascript_chats_with_a_worker(
    browser: Any, live_server: Any, nojs_page: Any, axe_without_js: Any, queues: dict[str, Any]
) -> None:
    staff = log_in(browser, live_server, queues["anna"])
    sign_in_to(staff, CSG_QUEUE)
    visitor = nojs_page
    visitor.goto(f"/chat/{CSG_QUEUE}/")
    axe_without_js(visitor)
    visitor.get_by_role("button", name="Chat beginnen").click()
    visitor.wait_for_url("**/chat/gesprek/")
    assert "nummer 1" in visitor.get_by_test_id("chat-status").inner_text()
    assert visitor.locator('meta[http-equiv="refresh"]').count() == 1
    axe_without_js(visitor)
    visitor.get_by_label("Je bericht").fill("Is daar iemand?")
    visitor.get_by_role("button", name="Versturen", exact=True).click()
    visitor.wait_for_url("**/chat/gesprek/**")

    take_next(staff)
    assert "Is daar iemand?" in staff.locator("#chat-log").inner_text()
    assert_accessible(staff)
    staff.get_by_label("Je bericht").fill("Ja, ik ben er. Vertel maar.")
    staff.get_by_role("button", name="Versturen", exact=True).click()
    staff.locator("#chat-log", has_text="Vertel maar.").wait_for()

    visitor.goto("/chat/gesprek/")  # what the meta refresh does
    assert "Ja, ik ben er. Vertel maar." in visitor.locator("#chat-log").inner_text()
    visitor.get_by_role("button", name="Chat stoppen en verwijderen").click()
    expect(visitor.get_by_test_id("chat-ended")).to_be_visible()
    assert not Conversation.objects.exists()


def test_a_visitor_with_javascript_chats_with_a_worker(
    browser: Any, live_server: Any, page: Any, queues: dict[str, Any]
) -> None:
    staff = log_in(browser, live_server, queues["anna"])
    sign_in_to(staff, CSG_QUEUE)
    start_from_help_finder(page, CSG_QUEUE)
    assert page.get_by_label("Ja, de medewerker mag deze antwoorden zien").is_checked()
    page.get_by_role("button", name="Chat beginnen").click()
    page.wait_for_url("**/chat/gesprek/")
    assert_accessible(page)
    page.get_by_label("Je bericht").fill("Hallo vanuit de browser")
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.locator("#chat-log", has_text="Hallo vanuit de browser").wait_for()
    assert page.get_by_label("Je bericht").input_value() == ""  # sent without a page load

    take_next(staff)
    assert "Seksueel geweld" in staff.get_by_test_id("shared-answers").inner_text()
    staff.get_by_label("Je bericht").fill("Fijn dat je er bent.")
    staff.get_by_role("button", name="Versturen", exact=True).click()
    page.locator("#chat-log", has_text="Fijn dat je er bent.").wait_for(timeout=15000)
    texts = page.locator("#chat-log li").all_inner_texts()
    assert sum("Fijn dat je er bent." in t for t in texts) == 1  # once, not twice


def _on_duty(browser: Any, live_server: Any, queues: dict[str, Any]) -> tuple[Any, Any]:
    anna = log_in(browser, live_server, queues["anna"])
    chris = log_in(browser, live_server, queues["chris"])
    sign_in_to(anna, CSG_QUEUE)
    sign_in_to(chris, VT_QUEUE)
    return anna, chris


def _propose_transfer(anna: Any) -> None:
    """Anna proposes a transfer to Veilig Thuis; nothing moves until the visitor says yes."""
    take_next(anna)
    anna.locator("#transfer-queue").select_option(VT_QUEUE)
    assert anna.locator("#transfer-consent").count() == 0  # the worker cannot tick the visitor's yes
    with anna.expect_navigation():  # the form post's page, not the old one
        anna.get_by_role("button", name="Doorzetten voorstellen").click()
    assert Conversation.objects.get().queue.slug == CSG_QUEUE


def _start_and_write(page: Any, text: str) -> None:
    """From the help finder's results into a chat (with JavaScript), and a first line."""
    start_from_help_finder(page, CSG_QUEUE)
    page.get_by_role("button", name="Chat beginnen").click()
    page.wait_for_url("**/chat/gesprek/")
    page.get_by_label("Je bericht").fill(text)
    page.get_by_role("button", name="Versturen", exact=True).click()
    page.locator("#chat-log", has_text=text).wait_for()


def test_a_visitor_with_javascript_accepts_a_transfer_that_carries_the_answers(
    browser: Any, live_server: Any, page: Any, queues: dict[str, Any]
) -> None:
    anna, chris = _on_duty(browser, live_server, queues)
    _start_and_write(page, "Het gebeurt thuis")
    _propose_transfer(anna)

    # The poll brings the question in without the visitor doing anything.
    proposal = page.get_by_test_id("chat-proposal")
    proposal.wait_for(timeout=15000)
    assert "Veilig Thuis" in proposal.inner_text()
    assert "antwoorden die je aan het begin hebt gedeeld" in proposal.inner_text()
    assert_accessible(page)
    page.get_by_label("Het gesprek tot nu toe mag meegaan").check()
    page.get_by_role("button", name="Ja, doorsturen").click()
    page.locator("#chat-log", has_text="Je wacht nu op Veilig Thuis").wait_for(timeout=15000)
    take_next(chris)
    assert "Seksueel geweld" in chris.get_by_test_id("shared-answers").inner_text()
    assert "Het gebeurt thuis" in chris.locator("#chat-log").inner_text()  # the visitor allowed it
    assert Conversation.objects.get().queue.slug == VT_QUEUE


def test_a_visitor_without_javascript_accepts_a_transfer(
    browser: Any, live_server: Any, nojs_page: Any, axe_without_js: Any, queues: dict[str, Any]
) -> None:
    anna, chris = _on_duty(browser, live_server, queues)
    visitor = nojs_page
    visitor.goto(f"/chat/{CSG_QUEUE}/")
    visitor.get_by_role("button", name="Chat beginnen").click()
    visitor.wait_for_url("**/chat/gesprek/")
    visitor.get_by_label("Je bericht").fill("Het gebeurt thuis")
    visitor.get_by_role("button", name="Versturen", exact=True).click()
    visitor.wait_for_url("**/chat/gesprek/**")
    _propose_transfer(anna)

    visitor.goto("/chat/gesprek/")  # what the meta refresh does
    proposal = visitor.get_by_test_id("chat-proposal")
    assert "Veilig Thuis" in proposal.inner_text()
    axe_without_js(visitor)
    visitor.get_by_role("button", name="Ja, doorsturen").click()  # the transcript box left unticked
    visitor.locator("#chat-log", has_text="Je wacht nu op Veilig Thuis").wait_for()
    assert visitor.get_by_test_id("chat-proposal").count() == 0
    take_next(chris)
    assert "Het gebeurt thuis" not in chris.locator("#chat-log").inner_text()  # not allowed to go along
    moved = Conversation.objects.get()
    assert moved.queue.slug == VT_QUEUE and not moved.transcript_travels


def _propose_handover(anna: Any) -> None:
    """Anna proposes a warm handover to Veilig Thuis: no passphrase on her side (the visitor
    chooses their own), and nothing is sent until the visitor says yes."""
    take_next(anna)
    assert anna.locator("#handover-passphrase").count() == 0
    anna.locator("#handover-org").select_option("veilig-thuis")
    with anna.expect_navigation():  # the form post's page, not the old one
        anna.get_by_role("button", name="Overdracht voorstellen").click()
    assert "passphrase" not in Conversation.objects.get().proposal


PASSPHRASE = "lantaarn bij de brug 7"


def test_a_visitor_with_javascript_chooses_their_own_passphrase_for_a_handover(
    browser: Any, live_server: Any, page: Any, queues: dict[str, Any]
) -> None:
    anna = log_in(browser, live_server, queues["anna"])
    sign_in_to(anna, CSG_QUEUE)
    _start_and_write(page, "Het gebeurt thuis")
    _propose_handover(anna)

    proposal = page.get_by_test_id("chat-proposal")
    proposal.wait_for(timeout=15000)  # the poll brings the question in
    assert "Veilig Thuis" in proposal.inner_text()
    assert_accessible(page)
    page.get_by_label("Kies een wachtzin").fill("kort")
    page.get_by_label("Typ je wachtzin nog een keer").fill("kort")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, doorsturen").click()
    error = page.locator("#proposal-passphrase-error")
    assert "minstens 8 tekens" in error.inner_text()
    assert page.get_by_label("Kies een wachtzin").get_attribute("aria-invalid") == "true"
    assert not Referral.objects.exists()
    assert_accessible(page)

    page.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    page.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE)
    page.get_by_label("Het gesprek tot nu toe mag meegaan").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, doorsturen").click()
    referral = Referral.objects.get()
    page.locator("#chat-log", has_text=referral.code).wait_for(timeout=15000)
    assert referral.organisation.slug == "veilig-thuis" and "Het gebeurt thuis" in referral.story
    assert PASSPHRASE not in page.content()
    anna.locator("#chat-log", has_text=referral.code).wait_for(timeout=15000)
    assert PASSPHRASE not in anna.content()  # the worker never learns it


def test_a_visitor_without_javascript_chooses_their_own_passphrase_for_a_handover(
    browser: Any, live_server: Any, nojs_page: Any, axe_without_js: Any, queues: dict[str, Any]
) -> None:
    anna = log_in(browser, live_server, queues["anna"])
    sign_in_to(anna, CSG_QUEUE)
    visitor = nojs_page
    visitor.goto(f"/chat/{CSG_QUEUE}/")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Chat beginnen").click()
    _propose_handover(anna)

    visitor.goto("/chat/gesprek/")  # the visitor's next look (the page refreshes itself)
    assert visitor.locator('meta[http-equiv="refresh"]').count() == 0  # time to choose a passphrase
    axe_without_js(visitor)
    visitor.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    visitor.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE + "!")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Ja, doorsturen").click()
    assert "niet hetzelfde" in visitor.locator("#proposal-passphrase-again-error").inner_text()
    axe_without_js(visitor)
    assert not Referral.objects.exists()
    visitor.get_by_label("Kies een wachtzin").fill(PASSPHRASE)
    visitor.get_by_label("Typ je wachtzin nog een keer").fill(PASSPHRASE)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Ja, doorsturen").click()
    referral = Referral.objects.get()
    assert referral.code in visitor.locator("#chat-log").inner_text()
    assert referral.story == ""  # the transcript box left unticked


def test_a_phone_call_is_recorded_and_handed_over(browser: Any, live_server: Any, queues: dict[str, Any]) -> None:
    anna = log_in(browser, live_server, queues["anna"])
    anna.goto("/chat/werk/telefoon/")
    assert_accessible(anna)
    anna.locator("#phone-role").select_option("victim")
    anna.locator("#phone-violence-domestic_violence").check()
    anna.locator("#phone-age").fill("34")
    anna.get_by_role("button", name="Gesprek vastleggen en hulp tonen").click()
    anna.wait_for_url("**/chat/werk/*-*/")
    assert anna.get_by_test_id("recommendations").locator("li").count() > 0
    assert_accessible(anna)
    anna.locator("#handover-org").select_option("veilig-thuis")
    anna.get_by_label("Wachtzin die de persoon koos").fill("lantaarn bij de brug 7")
    anna.get_by_label("De persoon stemt in met de overdracht").check()
    with anna.expect_navigation():  # the form post's page, not the old one
        anna.get_by_role("button", name="Overdracht starten").click()
    referral = Referral.objects.get()
    assert referral.organisation.slug == "veilig-thuis"
    assert referral.answers == {"role": "victim", "violence": ["domestic_violence"], "age": 34}
    assert referral.code in anna.content()  # to read out to the caller
    anna.locator("#close-outcome").select_option("handover")
    anna.get_by_role("button", name="Afsluiten en verwijderen").click()
    anna.wait_for_url("**/chat/werk/")
    assert not Conversation.objects.exists()


def test_the_quick_exit_ends_the_conversation_on_the_server(
    browser: Any, live_server: Any, page: Any, queues: dict[str, Any]
) -> None:
    staff = log_in(browser, live_server, queues["anna"])
    sign_in_to(staff, CSG_QUEUE)
    page.goto(f"/chat/{CSG_QUEUE}/")
    page.get_by_role("button", name="Chat beginnen").click()
    page.wait_for_url("**/chat/gesprek/")
    assert Conversation.objects.count() == 1
    page.get_by_role("link", name="Snel weg van deze site").click()
    for _ in range(50):  # the exit's request ends it; give the server up to 5 seconds
        if not Conversation.objects.exists():
            break
        page.wait_for_timeout(100)
    assert not Conversation.objects.exists()


# A WebSocket that never opens: it records when each one was made and closes 10 ms later, as
# a socket to a killed server does; Math.random is pinned near 1 so the delays are the top of
# each range.
_DROPPED_SOCKETS = """
    window.__sockets = [];
    Math.random = () => 0.999;
    window.WebSocket = class {
        constructor(url) {
            window.__sockets.push(performance.now());
            setTimeout(() => { if (this.onclose) { this.onclose({ code: 1006 }); } }, 10);
        }
        close() {}
    };
"""


def _reconnect_gaps(page: Any, attempts: int) -> list[float]:
    page.wait_for_function("(n) => window.__sockets && window.__sockets.length >= n", arg=attempts, timeout=10000)
    times = page.evaluate("() => window.__sockets")
    return [later - earlier for earlier, later in pairwise(times)][: attempts - 1]


def _assert_backs_off_from_at_once(gaps: list[float]) -> None:
    """The first retry after 10 ms + up to 100 ms, then the range doubles with each failure."""
    for k, gap in enumerate(gaps):
        top = 10 + 100 * 2**k
        assert 0.9 * top <= gap <= top + 150, (k, gaps)


def test_a_dropped_socket_reconnects_at_once_then_backs_off(
    browser: Any, live_server: Any, page: Any, queues: dict[str, Any]
) -> None:
    staff = log_in(browser, live_server, queues["anna"])
    sign_in_to(staff, CSG_QUEUE)
    page.add_init_script(_DROPPED_SOCKETS)
    page.goto(f"/chat/{CSG_QUEUE}/")
    page.get_by_role("button", name="Chat beginnen").click()
    page.wait_for_url("**/chat/gesprek/")
    _assert_backs_off_from_at_once(_reconnect_gaps(page, 5))

    staff.add_init_script(_DROPPED_SOCKETS)
    take_next(staff)
    _assert_backs_off_from_at_once(_reconnect_gaps(staff, 5))
