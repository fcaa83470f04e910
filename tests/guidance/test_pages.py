"""Guidance pages in both languages: reachable by the URL names the help finder uses, neutral
titles, the review notice, and directory entries that serve the violence type."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from baken.directory.selectors import directory_snapshot
from baken.directory.vocabulary import Violence

pytestmark = pytest.mark.django_db

NAMED = ["guidance:index", "guidance:responding", "guidance:blaming", "guidance:perpetrator", "guidance:meldcode"]
FORBIDDEN_IN_TITLE = (
    "geweld",
    "violence",
    "misbruik",
    "abuse",
    "mishandeling",
    "verminking",
    "mensenhandel",
    "meldcode",
)


def _title(page: str) -> str:
    return page[page.index("<title>") : page.index("</title>")].lower()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_answers_with_a_neutral_title(directory: None, language: str) -> None:
    client = Client()
    with translation.override(language):
        urls = [reverse(name) for name in NAMED] + [
            reverse("guidance:topic", kwargs={"slug": v}) for v in Violence.values
        ]
    assert urls[0] == ("/informatie/" if language == "nl" else "/en/informatie/")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store"
        title = _title(response.content.decode())
        assert not any(word in title for word in FORBIDDEN_IN_TITLE), (url, title)


def test_topic_urls_match_the_help_finder_contract() -> None:
    with translation.override("nl"):
        assert reverse("guidance:topic", kwargs={"slug": "sexual_violence"}) == "/informatie/sexual_violence/"
        assert reverse("guidance:responding") == "/informatie/reageren/"
        assert reverse("guidance:meldcode") == "/informatie/meldcode/"


def test_unknown_topic_is_404(directory: None) -> None:
    assert Client().get("/informatie/not_a_code/").status_code == 404


def test_topics_list_only_organisations_that_serve_them(directory: None) -> None:
    client = Client()
    for code in Violence.values:
        response = client.get(f"/informatie/{code}/")
        serving = {o.slug for o in directory_snapshot() if code in o.violence}
        shown = [item["org"].slug for item in response.context["organisations"]]
        assert shown and set(shown) <= serving, code
        assert len(shown) + response.context["more"] == len(serving)
        page = response.content.decode()
        for slug in shown:
            assert f'href="/organisaties/{slug}/"' in page
        for heading in ("Wat is het?", "Herken je dit?", "Wat kan er met je gebeuren?", "Hulp vragen, melden"):
            assert heading in page, (code, heading)


def test_review_notice_is_visible_where_content_is_not_from_the_seeds(directory: None) -> None:
    flagged = Client().get("/informatie/online_abuse/").content.decode()
    assert "Nog niet gecontroleerd." in flagged and 'data-review="true"' in flagged
    clean = Client().get("/informatie/schuld/").content.decode()
    assert "Nog niet gecontroleerd." not in clean


def test_sources_are_listed(directory: None) -> None:
    page = Client().get("/informatie/reageren/").content.decode()
    # Document names in a "Waar komt dit vandaan?" disclosure; no file names or line numbers.
    assert "Waar komt dit vandaan?" in page and "Informatie over het buddyprogramma" in page
    assert "000_8fac628fbcec6fbe.txt" not in page and "regels 84-96" not in page


def test_index_links_every_page(directory: None) -> None:
    page = Client().get("/informatie/").content.decode()
    for code in Violence.values:
        assert f'href="/informatie/{code}/"' in page
    for name in NAMED[1:]:
        assert f'href="{reverse(name)}"' in page
    assert 'href="/herstelbemiddeling/"' in page


def test_guidance_pages_have_no_get_forms(directory: None, client: Any) -> None:
    for url in ["/informatie/", "/informatie/meldcode/", "/informatie/sexual_violence/"]:
        assert 'method="get"' not in client.get(url).content.decode().lower()
