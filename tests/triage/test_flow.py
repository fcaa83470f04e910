"""The anonymous question flow: answers only in POST bodies, nothing stored but anonymous
counters, no-store and neutral titles, Back keeps the answers, every screen skippable, bad
values named or dropped, results with reasons, an open service, information and handover."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings

from baken.triage.models import UsageCount
from tests.triage.partner_urls import Bare

pytestmark = pytest.mark.django_db
FLOW = "/vragen/"
SENSITIVE = re.compile(r"geweld|violence|misbruik|abuse|seks|sexual|pleger|perpetrator", re.IGNORECASE)


def post(client: Client, data: dict[str, Any], url: str = FLOW) -> str:
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and not SENSITIVE.search(title.group(1)), title
    return html


def hidden(html: str) -> list[tuple[str, str]]:
    form = html.split('name="step"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form)


def test_start_is_the_safety_screen(client: Client, directory: None) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    # One question per page (issue 12): danger first, thoughts of suicide on the next screen.
    assert 'name="acute"' in html and 'name="suicidal"' not in html
    assert 'value="safety"' in html
    # 112 and 113 can be called before answering anything.
    assert 'href="tel:112"' in html and 'href="tel:113"' in html
    assert "csrftoken" not in response.cookies, "the anonymous flow sets no cookie"
    assert not SENSITIVE.search(re.search(r"<title>(.*?)</title>", html, re.S).group(1))  # type: ignore[union-attr]


def test_answers_never_in_the_url(client: Client, directory: None) -> None:
    response = client.get(FLOW + "?role=victim&violence=sexual_violence")
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    for action in re.findall(r'(?:action|hx-post)="([^"]*)"', html):
        assert "?" not in action


def test_danger_now_shows_112_on_every_later_screen(client: Client, directory: None) -> None:
    # (The footer has 112 on every page; the emergency box says it first, above the question.)
    html = post(client, {"step": "safety", "action": "next", "acute": "true"})
    assert 'id="emergency-title"' in html and 'href="tel:112"' in html and 'value="suicide"' in html
    html = post(client, {"step": "role", "action": "next", "acute": "true", "role": "victim"})
    assert 'id="emergency-title"' in html
    html = post(client, {"step": "role", "action": "results", "acute": "true"})
    assert 'href="tel:112"' in html


def test_thoughts_of_suicide_show_113_marked_for_verification(client: Client, directory: None) -> None:
    html = post(client, {"step": "safety", "action": "next", "suicidal": "true"})
    assert 'href="tel:113"' in html and 'href="tel:08000113"' in html
    assert "113 Zelfmoordpreventie" in html


def test_next_carries_earlier_answers_as_hidden_fields(client: Client, directory: None) -> None:
    html = post(
        client, {"step": "violence", "action": "next", "role": "victim", "violence": ["fgm", "forced_marriage"]}
    )
    assert 'value="when"' in html
    assert sorted(hidden(html)) == [("role", "victim"), ("violence", "fgm"), ("violence", "forced_marriage")]


def test_back_keeps_the_answers(client: Client, directory: None) -> None:
    data = {"step": "about", "action": "back", "role": "victim", "since": "ongoing", "age": "33", "context": "work"}
    html = post(client, data)
    assert 'value="when"' in html
    assert re.search(r'value="ongoing"[^>]*checked', html)
    assert ("age", "33") in hidden(html) and ("context", "work") in hidden(html)


def test_skip_forgets_only_this_screen(client: Client, directory: None) -> None:
    html = post(client, {"step": "about", "action": "skip", "role": "victim", "age": "33", "context": "work"})
    assert 'name="step" value="where"' in html
    assert hidden(html) == [("role", "victim")], "the age is forgotten"
    assert re.search(r'value="work"[^>]*checked', html), "the answer of the next screen is kept"
    html = post(client, {"step": "where", "action": "skip", "role": "victim", "context": "work"})
    assert 'name="step" value="person"' in html
    assert hidden(html) == [("role", "victim")]


AGE, PLACE = '<input type="number" name="age"', '<input type="radio" name="context"'


def test_age_and_place_are_two_questions_each_on_its_own_page(client: Client, directory: None) -> None:
    """Issue 12, one question per page: "about" (the name clients post) asks the age alone,
    "where" the place, each counted in "Question n of total" and with Back to the one before."""
    html = post(client, {"step": "when", "action": "next", "role": "victim", "since": "ongoing"})
    assert 'name="step" value="about"' in html and AGE in html and PLACE not in html
    assert re.search(r'<h1[^>]*id="question"[^>]*>Hoe oud ben je\?</h1>', html)
    assert "Vraag 6 van 13" in html
    html = post(client, {"step": "about", "action": "next", "role": "victim", "since": "ongoing", "age": "33"})
    assert 'name="step" value="where"' in html and PLACE in html and AGE not in html
    assert re.search(r'<h1[^>]*id="question"[^>]*>Waar gebeurt het\?</h1>', html)
    assert "Vraag 7 van 13" in html and ("age", "33") in hidden(html)
    html = post(client, {"step": "where", "action": "back", "role": "victim", "age": "33", "context": "sport"})
    assert 'name="step" value="about"' in html and 'value="33"' in html
    assert ("context", "sport") in hidden(html)
    # For someone asking on behalf of another, the heading asks whose age, as the label does.
    html = post(client, {"step": "when", "action": "next", "role": "relative"})
    assert re.search(r'<h1[^>]*id="question"[^>]*>Hoe oud is de persoon die het meemaakt\?</h1>', html)
    # The easy-read version of both screens.
    html = post(client, {"step": "about", "action": "next", "easy": "1", "age": "33"})
    assert re.search(r'<h1[^>]*id="question"[^>]*>Waar is het gebeurd\?</h1>', html)


def test_an_impossible_age_is_named_and_the_screen_stays(client: Client, directory: None) -> None:
    html = post(client, {"step": "about", "action": "next", "role": "victim", "age": "250"})
    assert 'value="about"' in html
    assert 'aria-invalid="true"' in html
    assert "0 to 120" in html or "0 tot 120" in html
    assert ("role", "victim") in hidden(html)


def test_tampered_hidden_answers_are_dropped(client: Client, directory: None) -> None:
    html = post(client, {"step": "role", "action": "next", "role": "victim", "violence": "shouting", "age": "-4"})
    assert hidden(html) == [("role", "victim")]


def test_the_full_journey_ends_in_results_and_counts_once(client: Client, directory: None) -> None:
    answers: dict[str, Any] = {}
    screens = [
        ("safety", {"acute": "false", "suicidal": "false"}),
        ("role", {"role": "victim"}),
        ("violence", {"violence": ["sexual_violence"]}),
        ("when", {"since": "under_7_days"}),
        ("about", {"age": "19"}),
        ("where", {"context": "other"}),
        ("person", {"language": "en", "gender": "woman"}),
        ("needs", {"need": ["now", "anonymous"]}),
    ]
    for step, visible in screens:
        html = post(client, {"step": step, "action": "next", **answers, **visible})
        answers.update(visible)
    assert "Centrum Seksueel Geweld" in html
    # Rule ids stay in the API and staff views; the page gives one clear first step (issue 10).
    assert "R-CSG-FIRST" not in html
    assert 'id="first-step"' in html and "Je eerste stap" in html
    assert 'id="open-now"' in html
    row = UsageCount.objects.get()
    assert (row.outcome, row.role, row.violence, row.age_band, row.since_band) == (
        "results_shown",
        "victim",
        "sexual_violence",
        "18_24",
        "under_7_days",
    )
    assert (row.phase, row.context, row.language, row.count) == ("informing", "other", "en", 1)


def test_show_help_now_from_any_screen(client: Client, directory: None) -> None:
    html = post(client, {"step": "role", "action": "results", "role": "perpetrator"})
    assert 'id="services"' in html
    assert "Veilig Thuis" in html


def test_results_for_relatives_show_how_to_respond(client: Client, directory: None) -> None:
    html = post(client, {"step": "needs", "action": "next", "role": "relative", "violence": "child_abuse"})
    assert 'id="tips"' in html
    assert 'name="page" value="responding"' in html


def test_change_answers_from_the_results(client: Client, directory: None) -> None:
    html = post(client, {"step": "needs", "action": "edit:needs", "role": "victim", "need": "chat"})
    assert 'value="needs"' in html
    assert re.search(r'value="chat"[^>]*checked', html)


def test_english(client: Client, directory: None) -> None:
    html = client.get("/en/").content.decode()
    assert 'lang="en"' in html and 'action="/en/vragen/"' in html


def test_htmx_gets_the_same_page(client: Client, directory: None) -> None:
    response = client.post(FLOW, {"step": "safety", "action": "next"}, HTTP_HX_REQUEST="true")
    assert 'id="flow"' in response.content.decode()


class TestInformationLinks:
    def test_counts_only_the_violence_code_and_sends_on(self, client: Client, directory: None) -> None:
        response = client.post(
            "/vragen/informatie/", {"page": "topic", "violence": "fgm", "role": "victim", "age": "9"}
        )
        assert response.status_code == 303
        assert response["Location"].startswith("/informatie/")
        row = UsageCount.objects.get()
        assert (row.outcome, row.violence, row.role, row.age_band, row.phase) == (
            "information_opened",
            "fgm",
            "",
            "",
            "informing",
        )

    def test_unknown_codes_are_not_counted_as_codes(self, client: Client, directory: None) -> None:
        client.post("/vragen/informatie/", {"page": "topic", "violence": "<script>"})
        assert UsageCount.objects.get().violence == ""

    def test_only_post(self, client: Client, directory: None) -> None:
        assert client.get("/vragen/informatie/").status_code == 405

    @override_settings(ROOT_URLCONF="tests.triage.partner_urls")
    def test_goes_to_the_topic_page_once_it_exists(self, client: Client, directory: None) -> None:
        response = client.post("/vragen/informatie/", {"page": "topic", "violence": "fgm"})
        assert response["Location"] == "/informatie/fgm/"
        response = client.post("/vragen/informatie/", {"page": "responding"})
        assert response["Location"] == "/informatie/hoe-reageren/"


@override_settings(ROOT_URLCONF="tests.triage.partner_urls")
def test_handover_button_posts_the_organisation_and_the_answers(client: Client, directory: None) -> None:
    data = {
        "step": "needs",
        "action": "next",
        "role": "victim",
        "violence": "sexual_violence",
        "since": "under_7_days",
        "suicidal": "true",
        "need": ["buddy", "mediation"],
    }
    html = post(client, data)
    form = html.split('action="/verhaal/start/"', 1)[1].split("</form>", 1)[0]
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form)
    assert ("organisation", "centrum-seksueel-geweld") in fields
    # The band the person chose goes along, never a computed number of days (issue 10).
    assert {("role", "victim"), ("violence", "sexual_violence"), ("since", "under_7_days")} <= set(fields)
    assert "days_since" not in dict(fields)
    assert ("need", "buddy") in fields
    assert "suicidal" not in dict(fields), "the answer about suicide is not passed on"
    # Within the first week the buddy programme is not offered (Centrum Seksueel Geweld first,
    # issue 10); restorative mediation still is, as asked.
    assert 'href="/buddy/aanmelden/"' not in html and 'href="/herstelbemiddeling/aanmelden/"' in html
    later = post(client, {**data, "since": "7_days_3_months"})
    assert 'href="/buddy/aanmelden/"' in later


@override_settings(ROOT_URLCONF=Bare)
def test_without_the_partner_pages_the_results_still_work(client: Client, directory: None) -> None:
    html = post(client, {"step": "needs", "action": "next", "role": "victim", "need": ["buddy"]})
    assert "/verhaal/" not in html and "/buddy/" not in html and 'id="services"' in html
    response = client.post("/vragen/informatie/", {"page": "topic", "violence": "fgm"})
    assert response["Location"] == "/informatie/"


@pytest.mark.parametrize(
    "data",
    [
        {"step": "safety", "action": "next", "acute": "true", "suicidal": "true"},
        {"step": "person", "action": "next", "role": "relative"},
        {"step": "needs", "action": "next", "role": "relative", "violence": "child_abuse", "need": "buddy"},
        {"step": "needs", "action": "next", "role": "accused", "language": "ti", "faith": "hindu"},
    ],
)
def test_dutch_screens_have_no_untranslated_english(client: Client, directory: None, data: dict[str, str]) -> None:
    from tests.core.test_translations import _english_phrases, _visible_text

    text = _visible_text(client.post(FLOW, data).content)
    leftovers = sorted(p for p in _english_phrases() if p in text)
    assert not leftovers, leftovers
