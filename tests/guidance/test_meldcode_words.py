"""Issue 12: the meldcode checklist speaks of the professional's own person (leerling, patiënt,
cliënt, sporter), marks only optional questions as optional, and never fails one."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/informatie/meldcode/"


def test_the_professionals_own_word_is_used_in_later_steps(directory: None) -> None:
    client = Client()
    page = client.post(URL, {"step": "1", "go": "next", "who": "pupil"}).content.decode()
    assert "zonder de naam van de leerling te noemen" in page
    page = client.post(URL, {"step": "2", "go": "next", "who": "pupil"}).content.decode()
    assert "Praat met de leerling" in page and "Heb je met de leerling over je zorgen gepraat?" in page
    checklist = page.split('id="meldcode"', 1)[1]
    assert "cliënt" not in checklist.replace("Een cliënt", "")
    page = client.post(URL, {"step": "1", "go": "next", "who": "athlete"}).content.decode()
    assert "de sporter" in page


def test_optional_questions_never_fail_and_required_ones_are_not_marked_optional(directory: None) -> None:
    client = Client()
    first = client.get(URL).content.decode()
    assert first.count("(niet verplicht)") == 3  # who, violence, signals (facts is a tick box)
    response = client.post(URL, {"step": "1", "go": "next"})
    assert response.status_code == 200 and 'value="2"' in response.content.decode()
    step3 = client.post(URL, {"step": "2", "go": "next"}).content.decode()
    talked = step3.split("Heb je met de cliënt", 1)[1].split("</legend>", 1)[0]
    assert "(niet verplicht)" not in talked
    failed = client.post(URL, {"step": "3", "go": "next"})
    assert failed.status_code == 400
    html = failed.content.decode()
    assert "<title>Fout: " in html and "data-error-summary" in html and 'href="#id_talked_0"' in html
