"""Issue 12: the public journeys at GOV.UK / NHS 111 level, in Chromium. Reflow and focus at
320 CSS px and 400 % zoom (320 x 256), leaving without a trace, emergency numbers first,
GOV.UK-style question pages and error summaries, the directory's filters, the error pages;
axe-core on every public page at 320 and 1280 px wide."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _guarded_page, assert_accessible
from tests.browser.test_triage_flow import PERSONAS, Persona, walk

pytestmark = pytest.mark.django_db(transaction=True)

NEXT = "Volgende"
PUBLIC_PAGES = [
    "/",
    "/organisaties/",
    "/organisaties/veilig-thuis/",
    "/informatie/",
    "/informatie/reageren/",
    "/informatie/meldcode/",
    "/sporen-wissen/",
    "/buddy/",
    "/buddy/aanmelden/",
    "/herstelbemiddeling/",
    "/herstelbemiddeling/aanmelden/",
    "/verhaal/status/",
    "/en/",
    "/bestaat-niet/",
]

# Pages whose forms change nothing (help finder, directory filters, meldcode checklist) or
# that have no form: no CSRF token, so no cookie at all.
NO_FORM_PAGES = [p for p in PUBLIC_PAGES if "aanmelden" not in p and "status" not in p]


@pytest.fixture
def exit_here(settings: Any, live_server: Any) -> str:
    settings.BAKEN_EXIT_URL = f"{live_server.url}/healthz"
    return settings.BAKEN_EXIT_URL


def _sized(browser: Any, live_server: Any, width: int, height: int, *, javascript: bool = True) -> Any:
    pages = _guarded_page(browser, live_server, javascript=javascript)
    page = next(pages)
    page.set_viewport_size({"width": width, "height": height})
    return page, pages


# ---- reflow and focus -------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_first_question_visible_at_400_percent_zoom(
    directory: None, browser: Any, live_server: Any, javascript: bool
) -> None:
    page, pages = _sized(browser, live_server, 320, 256, javascript=javascript)
    page.goto("/")
    heading = page.get_by_role("heading", level=1)
    box = heading.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 256, box
    # Nothing covers it: the element at its centre is the heading itself.
    assert page.evaluate(
        """() => { const h = document.querySelector('h1'); const r = h.getBoundingClientRect();
                   const e = document.elementFromPoint(r.left + 10, r.top + r.height / 2);
                   return h.contains(e); }"""
    )
    # The exit control stays in view after scrolling.
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    exit_box = page.get_by_role("link", name="Snel weg van deze site").bounding_box()
    assert exit_box and 0 <= exit_box["y"] < 256 and exit_box["height"] >= 44
    next(pages, None)


@pytest.mark.parametrize("path", ["/", "/organisaties/", "/organisaties/veilig-thuis/", "/informatie/meldcode/"])
def test_no_sideways_scrolling_at_320(directory: None, browser: Any, live_server: Any, path: str) -> None:
    page, pages = _sized(browser, live_server, 320, 640)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    next(pages, None)


@pytest.mark.parametrize(
    ("width", "height", "key"), [(320, 256, "Tab"), (320, 256, "Shift+Tab"), (1280, 700, "Shift+Tab")]
)
def test_focus_is_never_hidden_under_the_header_or_the_exit_control(
    directory: None, browser: Any, live_server: Any, width: int, height: int, key: str
) -> None:
    page, pages = _sized(browser, live_server, width, height)
    page.goto("/organisaties/")
    if key == "Shift+Tab":  # backwards from the end of the page, where a sticky header hides most
        page.locator("footer a").last.focus()
    hidden = []
    for _ in range(40):
        page.keyboard.press(key)
        covered = page.evaluate(
            """() => { const a = document.activeElement; if (!a || a === document.body) return null;
                       if (a.closest('.baken-exit')) return null;
                       const r = a.getBoundingClientRect();
                       if (r.width === 0 || r.height === 0) return null;
                       const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
                       const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
                       const e = document.elementFromPoint(x, y);
                       const inLabel = a.labels && [...a.labels].some(l => l.contains(e));
                       return (e && (a.contains(e) || e.contains(a) || inLabel)) ? null : a.outerHTML.slice(0, 80); }"""
        )
        if covered:
            hidden.append(covered)
    assert not hidden, hidden
    next(pages, None)


def test_focus_indicator_is_strong(directory: None, page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")  # skip link
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            """() => { const a = document.activeElement; const s = getComputedStyle(a);
                       return [a.tagName, s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"""
        )
        _tag, outline_style, outline_width, shadow = style
        assert (outline_style != "none" and outline_width >= 3) or shadow != "none", style


@pytest.mark.parametrize("width", [320, 1280])
def test_call_links_and_buttons_are_44px_high(directory: None, browser: Any, live_server: Any, width: int) -> None:
    page, pages = _sized(browser, live_server, width, 800)
    page.goto("/")
    heights = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="tel:"], button:not([hidden]), .utrecht-button')]
                 .filter(e => e.offsetParent !== null)
                 .map(e => [e.textContent.trim(), e.getBoundingClientRect().height])"""
    )
    assert heights and all(h >= 44 for _t, h in heights), heights
    next(pages, None)


# ---- emergency first ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 1280])
def test_112_and_113_are_call_links_on_the_first_screen_and_in_the_footer(
    directory: None, browser: Any, live_server: Any, width: int
) -> None:
    page, pages = _sized(browser, live_server, width, 800)
    page.goto("/")
    main = page.locator("main")
    assert main.locator('a[href="tel:112"]').count() == 1
    assert main.locator('a[href="tel:113"]').count() == 1
    footer = page.locator("footer")
    assert footer.locator('a[href="tel:112"]').count() == 1 and footer.locator('a[href="tel:113"]').count() == 1
    # Without answering anything: the 112 link is visible before any question is answered.
    assert main.locator('a[href="tel:112"]').is_visible()
    next(pages, None)


def test_emergency_box_has_no_editorial_note(directory: None, page: Any) -> None:
    page.goto("/")
    page.check('[name="acute"][value="true"]')
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector(".baken-emergency")
    box = page.locator(".baken-emergency").inner_text()
    assert "gecontroleerd" not in box and "checked" not in box


# ---- leaving without a trace -------------------------------------------------------------------


def test_quick_exit_from_a_page_deep_in_the_visit_leaves_no_baken_page_behind(
    directory: None, page: Any, exit_here: str
) -> None:
    page.goto("/healthz")  # where the person was before (not Baken content)
    page.goto("/")
    page.get_by_role("link", name="Alle organisaties").first.click()
    page.wait_for_url("**/organisaties/")
    page.locator("#results a").first.click()
    page.wait_for_url("**/organisaties/*/")
    page.get_by_role("link", name="Snel weg van deze site").click()
    page.wait_for_url(exit_here)
    page.wait_for_timeout(700)
    page.go_back()
    page.wait_for_timeout(300)
    content = page.content()
    assert "Baken" not in content and "organisaties" not in page.url, page.url


def test_browser_back_returns_to_the_previous_question_with_the_answers(directory: None, page: Any) -> None:
    page.goto("/")
    page.check('[name="acute"][value="false"]')
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="suicide"]', state="attached")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="role"]', state="attached")
    page.check('[name="role"][value="relative"]')
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="violence"]', state="attached")
    page.go_back()
    page.wait_for_selector('input[name="step"][value="role"]', state="attached")
    assert page.is_checked('[name="role"][value="relative"]')
    page.go_back()
    page.wait_for_selector('input[name="step"][value="suicide"]', state="attached")
    page.go_back()
    page.wait_for_selector('input[name="step"][value="safety"]', state="attached")
    assert page.is_checked('[name="acute"][value="false"]')


def test_links_within_the_page_keep_the_question_and_the_meaning_of_back(directory: None, page: Any) -> None:
    """The skip link and the error summary's links move focus; they are not a step back, and
    the browser's Back still goes to the previous question."""
    _to_about(page)
    page.get_by_role("link", name="Naar de inhoud").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.fill('input[name="age"]', "250")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.locator("[data-error-summary]").get_by_role("link").click()
    expect(page.locator("#id_age")).to_be_focused()
    page.wait_for_timeout(300)  # a popstate answered as Back would have swapped the question by now
    assert page.locator('input[name="step"][value="about"]').count() == 1
    assert "#" not in page.url
    page.go_back()
    page.wait_for_selector('input[name="step"][value="when"]', state="attached")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_no_baken_cookie_with_an_expiry_after_a_full_journey(
    personas: Any, browser: Any, live_server: Any, javascript: bool
) -> None:
    pages = _guarded_page(browser, live_server, javascript=javascript)
    page = next(pages)
    for path in NO_FORM_PAGES:
        page.goto(path)
    assert page.context.cookies() == [], "pages without a form that needs CSRF set no cookie at all"
    for path in PUBLIC_PAGES:
        page.goto(path)
    assert all(c["expires"] == -1 for c in page.context.cookies()), page.context.cookies()
    walk(page, PERSONAS[0])
    page.locator('form:has(input[name="organisation"][value="centrum-seksueel-geweld"]) button').first.click()
    page.wait_for_url("**/verhaal/**")
    page.get_by_label("Telefoongesprek").check()
    page.get_by_label("Je telefoonnummer of e-mailadres").fill("06 24681357")
    page.get_by_label("Kies een wachtzin").fill("lantaarn bij de brug 7")
    page.get_by_label("Typ je wachtzin nog een keer").fill("lantaarn bij de brug 7")
    page.get_by_label("Ja, stuur dit naar de organisatie").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/verhaal/versturen/")
    # The confirmation says how and when they make contact, honestly.
    when = page.get_by_test_id("contact-when").inner_text()
    assert "We weten niet hoe snel" in when
    assert "Telefoongesprek" in page.locator("main").inner_text()
    cookies = page.context.cookies()
    assert all(c["expires"] == -1 for c in cookies), cookies
    next(pages, None)


def test_quick_exit_clears_the_session_cookies(directory: None, nojs_page: Any, exit_here: str) -> None:
    nojs_page.goto("/verhaal/status/")  # a page with a real POST form: a session CSRF cookie
    assert nojs_page.context.cookies()
    nojs_page.get_by_role("link", name="Snel weg van deze site").click()
    nojs_page.wait_for_url(exit_here)
    assert nojs_page.context.cookies() == []


def test_traces_page_is_linked_from_the_exit_area_and_the_footer(directory: None, page: Any) -> None:
    page.goto("/")
    assert page.locator('.baken-exit-wrap a[href="/sporen-wissen/"]').count() == 1
    assert page.locator('footer a[href="/sporen-wissen/"]').count() >= 1
    page.locator('footer a[href="/sporen-wissen/"]').first.click()
    page.wait_for_url("**/sporen-wissen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Je sporen wissen"
    assert "privévenster" in page.content()


@pytest.mark.parametrize(
    ("path", "lang", "exit_name"),
    [
        ("/bestaat-niet/", "nl", "Snel weg van deze site"),
        ("/en/does-not-exist/", "en", "Leave this site quickly"),
    ],
)
def test_404_page_is_in_the_site_layout_with_the_quick_exit(
    directory: None, page: Any, path: str, lang: str, exit_name: str
) -> None:
    response = page.goto(path)
    assert response.status == 404
    assert page.get_attribute("html", "lang") == lang
    assert page.get_by_role("link", name=exit_name).count() == 1
    assert page.locator('footer a[href="tel:112"]').count() == 1
    assert_accessible(page)


# ---- forms -------------------------------------------------------------------------------------


def _to_about(page: Any) -> None:
    page.goto("/")
    for step in ("suicide", "role", "violence", "when", "about"):
        page.get_by_role("button", name=NEXT, exact=True).click()
        page.wait_for_selector(f'input[name="step"][value="{step}"]', state="attached")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_error_summary_gets_focus_links_to_the_field_and_titles_the_page(
    directory: None, browser: Any, live_server: Any, javascript: bool, axe_without_js: Any
) -> None:
    pages = _guarded_page(browser, live_server, javascript=javascript)
    page = next(pages)
    _to_about(page)
    if javascript:
        # A slow settle, as on a busy phone: htmx focuses [autofocus] when it settles, so a
        # summary focused before then would take focus back from the field the person chose.
        page.evaluate("htmx.config.defaultSettleDelay = 400")
    page.fill('input[name="age"]', "250")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fout: ")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    link = summary.get_by_role("link")
    assert "0 tot 120" in link.inner_text() and link.get_attribute("href") == "#id_age"
    if javascript:
        expect(summary).to_be_focused()
        assert_accessible(page)
        link.click()
        expect(page.locator("#id_age")).to_be_focused()
        page.wait_for_timeout(500)  # past the slow settle: the field keeps the focus
        expect(page.locator("#id_age")).to_be_focused(timeout=100)
    else:
        assert summary.get_attribute("autofocus") is not None
        axe_without_js(page)
    next(pages, None)


def test_plain_dutch_messages_and_optional_marked_once(directory: None, page: Any) -> None:
    page.goto("/verhaal/status/")
    content = page.content()
    assert "(niet verplicht)" not in content, "both fields are required"
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("[data-error-summary]")
    text = page.locator("[data-error-summary]").inner_text()
    assert "Zorg dat" not in text and "Dit veld is verplicht" not in text


def test_show_help_now_is_a_secondary_button_and_back_is_at_the_top(directory: None, page: Any) -> None:
    page.goto("/")
    show = page.get_by_role("button", name="Toon nu hulp")
    assert "utrecht-button--secondary-action" in (show.get_attribute("class") or "")
    assert page.evaluate("getComputedStyle(document.querySelector('button[value=results]')).borderTopStyle") == "solid"
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="suicide"]', state="attached")
    back = page.get_by_role("button", name="Terug", exact=True)
    heading = page.get_by_role("heading", level=1)
    assert back.bounding_box()["y"] < heading.bounding_box()["y"]


# ---- directory ------------------------------------------------------------------------------


def test_directory_filters_collapsed_with_counts_and_a_count_only_live_region(directory: None, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/organisaties/")
    groups = page.locator("details.baken-filter-group")
    assert groups.count() == 5 and page.locator("details.baken-filter-group[open]").count() == 0
    # Results first on a small screen.
    first_card = page.locator("#results article").first.bounding_box()
    filters = page.locator("#filters").bounding_box()
    assert first_card and filters and first_card["y"] < filters["y"]
    live = page.locator('[aria-live], [role="status"]')
    assert live.count() == 1 and live.locator("article").count() == 0
    before = live.inner_text()
    groups.nth(3).locator("summary").click()
    page.get_by_label("Arabisch").check()
    for _ in range(50):  # (wait_for_function would need eval, which the CSP forbids)
        if live.inner_text() != before:
            break
        page.wait_for_timeout(100)
    assert live.inner_text() != before
    assert "organisatie" in live.inner_text()
    content = page.content()
    assert "regels" not in content and ".txt" not in content


def test_directory_filter_columns_do_not_overlap_at_1280(directory: None, browser: Any, live_server: Any) -> None:
    page, pages = _sized(browser, live_server, 1280, 900)
    page.goto("/organisaties/")
    results = page.locator(".baken-directory-results").bounding_box()
    filters = page.locator("#filters").bounding_box()
    assert results and filters and results["x"] + results["width"] <= filters["x"]
    next(pages, None)


def test_directory_detail_hours_in_words_and_sources_by_name(directory: None, page: Any) -> None:
    page.goto("/organisaties/veilig-thuis/")
    content = page.content()
    assert "24/7" not in page.locator("main").inner_text() and "Mo-Fr" not in content
    assert "Dag en nacht, elke dag" in content or "maandag" in content.lower()
    page.get_by_text("Waar komt dit vandaan?").click()
    assert "Landelijk onderzoek" in page.locator("details.baken-disclosure").inner_text()
    assert "regels" not in content and ".txt" not in content


# ---- findability: the buddy sign-up carried from the results -----------------------------------

BUDDY_SEEKER = Persona(
    "wants-a-buddy-months-later",
    {
        "role": [("role", "victim")],
        "violence": [("violence", "sexual_violence")],
        "when": [("since", "3_12_months")],
        "about": [("age", "30")],
        "gender": [("gender", "woman")],
        "needs": [("need", "buddy")],
    },
    ["Baken kan ook helpen", "Meld je aan voor een buddy met je antwoorden", "Meld je aan zonder je antwoorden"],
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_buddy_sign_up_from_the_results_does_not_ask_again_and_keeps_answers_out_of_urls(
    directory: None, browser: Any, live_server: Any, javascript: bool, axe_without_js: Any
) -> None:
    pages = _guarded_page(browser, live_server, javascript=javascript)
    page = next(pages)
    walk(page, BUDDY_SEEKER)
    check = assert_accessible if javascript else axe_without_js
    check(page)
    button = page.get_by_role("button", name="Meld je aan voor een buddy met je antwoorden")
    # The button says what goes along; pressing it is the consent.
    described = page.locator(f"#{button.get_attribute('aria-describedby')}").inner_text()
    assert "Er wordt niets bewaard tot je je aanmeldt" in described
    plain = page.get_by_role("link", name="Meld je aan zonder je antwoorden").get_attribute("href")
    assert plain == "/buddy/aanmelden/"
    with page.expect_request("**/buddy/aanmelden/") as sent:
        button.click()
    request = sent.value
    assert request.method == "POST" and "?" not in request.url
    body = request.post_data or ""
    assert "since=3_12_months" in body and "age=30" in body and "source=help_finder" in body
    assert "gender" not in body and "need=" not in body, "only what the sign-up uses goes along"
    # Straight to the contact details: what the finder knew is not asked again.
    page.wait_for_selector('input[name="step"][value="details"]', state="attached")
    assert page.locator('input[name="sexual_violence"][type="radio"]').count() == 0
    assert page.locator('input[name="age"]').get_attribute("type") == "hidden"
    assert "?" not in page.url and "/buddy/aanmelden/" in page.url
    check(page)
    # The plain link is the way without the answers: the three questions, nothing filled in.
    page.goto(plain)
    page.wait_for_selector('input[name="sexual_violence"][type="radio"]')
    assert page.locator('input[name="sexual_violence"]:checked').count() == 0
    assert page.locator('input[name="age"]').input_value() == ""
    assert "?" not in page.url
    assert page.foreign_requests == []
    next(pages, None)


# ---- axe on every public page ---------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_clean_on_every_public_page(directory: None, browser: Any, live_server: Any, width: int) -> None:
    page, pages = _sized(browser, live_server, width, 800)
    for path in PUBLIC_PAGES:
        page.goto(path)
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{path} at {width}px: {error}") from None
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} scrolls sideways at {width}"
    next(pages, None)
