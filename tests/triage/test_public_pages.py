"""Issue 10: public pages never show rule ids, source line references or opening-hours syntax
(those belong in the API and staff views). Checked on the results of many people and on every
directory page, as a person sees them (the text of the page)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from baken.directory.vocabulary import IMPLICATIONS
from baken.triage import advice
from baken.triage.rules import RULEBOOK
from tests.conftest import DATA

RULE_IDS = frozenset(RULEBOOK.by_id) | {i.id for i in IMPLICATIONS}
RULE_IDS |= {a.id for a in vars(advice).values() if isinstance(a, advice.Advice)}
SOURCE_LINES = re.compile(r"\.txt:\d|\b(lines?|regels?)\s+\d+(-\d+)?\b", re.IGNORECASE)
HOURS_SYNTAX = re.compile(
    r"\b(Mo|Tu|We|Th|Fr|Sa|Su)(-(Mo|Tu|We|Th|Fr|Sa|Su)|,(Mo|Tu|We|Th|Fr|Sa|Su))*\s+\d{2}:\d{2}|\bPH off\b"
)


class _Text(HTMLParser):
    """The visible text (script and style left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"script", "style"}

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def public_page_leaks(text: str) -> list[str]:
    """What a public page must not show, found in its text."""
    found = [rule for rule in RULE_IDS if re.search(rf"(?<![\w-]){re.escape(rule)}(?![\w-])", text)]
    found += [m.group(0) for m in SOURCE_LINES.finditer(text)]
    found += [m.group(0) for m in HOURS_SYNTAX.finditer(text)]
    return found


PEOPLE = [
    {"role": "victim", "violence": "sexual_violence", "since": "under_7_days", "age": "19", "need": "anonymous"},
    {"role": "perpetrator", "violence": "child_sexual_abuse"},
    {"role": "victim", "violence": "boundary_crossing", "since": "ongoing", "age": "17", "context": "sport"},
    {"role": "bystander", "violence": "domestic_violence", "since": "ongoing"},
    {"role": "victim", "violence": "domestic_violence", "acute": "true"},
    {"role": "professional", "violence": "child_abuse", "age": "10", "context": "school"},
    {"role": "accused", "violence": "sexual_violence", "gender": "man"},
    {"role": "victim", "violence": "forced_marriage", "age": "16", "language": "ar", "need": "chat"},
    {"role": "relative", "violence": "elder_abuse", "age": "82", "context": "family"},
    {"role": "victim", "violence": "sexual_violence", "faith": "catholic", "context": "religious", "need": "buddy"},
]


@pytest.mark.parametrize("answers", PEOPLE, ids=lambda a: f"{a['role']}-{a['violence']}")
def test_results_page_shows_no_rule_ids_source_lines_or_hours_syntax(
    client: Client, directory: None, answers: dict[str, str]
) -> None:
    html = client.post("/vragen/", {"step": "needs", "action": "results", **answers}).content.decode()
    assert 'id="services"' in html
    assert public_page_leaks(visible_text(html)) == []
    # The first step and the 112 line are there for everyone.
    assert "Als het erger wordt of iemand in gevaar is: bel 112." in html


@pytest.mark.parametrize("path", sorted(p.stem for p in DATA.glob("*.yaml")))
def test_directory_pages_show_no_rule_ids_source_lines_or_hours_syntax(
    client: Client, directory: None, path: str
) -> None:
    html = client.get(f"/organisaties/{path}/").content.decode()
    assert public_page_leaks(visible_text(html)) == []


def test_the_check_itself_finds_what_it_looks_for() -> None:
    assert set(public_page_leaks("Regels: R-CSG-FIRST, M-OPEN-NOW")) == {"R-CSG-FIRST", "M-OPEN-NOW"}
    assert public_page_leaks("From 001_816fd686fdf3165a.txt, lines 4660-4676.")
    assert public_page_leaks("Openingstijden: Mo-Fr 09:00-17:00; PH off")
    assert public_page_leaks("Mo,We,Fr 09:00-12:00")
    assert not public_page_leaks("ma t/m vr 9.00-17.00; feestdagen gesloten")
