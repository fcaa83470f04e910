"""The Markdown pages: one per violence code in both languages, sources that exist, review
flags that match what is marked, and rendering that cannot carry script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from baken.directory.vocabulary import Violence
from baken.guidance import content

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SLUGS = content.all_slugs("nl")
PROFESSIONAL = ["responding", "blaming", "perpetrator", "meldcode"]


def test_every_violence_code_and_professional_page_exists_in_both_languages() -> None:
    assert set(SLUGS) == set(Violence.values) | set(PROFESSIONAL)
    assert content.all_slugs("en") == SLUGS
    for slug in [*SLUGS, "_help_or_report"]:
        for language in content.LANGUAGES:
            assert content.path_for(slug, language).exists(), (slug, language)


@pytest.mark.parametrize("language", content.LANGUAGES)
@pytest.mark.parametrize("slug", [*SLUGS, "_help_or_report"])
def test_front_matter(slug: str, language: str) -> None:
    meta, body = content.split_front_matter(content.path_for(slug, language).read_text(encoding="utf-8"))
    assert meta["title"] and meta["audience"] in {"help_seekers", "professionals"}
    assert meta["sources"], "every page names its sources"
    marked = '!!! review ""' in body
    if marked:
        assert meta["needs_review"] is True, "a page with review blocks carries the front-matter flag"
    if meta["needs_review"]:
        assert meta.get("review_note"), "say what the expert should check"
    if slug in Violence.values:
        assert meta["phases"] == [1, 2]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not found at {SEEDS} (shared/ sits beside the clone)")
@pytest.mark.parametrize("slug", [*SLUGS, "_help_or_report"])
def test_sources_point_at_existing_seed_lines(slug: str) -> None:
    for language in content.LANGUAGES:
        page = content.page(slug, language)
        for source in page.sources:
            path = SEEDS / source.file
            assert path.exists(), source.file
            total = len(path.read_text(encoding="utf-8").splitlines())
            first, _, last = source.lines.partition("-")
            assert 1 <= int(first) <= int(last or first) <= total, (slug, source)


@pytest.mark.parametrize("language", [code for code in content.LANGUAGES if code != "nl"])
@pytest.mark.parametrize("slug", [*SLUGS, "_help_or_report"])
def test_every_language_has_the_same_sections_flags_and_links(slug: str, language: str) -> None:
    """A translation says what the Dutch page says: the same headings, the same parts marked
    for review, the same sources and the same links (in its own language's URLs)."""
    nl, other = content._load(slug, "nl"), content._load(slug, language)
    assert other.language == language
    assert nl.needs_review == other.needs_review
    assert (nl.audience, nl.phases) == (other.audience, other.phases)
    assert [(s.file, s.lines) for s in nl.sources] == [(s.file, s.lines) for s in other.sources]
    for marker in ("<h2", "<h3", "<li", 'data-review="true"', "<blockquote"):
        assert nl.html.count(marker) == other.html.count(marker), marker
    prefixes = "|".join(code for code in content.LANGUAGES if code != "nl")
    links = re.compile(rf'href="(?:/(?:{prefixes})(?=/))?([^"]*)"')
    assert sorted(links.findall(nl.html)) == sorted(links.findall(other.html))
    if language != "en":
        assert other.title != content._load(slug, "en").title, "translated, not the English copied"


def test_rendering_strips_script_and_unsafe_links() -> None:
    html = content.render_markdown(
        "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [ok](https://example.org)"
    )
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    assert 'href="https://example.org"' in html and 'class="utrecht-link"' in html


def test_review_blocks_become_visible_warnings() -> None:
    html = content.render_markdown('!!! review ""\n    Not from the sources.\n')
    assert 'class="utrecht-alert utrecht-alert--warning baken-review"' in html and "Not from the sources." in html


def test_links_follow_the_page_language() -> None:
    assert 'href="/informatie/meldcode/"' in content.page("responding", "nl").html
    assert 'href="/en/informatie/meldcode/"' in content.page("responding", "en").html


def test_unknown_pages_are_not_found() -> None:
    for slug in ("../settings", "NOPE", "does_not_exist"):
        with pytest.raises(content.PageNotFound):
            content.page(slug, "nl")


def test_the_six_tips_of_seed_000_are_all_there() -> None:
    html = content.page("responding", "nl").html
    for tip in ("Steun, luister en geloof", "Stel niet te veel vragen", "Laat de regie bij de ander",
                "Wees geduldig", "Vraag hoe je kunt helpen", "Houd je eigen gevoelens erbuiten"):  # fmt: skip
        assert tip in html


def test_blaming_page_covers_forms_reasons_and_secondary_victimisation() -> None:
    html = content.page("blaming", "nl").html
    terms = ["de daad", "de persoon", "de groep", "illusie van een veilige wereld", "Het ideale slachtoffer"]
    terms += ["Je krijgt wat je verdient", "Wijsheid achteraf", "secundaire victimisatie", "Dader blaming"]
    for term in terms:
        assert term in html


def test_perpetrator_page_covers_the_seed_list() -> None:
    html = content.page("perpetrator", "nl").html
    for term in ("Luister", "Stel open vragen", "Oordeel niet", "Schat het risico in", "ontkent",
                 "Onrust bij jezelf hoort erbij", "Vraag advies", "Verwijs door"):  # fmt: skip
        assert term in html
