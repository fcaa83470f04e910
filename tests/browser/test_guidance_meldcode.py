"""Guidance in a real browser: the meldcode checklist with JavaScript (htmx swaps the step,
the address never changes) and without (a plain POST per step), and the information pages.
axe-core runs on every page and every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def walk_checklist(page: Any, check: Callable[[Any], None]) -> None:
    page.goto("/informatie/meldcode/")
    check(page)
    url = page.url

    def next_step(expected_heading: str) -> None:
        page.get_by_role("button", name="Volgende stap").click()
        page.get_by_role("heading", name=expected_heading).wait_for()
        assert page.url == url  # no answers in the address, with or without JavaScript
        check(page)

    page.get_by_label("Kindermishandeling").check()
    page.get_by_label("Ander gedrag, zoals stil, angstig of onrustig zijn").check()
    next_step("Stap 2 van 5: Overleg met een collega, en zo nodig met Veilig Thuis")
    page.get_by_label("Een collega").check()
    next_step("Stap 3 van 5: Praat met de cliënt")
    # A required answer is missing: the step says so and stays.
    page.get_by_role("button", name="Volgende stap").click()
    page.get_by_text("Kies een antwoord.").first.wait_for()
    check(page)
    page.get_by_label("Nog niet").check()
    next_step("Stap 4 van 5: Weeg het risico")
    page.locator("input[name=acute][value=no]").check()
    page.locator("input[name=structural][value=yes]").check()
    page.locator("input[name=own_help][value=yes]").check()
    next_step("Stap 5 van 5: Beslis: melden bij Veilig Thuis en/of hulp regelen")
    assert "Je antwoorden wijzen op: melden bij Veilig Thuis." in page.get_by_test_id("advice").inner_text()
    page.get_by_label("Melden bij Veilig Thuis").check()
    page.get_by_label("Hulp regelen en volgen hoe het gaat").check()
    page.get_by_role("button", name="Toon mijn volgende stappen").click()
    page.get_by_role("heading", name="Je volgende stappen").wait_for()
    assert page.url == url
    matches = page.get_by_test_id("meldcode-matches")
    assert matches.get_by_role("link", name="Veilig Thuis").count() == 1
    check(page)
    page.get_by_role("button", name="Terug").click()
    page.get_by_role("heading", name="Stap 5 van 5: Beslis: melden bij Veilig Thuis en/of hulp regelen").wait_for()
    assert page.get_by_label("Melden bij Veilig Thuis").is_checked()


def test_meldcode_with_javascript(page: Any, live_server: Any, directory: None) -> None:
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    walk_checklist(page, assert_accessible)
    assert len(navigations) == 1  # htmx swapped every step into the page


def test_meldcode_without_javascript(
    nojs_page: Any,
    live_server: Any,
    directory: None,
    axe_without_js: Callable[[Any], None],
) -> None:
    walk_checklist(nojs_page, axe_without_js)


def test_information_pages(page: Any, live_server: Any, directory: None) -> None:
    page.goto("/informatie/")
    assert_accessible(page)
    page.get_by_role("link", name="Seksueel geweld").first.click()
    page.wait_for_url("**/informatie/sexual_violence/")
    assert page.get_by_test_id("where-to-go").get_by_role("link", name="Centrum Seksueel Geweld").count() == 1
    assert_accessible(page)
    for path in ("/informatie/reageren/", "/informatie/online_abuse/", "/en/informatie/schuld/"):
        page.goto(path)
        assert_accessible(page)
