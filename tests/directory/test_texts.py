"""Directory texts in the reader's language (issue 14; docs/adr/0140): the dataset's English
texts are translated through the directory catalogue, and a translation only stands for the
English text it was made from."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from baken.core import catalogues
from baken.core.translations import TRANSLATED
from baken.directory import texts
from baken.directory.models import Organisation


def test_every_english_dataset_text_is_a_public_string_of_the_directory_catalogue() -> None:
    public = {m.msgid for m in catalogues.public_messages("directory")}
    dataset = catalogues.dataset_texts()
    assert dataset, "the dataset has English texts"
    assert set(dataset) <= public
    fier = next(text for text, files in dataset.items() if "data/organisations/fier.yaml" in files)
    assert fier.startswith("Fier offers shelter")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_reader_gets_their_own_language_else_english_never_dutch(language: str) -> None:
    nl, en = "Dit is de Nederlandse tekst.", "Fier offers shelter, help and treatment."
    assert texts.in_language(nl, en, "nl") == (nl, "nl")
    assert texts.in_language(nl, en, "en") == (en, "en")
    assert texts.in_language(nl, "An English text nobody translated.", language) == (
        "An English text nobody translated.",
        "en",
    )
    assert texts.in_language(nl, "", language) == (nl, "nl"), "no English: Dutch is all there is"
    assert texts.in_language("", "", language) == ("", "en")


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("language", TRANSLATED)
def test_descriptions_and_notes_are_shown_in_every_shipped_language(client: Client, language: str) -> None:
    org = Organisation.objects.get(slug="fier")
    with translation.override(language):
        description, shown_in = texts.in_language(org.description_nl, org.description_en)
        assert shown_in == language and description not in {org.description_nl, org.description_en}
        assert org.description == description and org.description_language == language
        assert org.on_contact_note not in {org.on_contact_note_nl, org.on_contact_note_en}
    html = client.get(f"/{language}/organisaties/fier/").content.decode()
    direction = "rtl" if language == "ar" else "ltr"
    assert re.search(rf'<p class="utrecht-paragraph" lang="{language}" dir="{direction}">', html)
    assert description in html


@pytest.mark.usefixtures("directory")
def test_an_edited_english_text_is_shown_in_english_until_it_is_translated_again(client: Client) -> None:
    """An organisation that changes its listing must not be misquoted by an old translation."""
    org = Organisation.objects.get(slug="fier")
    old_arabic = texts.translated(org.description_en, "ar")
    assert old_arabic
    org.description_en = "Fier now also offers a new kind of help."
    org.save()
    html = client.get("/ar/organisaties/fier/").content.decode()
    assert old_arabic not in html
    assert '<p class="utrecht-paragraph" lang="en" dir="ltr">Fier now also offers a new kind of help.</p>' in html
    body = client.get("/api/v1/organisations/fier").json()
    assert "ar" not in {d["language"] for d in body["descriptions"]}


def test_every_public_language_is_either_written_or_translated() -> None:
    assert {code for code, _name in settings.LANGUAGES} == {"nl", "en", *TRANSLATED}
