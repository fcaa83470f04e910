"""The public directory pages: list, filters by POST (full page and htmx partial), detail."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from baken.directory.selectors import directory_snapshot

pytestmark = pytest.mark.usefixtures("directory")

LIST = "/organisaties/"
SATURDAY_NIGHT = datetime.fromisoformat("2026-11-28T03:00:00+01:00")
THURSDAY_NOON = datetime.fromisoformat("2026-11-26T12:00:00+01:00")


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Fix the pages' idea of "now"."""

    def freeze(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze


def card_names(content: bytes) -> list[str]:
    return re.findall(
        r'<h2 class="utrecht-heading-3"><a class="utrecht-link" href="[^"]+">([^<]+)</a>', content.decode()
    )


def test_list_shows_every_organisation(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 200
    assert len(card_names(response.content)) == len(directory_snapshot()) == 67
    assert "67 organisaties" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_post_filters_narrow_the_list(client: Client) -> None:
    response = client.post(LIST, {"violence": ["elder_abuse"], "channel": ["phone"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page  # without JavaScript: the whole page, the choices kept
    names = set(card_names(response.content))
    expected = {
        o.name.replace("&", "&amp;")
        for o in directory_snapshot()
        if "elder_abuse" in o.violence and any(c.type == "phone" for c in o.channels)
    }
    assert names == expected and 0 < len(names) < 67
    assert re.search(r'value="elder_abuse"[^>]*checked', page)


def test_htmx_post_returns_only_the_results(client: Client) -> None:
    response = client.post(LIST, {"language": ["ar"]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and page.strip().startswith('<div id="results"')
    expected = {o.name for o in directory_snapshot() if "ar" in o.languages}
    assert set(card_names(response.content)) == expected and expected


def test_search_by_name(client: Client) -> None:
    response = client.post(LIST, {"q": "kindertelefoon"})
    assert card_names(response.content) == ["Kindertelefoon"]


def test_no_match_says_so_in_plain_words(client: Client) -> None:
    response = client.post(LIST, {"q": "zzzz-nothing"})
    assert "Geen organisatie past bij al deze keuzes" in response.content.decode()


def test_open_now_filter_uses_the_current_moment(client: Client, frozen: Any) -> None:
    frozen(SATURDAY_NIGHT)
    night = set(card_names(client.post(LIST, {"open_now": "on"}).content))
    assert "Veilig Thuis" in night and "Kindertelefoon" not in night
    frozen(THURSDAY_NOON)
    noon = set(card_names(client.post(LIST, {"open_now": "on"}).content))
    assert "Kindertelefoon" in noon


def test_unknown_choice_is_ignored_not_an_error(client: Client) -> None:
    response = client.post(LIST, {"violence": ["nonsense"]})
    assert response.status_code == 200


def test_filters_never_go_in_the_url(client: Client) -> None:
    page = client.get(LIST).content.decode()
    form = re.search(r"<form[^>]*>", page)
    assert form and 'method="post"' in form.group(0)


def test_detail_shows_each_channel_open_or_closed_and_next_opening(client: Client, frozen: Any) -> None:
    frozen(SATURDAY_NIGHT)
    page = client.get("/organisaties/veilig-thuis/").content.decode()
    assert "0800-2000" in page and 'href="tel:08002000"' in page
    sections = re.findall(r'<section class="baken-card".*?</section>', page, flags=re.S)
    assert len(sections) == 2
    phone, chat = sections
    assert "Nu open" in phone
    assert "Nu gesloten" in chat and "open vanaf maandag 30 november, 09:00" in chat


def test_detail_in_english(client: Client, frozen: Any) -> None:
    frozen(SATURDAY_NIGHT)
    page = client.get("/en/organisaties/kindertelefoon/").content.decode()
    assert "Closed now" in page and "opens Saturday 28 November, 11:00" in page


def test_unknown_hours_stay_unknown_on_the_page(client: Client, frozen: Any) -> None:
    frozen(THURSDAY_NOON)
    page = client.get("/organisaties/agressie-en-daarna/").content.decode()
    assert "Openingstijden onbekend" in page
    assert "Nu open" not in page and "Nu gesloten" not in page
    assert "Het nummer of adres staat niet in onze bronnen." in page


def test_detail_shows_source_and_last_check(client: Client) -> None:
    page = client.get("/organisaties/veilig-thuis/").content.decode()
    # The source by its document name, in a disclosure; no file names or line numbers (issue 12).
    assert "Waar komt dit vandaan?" in page and "Landelijk onderzoek naar laagdrempelige hulp" in page
    assert "Laatst gecontroleerd: 25 november 2026." in page
    assert "001_816fd686fdf3165a.txt" not in page and "regels" not in page


def test_detail_names_languages_in_dutch(client: Client) -> None:
    page = client.get("/organisaties/veilig-thuis/").content.decode()
    assert "Talen: Nederlands, Engels" in page


def test_public_holiday_is_named_in_dutch(client: Client, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-04-27T12:00:00+02:00"))
    page = client.get(LIST).content.decode()
    assert "Vandaag is het een feestdag (Koningsdag)" in page
    frozen(datetime.fromisoformat("2026-04-03T12:00:00+02:00"))  # Good Friday is no PH
    assert "feestdag" not in client.get(LIST).content.decode()


def test_unknown_organisation_is_404(client: Client) -> None:
    assert client.get("/organisaties/no-such-organisation/").status_code == 404


def test_titles_are_neutral(client: Client) -> None:
    for url in (LIST, "/organisaties/centrum-seksueel-geweld/"):
        title = re.search(r"<title>(.*?)</title>", client.get(url).content.decode(), flags=re.S)
        assert title and "seksueel" not in title.group(1).lower() and "geweld" not in title.group(1).lower()


def test_list_query_count(client: Client, django_assert_max_num_queries: Any) -> None:
    client.get(LIST)  # builds the snapshot once
    with django_assert_max_num_queries(2):
        client.get(LIST)
    with django_assert_max_num_queries(2):
        client.post(LIST, {"violence": ["sexual_violence"], "open_now": "on"})
    with django_assert_max_num_queries(2):
        client.get("/organisaties/veilig-thuis/")


def test_detail_links_to_the_information_page_of_each_violence_type_it_helps_with(directory: None) -> None:
    from django.test import Client

    from baken.directory.selectors import organisation_get

    org = organisation_get(slug="centrum-seksueel-geweld")
    html = Client().get("/organisaties/centrum-seksueel-geweld/").content.decode()
    assert "Meer lezen" in html
    for code in org.violence:
        assert f'href="/informatie/{code}/"' in html
        assert Client().get(f"/informatie/{code}/").status_code == 200
