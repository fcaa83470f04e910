"""Readability of every Dutch page a help seeker or professional reads here: the guidance
pages, every step of the meldcode checklist, and the public restorative mediation pages.

The table is reported in the test output through a warning (`ReadabilityReport`), which
pytest prints in its warnings summary, also when the suite runs on several workers."""

from __future__ import annotations

import warnings

import pytest
from django.test import Client

from baken.directory.vocabulary import Violence
from baken.guidance import readability
from tests.guidance.test_meldcode import ANSWERS, _hidden

pytestmark = pytest.mark.django_db


class ReadabilityReport(UserWarning):
    """The B1 readability table of every Dutch page (informational, not a problem)."""


def _pages(client: Client) -> list[tuple[str, str]]:
    pages: list[tuple[str, str]] = []

    def get(label: str, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append((label, response.content.decode()))

    get("informatie/", "/informatie/")
    for path in ("reageren", "schuld", "pleger"):
        get(f"informatie/{path}/", f"/informatie/{path}/")
    for code in Violence.values:
        get(f"informatie/{code}/", f"/informatie/{code}/")
    response = client.get("/informatie/meldcode/")
    pages.append(("meldcode stap 1", response.content.decode()))
    for step in range(1, 6):
        response = client.post(
            "/informatie/meldcode/", {"step": str(step), "go": "next", **_hidden(response), **ANSWERS[step]}
        )
        pages.append((f"meldcode stap {step + 1}" if step < 5 else "meldcode uitkomst", response.content.decode()))
    for path in ("", "aanmelden/", "mijn-pagina/", "uitnodiging/"):
        get(f"herstelbemiddeling/{path}", f"/herstelbemiddeling/{path}")
    step2 = client.post("/herstelbemiddeling/aanmelden/", {"who-registrant_role": "victim"})
    pages.append(("herstelbemiddeling/aanmelden/ stap 2", step2.content.decode()))
    return pages


def test_every_dutch_page_reads_at_b1(directory: None) -> None:
    rows: list[tuple[str, readability.Readability, readability.Readability]] = []
    for label, page in _pages(Client()):
        main = readability.main_html(page)
        everything = readability.measure(readability.blocks_from_html(main))
        prose = readability.measure(readability.blocks_from_html(main, only={"p"}))
        rows.append((label, everything, prose))
    header = (
        f"{'page':38} {'sentences':>9} {'words':>6} {'avg words':>9} {'in paragraphs':>13} "
        f"{'long words':>10} {'LIX':>5}  B1"
    )
    lines = [header, "-" * len(header)]
    for label, r, prose in rows:
        ok = r.meets_b1() and prose.meets_b1()
        lines.append(
            f"{label:38} {r.sentences:9d} {r.words:6d} {r.average_sentence_length:9.1f} "
            f"{prose.average_sentence_length:13.1f} {r.long_word_share:10.1%} {r.lix:5.0f}  "
            f"{'ok' if ok else 'TOO HARD'}"
        )
    lines.append(
        f"thresholds: average sentence ≤ {readability.MAX_AVERAGE_SENTENCE:.0f} words; words of "
        f"{readability.LONG_WORD}+ letters ≤ {readability.MAX_LONG_WORD_SHARE:.0%}"
    )
    table = "\n".join(lines)
    warnings.warn(ReadabilityReport("Dutch readability (B1)\n" + table), stacklevel=1)
    hard = [label for label, r, prose in rows if not (r.meets_b1() and prose.meets_b1())]
    assert not hard, f"too hard to read: {hard}\n{table}"
    assert len(rows) >= 26


def test_the_measure_itself() -> None:
    short = readability.measure(["Dit is kort. Ook dit."])
    assert (short.sentences, short.words, short.long_words) == (2, 5, 0)
    long = readability.measure(["De ouderenmishandeling en kindermishandeling zijn ernstig."])
    assert long.long_words == 2 and long.sentences == 1
    assert not readability.measure([" ".join(["woord"] * 20) + "."]).meets_b1()


def test_text_outside_reading_is_skipped() -> None:
    html = (
        '<main><p>Twee woorden.</p><p data-readability="skip">Heel veel woorden die niet meetellen.</p>'
        "<script>x()</script></main>"
    )
    assert readability.blocks_from_html(html) == ["Twee woorden."]
