"""Issue 14 in Chromium: every step of the help finder and the results in each of the eight
languages, axe-core clean; Arabic with and without JavaScript, mirrored (the exit button and the
back button on the side a right-to-left reader expects); easy read from the switch."""

from __future__ import annotations

from typing import Any

import pytest

from baken.triage.forms import STEP_NAMES
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk", "so", "ti"]


def _start(page: Any, code: str) -> None:
    page.goto("/" if code == "nl" else f"/{code}/")
    assert page.locator("html").get_attribute("lang") == code
    assert page.locator("html").get_attribute("dir") == ("rtl" if code == "ar" else "ltr")


def _next(page: Any, *, js: bool = True) -> None:
    """Press next and wait until the next screen is there: with JavaScript htmx swaps it in
    without a navigation; without, the form post navigates (and nothing can be evaluated in the
    page while it does, so wait for the navigation itself)."""
    before = page.locator("#flow form.utrecht-form input[name=step]").first.get_attribute("value")
    button = page.locator('#flow form.utrecht-form button[name="action"][value="next"]:not([hidden])')
    if not js:
        with page.expect_navigation(wait_until="load"):
            button.click()
        return
    button.click()
    page.wait_for_function(
        "before => { const s = document.querySelector('#flow form.utrecht-form input[name=step]');"
        " return document.querySelector('#services') || (s && s.value !== before); }",
        arg=before,
    )


def _walk(page: Any, code: str, check: Any, *, js: bool = True) -> str:
    """Every screen of the help finder, then the results; returns the results' text."""
    _start(page, code)
    for step in STEP_NAMES:
        page.locator("#question").wait_for()
        assert page.locator(f'#flow form.utrecht-form input[name="step"][value="{step}"]').count() == 1
        check(page)
        if step == "safety":
            page.locator('input[name="acute"][value="false"]').check()
        if step == "role":
            page.locator('input[name="role"][value="victim"]').check()
        if step == "person":
            page.locator('select[name="language"]').select_option("ti" if code != "ti" else "so")
        _next(page, js=js)
    page.locator("#services").wait_for()
    check(page)
    return page.locator("main").inner_text()


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", LANGUAGES)
def test_help_finder_and_results_in_every_language(page: Any, code: str) -> None:
    results = _walk(page, code, assert_accessible)
    assert "Centrum Seksueel Geweld" in results or "112" in results
    if code not in {"nl", "en"}:
        note = page.locator("[data-translation-review]")
        assert note.count() == 1 and note.inner_text().strip()


@pytest.mark.usefixtures("directory")
def test_arabic_without_javascript(nojs_page: Any, axe_without_js: Any) -> None:
    _walk(nojs_page, "ar", axe_without_js, js=False)


def _x(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box, selector
    return float(box["x"] + box["width"] / 2)


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", ["ar", "nl"])
def test_layout_mirrors_for_right_to_left(page: Any, code: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    _start(page, code)
    _next(page)  # the second screen has a back button
    brand, exit_button = _x(page, ".baken-brand"), _x(page, "[data-quick-exit]")
    next_button = _x(page, '#flow form.utrecht-form button[value="next"]:not([hidden])')
    back_button = _x(page, '#flow form.utrecht-form button[value="back"]')
    width = 1280
    if code == "ar":
        # Right to left: the brand starts on the right, the exit follows towards the left; back
        # (at the top since issue 12) and next start on the right, where a reader starts.
        assert brand > width / 2 and exit_button < brand
        assert next_button > width / 2 and back_button > width / 2
    else:
        assert brand < width / 2 and exit_button > brand
        assert next_button < width / 2 and back_button < width / 2


@pytest.mark.usefixtures("directory")
def test_easy_read_switch_from_another_page(page: Any) -> None:
    page.goto("/organisaties/")
    before = page.context.cookies()
    page.locator(".baken-easy-switch button").click()
    page.locator("#question").wait_for()
    assert page.locator("#question").inner_text() == "Ben je veilig?"
    assert page.context.cookies() == before, "the switch sets no cookie"
    assert "easy" not in page.url
    _next(page)  # the second question since issue 12: thoughts of suicide, in easy read
    assert page.locator("#question").inner_text() == "Denk je aan zelfmoord?"
    assert page.locator('#flow form.utrecht-form input[name="easy"]').get_attribute("value") == "1"
    assert_accessible(page)


GUIDANCE_PAGES = ["/informatie/", "/informatie/sexual_violence/", "/informatie/reageren/"]


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", [c for c in LANGUAGES if c not in {"nl", "en"}])
def test_guidance_and_an_organisation_in_the_readers_language(page: Any, code: str) -> None:
    """The guidance pages and organisation descriptions are translated, not English with a
    note; Arabic runs right to left; axe-core clean."""
    direction = "rtl" if code == "ar" else "ltr"
    for path in GUIDANCE_PAGES:
        page.goto(f"/{code}{path}")
        assert page.locator("[data-untranslated-page]").count() == 0, path
        if path != "/informatie/":
            content = page.locator(f'main div[lang="{code}"]').first
            assert content.get_attribute("dir") == direction
            assert content.inner_text().strip()
        assert_accessible(page)
    page.goto(f"/{code}/organisaties/fier/")
    description = page.locator(f'main p[lang="{code}"]').first
    assert description.get_attribute("dir") == direction and description.inner_text().strip()
    assert_accessible(page)


@pytest.mark.usefixtures("directory")
def test_easy_read_results_in_arabic_show_pictograms_with_words(page: Any) -> None:
    page.goto("/ar/")
    page.locator(".baken-easy-switch button").click()
    page.locator("#question").wait_for()
    for step in STEP_NAMES:
        if step == "safety":
            page.locator('input[name="acute"][value="true"]').check()
        if step == "role":
            page.locator('input[name="role"][value="victim"]').check()
        _next(page)
    page.locator("#services").wait_for()
    pictograms = page.locator("svg.baken-pictogram")
    assert pictograms.count() >= 2
    labels = {pictograms.nth(i).get_attribute("aria-label") for i in range(pictograms.count())}
    assert "خطر" in labels and "اتصل" in labels
    assert_accessible(page)
