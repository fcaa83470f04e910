"""The "which language" question offers a curated list, each language in its own script, with
lang on each option; codes that were valid before still work; when no service speaks the
language, the results say so (also in that language when Baken has it) and tell about
interpreters, marking what the sources do not say as still to be checked."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from baken.triage.languages import CURATED_CODES

FLOW = "/vragen/"


@pytest.mark.usefixtures("directory")
def test_language_question_lists_the_curated_languages_in_their_own_script(client: Client) -> None:
    page = html.unescape(client.post(FLOW, {"step": "where", "action": "next"}).content.decode())
    select = re.search(r'<select name="language".*?</select>', page, re.S)
    assert select
    options = re.findall(r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', select.group(0))
    codes = [code for code, _attrs, _name in options if code]
    assert codes == list(CURATED_CODES)
    assert len(codes) == 17 and "eo" not in codes and "io" not in codes
    names = {code: (attrs, name) for code, attrs, name in options}
    assert names["ar"][1] == "العربية" and 'lang="ar"' in names["ar"][0] and 'dir="rtl"' in names["ar"][0]
    assert names["ti"][1] == "ትግርኛ" and names["fa"][1] == "فارسی" and names["zh"][1] == "中文"
    assert "ⵜⴰⵎⴰⵣⵉⵖⵜ" in names["ber"][1] and names["pap"][1] == "Papiamentu"


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("code", ["de", "eo", "ber", "prs"])
def test_codes_valid_before_and_added_codes_are_accepted(client: Client, code: str) -> None:
    page = client.post(FLOW, {"step": "person", "language": code, "action": "next"}).content.decode()
    assert f'<input type="hidden" name="language" value="{code}">' in page


@pytest.mark.usefixtures("directory")
def test_no_service_in_your_language_says_so_and_tells_about_interpreters(client: Client) -> None:
    page = html.unescape(
        client.post(FLOW, {"step": "needs", "language": "ti", "role": "victim", "action": "results"}).content.decode()
    )
    assert "Vraag om een tolk als je contact opneemt." in page
    assert "Dat moet nog worden nagekeken." in page
    # Also in Tigrinya, marked as such, since Baken speaks it.
    block = re.search(r'<div[^>]*lang="ti"[^>]*>(.*?)</div>', page, re.S)
    assert block and "ተርጓሚ ሕተት" in block.group(1)
    assert 'hreflang="ti"' in page


@pytest.mark.usefixtures("directory")
def test_the_note_in_arabic_pages(client: Client) -> None:
    page = html.unescape(
        client.post("/ar/vragen/", {"step": "needs", "language": "so", "action": "results"}).content.decode()
    )
    assert "اطلب مترجمًا فوريًا" in page
    assert "Turjumaan" in page or "turjumaan" in page
