"""Listings, topic front doors and the embedded help finder in real Chromium.

1. An organisation admin changes opening hours (live preview) and a phone number, a platform
   editor publishes it, and the help finder (entered through a topic front door) shows the new
   number.
2. The embedded finder works in an iframe on a listed partner origin (a second local origin,
   127.0.0.1:8117), its quick exit leaves the partner page too, and an unlisted origin is
   refused by the browser.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from baken.frontdoors.models import EmbedOrigin
from tests.browser.conftest import assert_accessible
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db(transaction=True)

CSG = "centrum-seksueel-geweld"
PARTNER_PORT = 8117


def _login(page: Any, live_server: Any, user: Any) -> None:
    client = verified_client(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_admin_changes_hours_and_number_editor_publishes_finder_shows_it(
    directory: None, browser: Any, live_server: Any, page: Any
) -> None:
    from baken.directory.models import Organisation

    csg = Organisation.objects.get(slug=CSG)
    phone = csg.channels.get(type="phone")
    bram = make_user("bram", role="organisation admin", organisation=csg)
    fenna = make_user("fenna", role="platform editor")

    # The organisation admin edits their own listing.
    admin = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    _login(admin, live_server, bram)
    admin.goto("/medewerkers/vermelding/")
    assert admin.url.endswith(f"/medewerkers/vermelding/{CSG}/")
    admin.fill(f"#id_ch{phone.pk}-value", "0800-4242")
    hours = admin.locator(f"#id_ch{phone.pk}-opening_hours")
    hours.fill("Mo-Su 08:00-22:00")
    preview = admin.locator(f"#preview-{phone.pk}")
    preview.get_by_text("08:00–22:00").first.wait_for()  # the live preview (htmx) says the week in words
    admin.get_by_label("Bevestigd door de organisatie").check()
    admin.get_by_role("button", name="Versturen").click()
    admin.wait_for_url("**/medewerkers/vermelding/voorstel/*/")
    assert admin.get_by_test_id("status").inner_text() == "Wacht op controle"
    proposal_url = admin.url
    assert_accessible(admin)
    admin.context.close()

    # Not public yet.
    page.goto(f"/organisaties/{CSG}/")
    assert "0800-4242" not in page.content()

    # The platform editor reads the diff and publishes.
    editor = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    _login(editor, live_server, fenna)
    editor.goto("/medewerkers/vermelding/")
    editor.get_by_role("link", name="Centrum Seksueel Geweld").first.click()
    editor.goto(proposal_url)
    diff = editor.locator("table").inner_text()
    assert "0800-0188" in diff and "0800-4242" in diff and "Mo-Su 08:00-22:00" in diff
    assert "Bevestigd door de organisatie" in editor.content()
    assert_accessible(editor)
    with editor.expect_navigation():  # the form post's page, not the old one
        editor.get_by_role("button", name="Publiceren").click()
    assert editor.get_by_test_id("status").inner_text() == "Gepubliceerd"
    editor.context.close()

    # A help seeker enters through the topic front door; the finder shows the new number.
    page.goto("/thema/seksueel-geweld/")
    assert_accessible(page)
    page.get_by_role("button", name="Begin met de vragen").click()
    page.wait_for_url("**/vragen/")
    page.get_by_role("button", name="Toon nu hulp").click()
    page.get_by_role("heading", name="Centrum Seksueel Geweld").first.wait_for()
    assert "0800-4242" in page.content()
    assert "0800-0188" not in page.content()
    assert "violence" not in page.url and "seksueel" not in page.url  # the topic never in the URL after the door


class _Partner(BaseHTTPRequestHandler):
    """A partner page on another origin: only an iframe, no script from Baken."""

    baken = ""

    def do_GET(self) -> None:
        body = (
            "<!doctype html><html lang='nl'><head><title>Partner</title></head><body>"
            "<h1>Gemeente Voorbeeld</h1>"
            f"<iframe src='{self.baken}/inbedden/' title='Hulp zoeken' style='width:100%;height:900px'></iframe>"
            "</body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def partner(live_server: Any) -> Iterator[str]:
    handler = type("Handler", (_Partner,), {"baken": live_server.url})
    server = ThreadingHTTPServer(("127.0.0.1", PARTNER_PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{PARTNER_PORT}"
    server.shutdown()
    server.server_close()


def test_embedded_finder_on_a_listed_partner_and_refused_elsewhere(
    directory: None, browser: Any, live_server: Any, partner: str, settings: Any
) -> None:
    settings.BAKEN_EXIT_URL = f"{live_server.url}/healthz"
    EmbedOrigin.objects.create(origin=partner)
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()

    page.goto(f"{partner}/")
    frame = page.frame_locator("iframe")
    frame.get_by_role("heading", level=1).wait_for()
    assert frame.get_by_role("link", name="Snel weg van deze site").get_attribute("target") == "_top"
    # The finder's own steps stay inside the frame.
    with page.expect_response(f"{live_server.url}/inbedden/vragen/") as step:
        frame.get_by_role("button", name="Deze vraag overslaan").click()
    assert step.value.request.method == "POST"
    assert f"frame-ancestors {partner}" in step.value.headers["content-security-policy"]
    frame.get_by_text("Vraag 2 van").wait_for()
    assert page.url == f"{partner}/"

    # The quick exit leaves the partner page too.
    frame.get_by_role("link", name="Snel weg van deze site").click()
    page.wait_for_url(settings.BAKEN_EXIT_URL)
    assert page.main_frame.url == settings.BAKEN_EXIT_URL

    # The same partner server under another origin (localhost instead of 127.0.0.1) is not
    # listed: the browser refuses to show Baken in its frame.
    unlisted = f"http://localhost:{PARTNER_PORT}"
    with page.expect_response(f"{live_server.url}/inbedden/") as response:
        page.goto(f"{unlisted}/")
    assert f"frame-ancestors {partner}" in response.value.headers["content-security-policy"]
    page.wait_for_timeout(500)
    child = next(f for f in page.frames if f != page.main_frame)
    assert child.url.startswith("chrome-error://")  # Chromium shows its error page, not Baken
    context.close()


def test_topic_front_door_without_javascript(directory: None, nojs_page: Any) -> None:
    nojs_page.goto("/thema/mensenhandel/")
    assert nojs_page.get_by_role("heading", level=1).inner_text() == "Mensenhandel en uitbuiting"
    nojs_page.get_by_role("button", name="Begin met de vragen").click()
    nojs_page.wait_for_url("**/vragen/")
    carried = '#flow form.utrecht-form input[type="hidden"][name="violence"][value="human_trafficking"]'
    assert nojs_page.locator(carried).count() == 1
