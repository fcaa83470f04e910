"""Every Dutch catalogue is complete, and the Dutch pages show no untranslated English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

CATALOGUES = sorted(Path(settings.BASE_DIR, "baken").glob("*/locale/nl/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_the_catalogues_exist() -> None:
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {"core", "directory", "accounts"} <= apps


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_has_no_empty_or_fuzzy_entries(path: Path) -> None:
    po = polib.pofile(str(path))
    problems = []
    # A fuzzy *header* is harmless (msgfmt keeps it); fuzzy messages are dropped by msgfmt.
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{path.name}:{entry.linenum} {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(t.strip() for t in translations):
            problems.append(f"{where} has no translation")
        for translation in translations:
            if sorted(PLACEHOLDER.findall(translation)) != sorted(PLACEHOLDER.findall(entry.msgid)) and not (
                entry.msgid_plural
                and sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(entry.msgid_plural))
            ):
                problems.append(f"{where}: placeholders differ in {translation!r}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


def _english_phrases() -> set[str]:
    """msgids of three words or more whose Dutch differs: seeing one on a Dutch page is a bug."""
    phrases = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
                continue
            if len(entry.msgid.split()) >= 3 and entry.msgstr and entry.msgstr != entry.msgid:
                phrases.add(entry.msgid)
    return phrases


def _visible_text(content: bytes) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content.decode(), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


DUTCH_PAGES = ["/", "/organisaties/", "/organisaties/veilig-thuis/", "/organisaties/agressie-en-daarna/"]


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("url", DUTCH_PAGES)
def test_dutch_pages_have_no_untranslated_english(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    text = _visible_text(response.content)
    assert "Snel weg van deze site" in text
    leftovers = sorted(p for p in _english_phrases() if p in text)
    assert not leftovers, f"untranslated on {url}: {leftovers}"


@pytest.mark.usefixtures("directory")
def test_english_pages_are_english(client: Client) -> None:
    text = _visible_text(client.get("/en/organisaties/").content)
    assert "Leave this site quickly" in text
    assert "Snel weg van deze site" not in text
