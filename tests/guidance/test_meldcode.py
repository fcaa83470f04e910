"""The meldcode checklist without JavaScript: POST between steps, answers carried in hidden
fields, nothing saved anywhere, ending with the matching directory entries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db
URL = "/informatie/meldcode/"
ANSWERS = {
    1: {"violence": ["child_abuse"], "signals": ["behaviour", "told"], "facts_written": "on"},
    2: {"consulted": ["colleague", "veilig_thuis"]},
    3: {"talked": "yes"},
    4: {"acute": "no", "structural": "yes", "own_help": "yes"},
    5: {"decision": ["report", "organise_help"]},
}


def _hidden(response: Any) -> dict[str, list[str]]:
    carried: dict[str, list[str]] = {}
    for name, value in response.context["hidden"]:
        carried.setdefault(name, []).append(value)
    return carried


def walk(client: Client, answers: dict[int, dict[str, Any]], *, htmx: bool = False) -> Any:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(URL)
    assert response.context["step"] == 1
    for step in range(1, 6):
        data = {"step": str(step), "go": "next", **_hidden(response), **answers[step]}
        response = client.post(URL, data, **headers)
        assert response.status_code == 200, response.content[:2000]
        assert response.context["step"] == step + 1
    return response


def test_walk_all_five_steps_to_the_matching_entries(directory: None) -> None:
    response = walk(Client(), ANSWERS)
    assert response.context["is_result"]
    slugs = [m.organisation.slug for m in response.context["matches"]]
    assert slugs[0] == "veilig-thuis"
    assert len(slugs) > 1 and all("child_abuse" in m.organisation.violence for m in response.context["matches"][1:])
    page = response.content.decode()
    assert 'href="/organisaties/veilig-thuis/"' in page


def test_steps_with_required_answers_refuse_to_move_on(directory: None) -> None:
    client = Client()
    response = client.post(URL, {"step": "3", "go": "next"})
    assert response.status_code == 400
    assert response.context["step"] == 3 and "talked" in response.context["form"].errors


def test_back_keeps_the_answers(directory: None) -> None:
    client = Client()
    response = walk(client, ANSWERS)
    back = client.post(URL, {"step": "6", "go": "back", **_hidden(response)})
    assert back.context["step"] == 5
    assert back.context["form"]["decision"].value() == ["report", "organise_help"]
    again = client.post(URL, {"step": "5", "go": "back", **_hidden(back), "decision": ["report"]})
    assert again.context["step"] == 4 and again.context["form"]["acute"].value() == "no"


def test_the_advice_follows_the_weighing(directory: None) -> None:
    client = Client()
    response = client.post(URL, {"step": "4", "go": "next", "acute": "yes", "structural": "no", "own_help": "yes"})
    assert response.context["step"] == 5 and response.context["advice"].report and response.context["advice"].acute


def test_saves_nothing_and_puts_nothing_in_the_url(directory: None) -> None:
    client = Client()
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        response = walk(client, ANSWERS)
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert "sessionid" not in client.cookies and not client.session.keys()
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'method="post"' in page and 'method="get"' not in page.lower()
    assert "?" not in response.request["PATH_INFO"]


def test_htmx_gets_only_the_step(directory: None) -> None:
    response = walk(Client(), ANSWERS, htmx=True)
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="meldcode"') and "<html" not in page


def test_tampered_step_number_starts_over(directory: None) -> None:
    response = Client().post(URL, {"step": "99", "go": "next"})
    assert response.context["step"] in {1, 2}
