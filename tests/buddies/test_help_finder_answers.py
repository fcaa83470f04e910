"""Issue 12: the buddy sign-up does not ask again what the help finder already knows; the
answers come in the form body (a POST from the results), never in the URL."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from baken.buddies.models import BuddyCase

pytestmark = pytest.mark.django_db
URL = "/buddy/aanmelden/"


def test_known_answers_skip_the_eligibility_questions() -> None:
    data = {
        "source": "help_finder",
        "role": "victim",
        "violence": ["sexual_violence"],
        "since": "3_12_months",
        "age": "30",
    }
    page = Client().post(URL, data).content.decode()
    assert 'value="details"' in page, "straight to the contact details"
    assert 'name="sexual_violence"' in page and 'value="over_7_days"' in page  # carried, not asked


def test_partly_known_answers_are_filled_in_and_only_the_rest_is_asked() -> None:
    data = {"source": "help_finder", "role": "victim", "violence": ["sexual_violence"]}
    page = Client().post(URL, data).content.decode()
    assert "We hebben ingevuld wat je in de hulpwijzer hebt verteld" in page
    assert 'value="yes" checked' in page or 'value="yes"\n' in page or "checked" in page
    assert 'name="source" value="help_finder"' in page


def test_answers_about_someone_else_are_not_used() -> None:
    data = {
        "source": "help_finder",
        "role": "relative",
        "violence": ["sexual_violence"],
        "since": "ongoing",
        "age": "15",
    }
    page = Client().post(URL, data).content.decode()
    assert 'value="details"' not in page and "checked" not in page.split("<main", 1)[1]


FINDER = {
    "step": "needs",
    "action": "next",
    "role": "victim",
    "violence": "sexual_violence",
    "since": "3_12_months",
    "age": "30",
    "gender": "woman",
    "language": "ar",
    "need": "buddy",
}


def _buddy_form(html: str) -> tuple[str, list[tuple[str, str]]]:
    """The results page's buddy sign-up form: its action and its hidden fields."""
    match = re.search(r'<form method="post" action="([^"]*)" class="baken-buddy-carry">(.*?)</form>', html, re.S)
    assert match, "the results offer the buddy sign-up with the answers"
    return match.group(1), re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', match.group(2))


def _body(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    body: dict[str, list[str]] = {}
    for name, value in pairs:
        body.setdefault(name, []).append(value)
    return body


@pytest.mark.usefixtures("directory")
def test_the_results_button_carries_the_answers_in_the_body_and_skips_what_is_known() -> None:
    client = Client(enforce_csrf_checks=True)  # the button works with Django's CSRF check on
    results = client.post("/vragen/", FINDER).content.decode()
    action, posted = _buddy_form(results)
    assert action == URL, "a plain address: no answer in the URL"
    token = dict(posted).get("csrfmiddlewaretoken")
    fields = [pair for pair in posted if pair[0] != "csrfmiddlewaretoken"]
    assert token and fields == [
        ("source", "help_finder"),
        ("role", "victim"),
        ("violence", "sexual_violence"),
        ("since", "3_12_months"),
        ("age", "30"),
    ], "only what the sign-up uses; gender, language and needs stay behind"
    assert "Meld je aan voor een buddy met je antwoorden" in results
    assert "Er wordt niets bewaard tot je je aanmeldt" in results
    # The plain way stays, for whoever does not want the answers sent along.
    assert f'<a class="utrecht-link" href="{URL}">Meld je aan zonder je antwoorden</a>' in results
    # No link or form on the page puts an answer in a URL.
    for address in re.findall(r'(?:href|action|hx-post)="([^"]*)"', results):
        assert "?" not in address and "sexual" not in address and "3_12" not in address, address
    response = client.post(action, _body(posted))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="step" value="details"' in page, "the three eligibility questions are not asked again"
    assert '<input type="hidden" name="source" value="help_finder">' in page
    assert '<input type="hidden" name="age" value="30">' in page
    assert BuddyCase.objects.count() == 0, "nothing is stored before the person signs up"


@pytest.mark.usefixtures("directory")
def test_without_answers_about_themselves_only_the_plain_link_is_offered() -> None:
    # Who it is about was skipped: the programme is offered, but the sign-up only takes answers a
    # person gave about themselves, so there is nothing to carry and no button that says so.
    results = Client().post("/vragen/", {**FINDER, "role": ""}).content.decode()
    assert 'id="offers"' in results
    assert "baken-buddy-carry" not in results and "met je antwoorden" not in results
    assert f'href="{URL}">Een buddy aanvragen</a>' in results
