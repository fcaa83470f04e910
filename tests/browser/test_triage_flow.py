"""The help finder in Chromium: five people end to end, with and without JavaScript; axe-core on
every screen; the quick exit (button and Shift pressed three times) leaves no way back to the
answers; no request to any other origin (the `page` fixtures fail on one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from baken.triage.forms import STEP_NAMES
from tests.browser.conftest import assert_accessible
from tests.triage.test_public_pages import public_page_leaks

pytestmark = pytest.mark.django_db(transaction=True)

NEXT = "Volgende"
SHOW = "Toon hulp"


@dataclass
class Persona:
    """Who walks through the flow, what they answer on each screen, and what they must see."""

    name: str
    answers: dict[str, list[tuple[str, str]]]
    expect: list[str]
    acute: bool = False
    absent: list[str] = field(default_factory=list)


PERSONAS = [
    Persona(
        "sara-19-assaulted-two-days-ago",
        {
            "safety": [("acute", "false")],
            "suicide": [("suicidal", "false")],
            "role": [("role", "victim")],
            "violence": [("violence", "sexual_violence")],
            "when": [("since", "under_7_days")],
            "about": [("age", "19")],
            "gender": [("gender", "woman")],
            "needs": [("need", "anonymous"), ("need", "listening")],
        },
        ["Centrum Seksueel Geweld", "Je eerste stap", "Wat je nu kunt doen", "Nu open"],
    ),
    Persona(
        "mark-worried-about-his-feelings-towards-children",
        {"role": [("role", "perpetrator")], "violence": [("violence", "child_sexual_abuse")]},
        ["Stop it Now!", "Neem een time-out"],
        absent=["Centrum Seksueel Geweld", "Lotgenoten"],
    ),
    Persona(
        "lotte-17-harassed-by-her-coach",
        {
            "role": [("role", "victim")],
            "violence": [("violence", "boundary_crossing")],
            "when": [("since", "ongoing")],
            "about": [("age", "17")],
            "where": [("context", "sport")],
        },
        ["Centrum Veilige Sport Nederland", "Als het erger wordt"],
        absent=["Alles oké? Supportlijn"],
    ),
    Persona(
        "neighbour-hears-violence-next-door",
        {
            "role": [("role", "bystander")],
            "violence": [("violence", "domestic_violence")],
            "when": [("since", "ongoing")],
        },
        ["Veilig Thuis", "Steun, luister en geloof.", "Hoe reageer je als iemand je iets vertelt"],
    ),
    Persona(
        "someone-in-danger-right-now",
        {"safety": [("acute", "true")], "role": [("role", "victim")], "violence": [("violence", "domestic_violence")]},
        ["Bel 112", "Veilig Thuis"],
        acute=True,
    ),
]
STEPS = list(STEP_NAMES)


def _answer(page: Any, name: str, value: str) -> None:
    field_ = page.locator(f'[name="{name}"][value="{value}"]')
    if field_.count():
        field_.check()
    elif page.locator(f'select[name="{name}"]').count():
        page.select_option(f'select[name="{name}"]', value)
    else:
        page.fill(f'input[name="{name}"]', value)


def walk(page: Any, persona: Persona, *, check_every_screen: bool = False) -> None:
    page.set_default_timeout(20_000)
    page.goto("/")
    for position, step in enumerate(STEPS):
        assert page.locator(f'input[name="step"][value="{step}"]').count() == 1, step
        assert page.title() == "Informatie en hulp · Baken" or page.title().endswith("· Baken")
        if persona.acute and position > 0:
            assert page.locator(".baken-emergency").get_by_role("link", name="Bel 112").count() == 1, step
        if check_every_screen:
            assert_accessible(page)
        for name, value in persona.answers.get(step, []):
            _answer(page, name, value)
        button = SHOW if step == STEPS[-1] else NEXT
        page.get_by_role("button", name=button, exact=True).click()
        target = "#services" if step == STEPS[-1] else f'input[name="step"][value="{STEPS[position + 1]}"]'
        page.wait_for_selector(target, state="attached")
    content = page.content()
    for text in persona.expect:
        assert text in content, f"{persona.name}: {text!r} missing"
    for text in persona.absent:
        assert text not in content, f"{persona.name}: {text!r} shown"
    # Issue 10: no rule ids, source lines or opening-hours syntax on the public page.
    assert not public_page_leaks(page.inner_text("main") if page.locator("main").count() else content)
    assert "/vragen/" in page.url or page.url.rstrip("/").endswith(page.url.split("/")[2])
    assert "?" not in page.url, "answers never in the URL"


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_personas_with_javascript(directory: None, page: Any, persona: Persona) -> None:
    # axe-core on every screen once (and on the 112 banner of the person in danger).
    walk(page, persona, check_every_screen=persona is PERSONAS[0] or persona.acute)
    # htmx swapped the screens in one document; each question has a history entry of its own
    # (so Back returns to it), and the page records how deep into the visit it is.
    assert page.evaluate("history.state.bakenDepth") == len(STEPS)
    assert_accessible(page)
    # The first step's button is big enough to hit in a hurry (WCAG 2.5.5: 44 px).
    button = page.locator(".baken-first-step__button")
    if button.count():
        box = button.first.bounding_box()
        assert box and box["height"] >= 44, box
    assert page.foreign_requests == [], "no request to any origin but our own"


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_personas_without_javascript(directory: None, nojs_page: Any, persona: Persona) -> None:
    """Every screen is a full page from a POST. (axe-core needs JavaScript, so it runs on the
    same screens in the JavaScript journeys: htmx swaps in exactly this markup.)"""
    walk(nojs_page, persona)


def test_back_keeps_the_answers_and_errors_are_accessible(directory: None, page: Any) -> None:
    page.goto("/")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="suicide"]', state="attached")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="role"]', state="attached")
    page.check('[name="role"][value="relative"]')
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="violence"]', state="attached")
    page.get_by_role("button", name="Terug", exact=True).click()
    page.wait_for_selector('input[name="step"][value="role"]', state="attached")
    assert page.is_checked('[name="role"][value="relative"]')
    # Straight to "about": the age of the person it happens to, and a mistake in it.
    for step in ("violence", "when"):
        page.get_by_role("button", name=NEXT, exact=True).click()
        page.wait_for_selector(f'input[name="step"][value="{step}"]', state="attached")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('input[name="step"][value="about"]', state="attached")
    assert page.get_by_label("Hoe oud is de persoon die het meemaakt?").count() == 1
    page.fill('input[name="age"]', "250")
    page.get_by_role("button", name=NEXT, exact=True).click()
    page.wait_for_selector('[aria-invalid="true"]')
    assert "van 0 tot 120" in page.content()
    assert_accessible(page)


@pytest.fixture
def exit_here(settings: Any, live_server: Any) -> str:
    """A neutral page on the test server, so leaving makes no request to another origin."""
    settings.BAKEN_EXIT_URL = f"{live_server.url}/healthz"
    return settings.BAKEN_EXIT_URL


def _to_results(page: Any) -> None:
    walk(page, PERSONAS[0])
    assert "Centrum Seksueel Geweld" in page.content()


def test_quick_exit_button_leaves_no_way_back(directory: None, page: Any, exit_here: str) -> None:
    _to_results(page)
    with page.expect_request("**/exit/") as request:
        page.get_by_role("link", name="Snel weg van deze site").click()
    assert request.value.method == "POST"
    page.wait_for_url(exit_here)
    page.go_back()
    page.wait_for_timeout(300)
    assert "Centrum Seksueel Geweld" not in page.content()
    assert "/vragen/" not in page.url
    # Back leads to where the person was before Baken (here: a blank tab), not a Baken page.
    assert "Baken" not in page.content() and "Snel weg" not in page.content()


def test_quick_exit_with_shift_three_times(directory: None, page: Any, exit_here: str) -> None:
    _to_results(page)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_here)
    page.go_back()
    page.wait_for_timeout(300)
    assert "Centrum Seksueel Geweld" not in page.content()


def test_quick_exit_without_javascript_clears_the_site(directory: None, nojs_page: Any, exit_here: str) -> None:
    walk(nojs_page, PERSONAS[1])
    with nojs_page.expect_response("**/exit/") as response:
        nojs_page.get_by_role("link", name="Snel weg van deze site").click()
    assert response.value.all_headers().get("clear-site-data") == '"cache", "cookies", "storage"'
    nojs_page.wait_for_url(exit_here)
