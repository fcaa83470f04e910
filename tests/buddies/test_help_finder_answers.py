"""Issue 12: the buddy sign-up does not ask again what the help finder already knows; the
answers come in the form body (a POST from the results), never in the URL."""

from __future__ import annotations

import pytest
from django.test import Client

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
