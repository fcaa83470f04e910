"""Topic front doors (data, not code) and the embeddable help finder with its frame policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from baken.accounts.models import User
from baken.frontdoors import services
from baken.frontdoors.models import EmbedOrigin
from baken.frontdoors.topics import TopicError, all_topics, parse
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db
REQUIRED = {"seksueel-geweld", "huiselijk-geweld", "mensenhandel", "eergerelateerd-geweld", "ouderenmishandeling"}


def test_the_required_doors_exist_as_data() -> None:
    assert set(all_topics()) >= REQUIRED


def test_bad_topic_data_is_refused() -> None:
    entry = {"slug": "x", "violence": ["sexual_violence"], "title": {"nl": "X"}, "intro": {"nl": "Y"}}
    with pytest.raises(TopicError, match="unknown violence codes"):
        parse([{**entry, "violence": ["sexual"]}])
    with pytest.raises(TopicError, match="twice"):
        parse([entry, entry])


@pytest.mark.parametrize("slug", sorted(REQUIRED))
def test_door_has_its_own_words_and_starts_the_finder_with_the_topic(
    slug: str, directory: None, client: Client
) -> None:
    topic = all_topics()[slug]
    page = client.get(f"/thema/{slug}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert escape(topic.title["nl"]) in text and escape(topic.intro["nl"]) in text
    assert "Snel weg" in text or "quick" in text.lower()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*data-testid="topic-start">(.*?)</form>', text, re.S)
    assert form and form.group(1) == "/vragen/"
    hidden = re.findall(r'name="violence" value="([^"]+)"', form.group(2))
    assert tuple(hidden) == topic.violence
    action = re.search(r'name="action" value="([^"]+)"', form.group(2)).group(1)
    # The first POST shows the first screen with the topic kept as a hidden answer.
    first = client.post("/vragen/", {"violence": list(topic.violence), "action": action}).content.decode()
    for code in topic.violence:
        assert f'name="violence" value="{code}"' in first
    assert "Vraag 1 van" in first


def test_english_door_and_unknown_door(client: Client) -> None:
    page = client.get("/en/thema/mensenhandel/")
    assert "Human trafficking and exploitation" in page.content.decode()
    assert client.get("/thema/onbekend/").status_code == 404


def _frame_headers(response: Any) -> tuple[str, str | None]:
    csp = response["Content-Security-Policy"]
    ancestors = re.search(r"frame-ancestors ([^;]+)", csp).group(1)
    return ancestors, response.headers.get("X-Frame-Options")


def test_embed_is_refused_everywhere_until_an_editor_lists_a_site(client: Client) -> None:
    assert _frame_headers(client.get("/inbedden/")) == ("'none'", "DENY")
    EmbedOrigin.objects.create(origin="https://partner.example")
    assert _frame_headers(client.get("/inbedden/")) == ("https://partner.example", None)
    posted = client.post("/inbedden/vragen/", {"step": "safety", "action": "next"})
    assert _frame_headers(posted) == ("https://partner.example", None)
    for path in ("/", "/organisaties/", "/thema/mensenhandel/", "/medewerkers/inloggen/"):
        assert _frame_headers(client.get(path)) == ("'none'", "DENY"), path


def test_embedded_page_leaves_the_parent_and_keeps_its_flow_in_the_frame(client: Client) -> None:
    text = client.get("/inbedden/").content.decode()
    assert re.search(r'class="baken-exit"[^>]*target="_top"', text)
    assert 'data-exit-target="top"' in text
    assert '<base target="_top">' in text
    assert re.search(r'<form method="post" action="/inbedden/vragen/"[^>]*target="_self"', text)
    assert "Main menu" not in text and "Hoofdmenu" not in text
    # The ordinary finder is unchanged.
    plain = client.get("/").content.decode()
    assert '<base target="_top">' not in plain and 'action="/vragen/"' in plain


def test_origins_are_normalised_and_validated(directory: None) -> None:
    fenna = make_user("fenna", role="platform editor")
    item = services.embed_origin_add(by=fenna, origin="https://www.Partner.nl/hulp?x=1")
    assert item.origin == "https://www.partner.nl"
    from django.core.exceptions import ValidationError

    for bad in ("javascript:alert(1)", "partner.nl", "https://www.partner.nl"):
        with pytest.raises(ValidationError):
            services.embed_origin_add(by=fenna, origin=bad)


def test_only_editors_and_the_platform_admin_list_partner_sites(personas: dict[str, User]) -> None:
    people = {**personas, "fenna": make_user("fenna", role="platform editor")}
    expected = {"anna": 403, "bram": 403, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200}
    actual = {name: verified_client(people[name]).get("/medewerkers/inbedden/").status_code for name in expected}
    assert actual == expected
    assert Client().get("/medewerkers/inbedden/").status_code == 302
    response = verified_client(people["fenna"]).post(
        "/medewerkers/inbedden/", {"action": "add", "origin": "http://127.0.0.1:8118", "note": "Test partner"}
    )
    assert response.status_code == 302
    assert list(EmbedOrigin.objects.values_list("origin", flat=True)) == ["http://127.0.0.1:8118"]
    refused = verified_client(people["bram"]).post(
        "/medewerkers/inbedden/", {"action": "add", "origin": "https://evil.example"}
    )
    assert refused.status_code == 403
    assert EmbedOrigin.objects.count() == 1
