"""The directory in real Chromium: Dutch list and detail pages, filters with JavaScript (htmx
partial update) and without (form POST), the quick exit, axe-core on every page, and no
request to another origin (the `page` fixtures fail on any)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from baken.directory.selectors import directory_snapshot
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = re.compile(r"(\d+) organisaties?")


def shown(page: Any) -> int:
    match = COUNT.search(page.locator("#result-count").inner_text())
    assert match
    return int(match.group(1))


def choose(page: Any, group: str, label: str) -> None:
    """Filters are grouped in collapsed disclosures (issue 12): open the group, then tick."""
    summary = page.locator("details.baken-filter-group > summary", has_text=group)
    if summary.locator("xpath=..").get_attribute("open") is None:
        summary.click()
    page.get_by_label(label, exact=True).check()


def test_list_filters_with_javascript_update_only_the_results(directory: None, page: Any) -> None:
    page.goto("/organisaties/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.title() == "Organisaties · Baken"
    assert page.get_by_role("heading", level=1).inner_text() == "Alle organisaties"
    assert shown(page) == 67
    assert_accessible(page)

    page.evaluate("window.__stillTheSamePage = true")
    with page.expect_response(lambda r: r.request.method == "POST" and "/organisaties/" in r.url) as answer:
        choose(page, "Voor wie?", "Ouderen")
    assert answer.value.request.headers.get("hx-request") == "true"
    for _ in range(50):  # the count is swapped in out of band
        if shown(page) != 67:
            break
        page.wait_for_timeout(100)
    expected = sum(1 for o in directory_snapshot() if "elderly" in o.target_codes)
    assert shown(page) == expected < 67
    assert page.evaluate("window.__stillTheSamePage") is True  # swapped in place, no reload
    assert page.url.endswith("/organisaties/")  # the choice is not in the URL
    assert_accessible(page)


def assert_accessible_without_javascript(nojs_page: Any, checker: Any) -> None:
    """axe-core needs JavaScript: serve the page exactly as the no-JavaScript browser got it
    to a second, scripted browser on the same origin, and run axe-core there."""
    html, url = nojs_page.content(), nojs_page.url
    checker.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    checker.goto(url)
    assert_accessible(checker)
    checker.unroute(url)


def test_list_filters_without_javascript_post_the_form(directory: None, nojs_page: Any, page: Any) -> None:
    checker, page = page, nojs_page  # `page` below is the browser without JavaScript
    page.goto("/organisaties/")
    assert shown(page) == 67
    assert_accessible_without_javascript(page, checker)
    choose(page, "Taal", "Arabisch")
    choose(page, "Waar gaat het over?", "Seksueel geweld")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon organisaties").click()
    expected = {o.name for o in directory_snapshot() if "ar" in o.languages and "sexual_violence" in o.violence}
    assert shown(page) == len(expected) > 0
    names = set(page.locator("#results article h2").all_inner_texts())
    assert names == expected
    assert page.get_by_label("Arabisch", exact=True).is_checked()  # the choices stay
    assert page.url.endswith("/organisaties/")
    assert_accessible_without_javascript(page, checker)


def test_detail_page_shows_each_channel(directory: None, page: Any) -> None:
    page.goto("/organisaties/")
    page.get_by_role("link", name="Veilig Thuis", exact=True).click()
    page.wait_for_url("**/organisaties/veilig-thuis/")
    assert page.title() == "Organisatie · Baken"
    assert page.get_by_role("heading", level=1).inner_text() == "Veilig Thuis"
    channels = page.locator("section.baken-card")
    assert channels.count() == 2
    phone = channels.nth(0)
    assert "0800-2000" in phone.inner_text() and "Nu open" in phone.inner_text()  # 24/7
    assert phone.get_by_role("link", name="0800-2000").get_attribute("href") == "tel:08002000"
    chat = channels.nth(1).inner_text()
    assert ("Nu open" in chat) or ("Nu gesloten" in chat and "open vanaf" in chat)
    assert_accessible(page)
    page.goto("/organisaties/agressie-en-daarna/")
    assert "Openingstijden onbekend" in page.locator("main").inner_text()
    assert_accessible(page)


def test_quick_exit_button_and_back(directory: None, page: Any, live_server: Any) -> None:
    page.goto("/organisaties/")
    with page.expect_response(lambda r: r.request.method == "POST" and "/organisaties/" in r.url):
        choose(page, "Waar gaat het over?", "Seksueel geweld")
    page.get_by_role("link", name="Snel weg van deze site").click()
    page.wait_for_url(f"{live_server.url}/healthz")
    page.go_back()
    page.wait_for_load_state()
    assert "/organisaties/" not in page.url  # the page was replaced, not stacked
    assert "Seksueel geweld" not in page.content()


def test_quick_exit_with_shift_three_times(directory: None, page: Any, live_server: Any) -> None:
    page.goto("/organisaties/veilig-thuis/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{live_server.url}/healthz")
    page.go_back()
    page.wait_for_load_state()
    assert "veilig-thuis" not in page.url
