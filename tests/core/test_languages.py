"""Eight public languages (issue 14): each page says its language and direction, the switcher
names each language in its own script with lang and hreflang, untested translations say so in
their own language, and the emergency texts are there in every language, not in Dutch or English."""

from __future__ import annotations

import html
import re

import polib
import pytest
from django.test import Client
from django.utils import translation

from baken.core import catalogues
from baken.core.catalogues import BAKEN
from baken.core.translations import PUBLIC_LANGUAGES, Review
from baken.triage.rules import Text

PREFIX = {language.code: "" if language.code == "nl" else f"/{language.code}" for language in PUBLIC_LANGUAGES}
CODES = list(PREFIX)
# The emergency texts: 112 first, the quick exit, and 113 for suicidal thoughts.
EMERGENCY = [
    "In danger right now?",
    "Leave this site quickly",
    "Is someone in danger now? Call 112, day and night.",
]


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _rule_text(english: str, code: str) -> str:
    """A rule's reason in a language (Dutch and English live in rules.yaml)."""
    found = [r for r in catalogues.rule_reasons() if r["en"].strip() == english]
    return Text(nl=found[0]["nl"].strip(), en=found[0]["en"].strip()).get(code)


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", CODES)
def test_page_declares_language_and_direction(client: Client, code: str) -> None:
    page = _page(client, f"{PREFIX[code]}/")
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}"' in page


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", CODES)
def test_switcher_names_every_language_in_its_own_script(client: Client, code: str) -> None:
    page = _page(client, f"{PREFIX[code]}/organisaties/")
    for language in PUBLIC_LANGUAGES:
        if language.code == code:
            assert f'<span lang="{code}" dir="{language.direction}" aria-current="true">{language.name}</span>' in page
            continue
        link = re.search(
            rf'<a class="utrecht-link" href="([^"]+)" lang="{language.code}" '
            rf'hreflang="{language.code}"[^>]*>([^<]+)</a>',
            page,
        )
        assert link, f"no link to {language.code} on the {code} page"
        assert link.group(2) == language.name
        assert link.group(1) == f"{PREFIX[language.code]}/organisaties/"
    assert "ትግርኛ" in page and "العربية" in page and "Türkçe" in page


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", CODES)
def test_review_state_is_shown_honestly(client: Client, code: str) -> None:
    page = _page(client, f"{PREFIX[code]}/")
    language = next(lang for lang in PUBLIC_LANGUAGES if lang.code == code)
    shown = 'data-translation-review="not_reviewed"' in page
    assert shown == (language.review == Review.NOT_REVIEWED)
    if shown:
        with translation.override(code):
            note = translation.gettext("This translation has not been checked by a native speaker yet.")
        assert note != "This translation has not been checked by a native speaker yet."
        assert html.escape(note, quote=False) in page or note in page


def _texts(code: str) -> list[str]:
    with translation.override(code):
        return [translation.gettext(text) for text in EMERGENCY[:2]] + [_rule_text(EMERGENCY[2], code)]


@pytest.mark.parametrize("code", [c for c in CODES if c not in {"nl", "en"}])
def test_emergency_texts_are_translated_and_short(code: str) -> None:
    dutch, english = _texts("nl"), _texts("en")
    for own, nl, en in zip(_texts(code), dutch, english, strict=True):
        assert own not in {nl, en}, f"{code}: {own!r} is the Dutch or English text"
        assert "112" in own or "112" not in en
        assert len(own.split()) <= 2 * len(en.split()) + 2, f"{code}: keep the emergency text short: {own!r}"


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", CODES)
def test_emergency_texts_come_first_on_the_page(client: Client, code: str) -> None:
    """The quick exit is the first control after the skip link; 112 is on the page and, once
    someone says they are in danger, at the top of the help finder."""
    exit_text, footer = _texts(code)[1], _texts(code)[0]
    page = _page(client, f"{PREFIX[code]}/")
    assert exit_text in page
    assert footer in page
    body = page.split("<body", 1)[1]
    assert body.index("data-quick-exit") < body.index("<main")
    danger = client.post(f"{PREFIX[code]}/vragen/", {"step": "safety", "acute": "true", "action": "next"})
    text = html.unescape(danger.content.decode())
    with translation.override(code):
        heading = translation.gettext("Help right now")
    assert heading in text and _texts(code)[2] in text
    assert text.index("emergency-title") < text.index('id="question"')


@pytest.mark.usefixtures("directory")
def test_arabic_keeps_phone_numbers_left_to_right(client: Client) -> None:
    page = client.post("/ar/vragen/", {"step": "safety", "suicidal": "true", "action": "next"}).content.decode()
    assert '<a href="tel:08000113">اتصل بـ <bdi dir="ltr">0800-0113</bdi></a>' in page
    assert "\u20660800-0113\u2069" in page, "the 113 sentence keeps its number left to right"
    detail = client.get("/ar/organisaties/113-zelfmoordpreventie/").content.decode()
    assert re.search(r'href="tel:[0-9+]+" dir="ltr">', detail)


def test_arabic_translations_isolate_hyphenated_numbers() -> None:
    """In right-to-left text "0800-0113" would be shown as "0113-0800": the Arabic catalogues
    wrap such numbers in a left-to-right isolate (U+2066 ... U+2069)."""
    isolated = re.compile("\u2066[^\u2069]*\u2069")
    hyphenated = re.compile(r"\b\d+(?:[-:]\d+)*-\d+\b")
    for app in catalogues.public_apps():
        for entry in polib.pofile(str(catalogues.catalogue_path(app, "ar"))):
            assert not hyphenated.search(isolated.sub("", entry.msgstr)), f"{app}: {entry.msgstr!r}"
    # The Arabic guidance pages too, outside link targets.
    for path in sorted((BAKEN / "guidance" / "content" / "ar").glob("*.md")):
        text = re.sub(r"\]\([^)]*\)", "]", path.read_text(encoding="utf-8").split("---\n", 2)[2])
        assert not hyphenated.search(isolated.sub("", text)), path.name


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", CODES)
def test_error_pages_speak_the_language(client: Client, code: str) -> None:
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = client.get(f"{PREFIX[code]}/organisaties/bestaat-niet/")
    assert response.status_code == 404
    page = html.unescape(response.content.decode())
    with translation.override(code):
        assert translation.gettext("Page not found") in page
        assert translation.gettext("Leave this site quickly") in page
        broken = server_error(RequestFactory().get("/")).content.decode()
        assert html.unescape(broken).count(translation.gettext("In danger right now?")) == 1
        assert translation.gettext("Leave this site quickly") in html.unescape(broken)
    assert f'lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}"' in broken
