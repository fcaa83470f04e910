"""The catalogue check of `make test` (issue 14): every shipped language translates every public
string, without fuzzy entries, with the same placeholders and HTML as the source, and its
compiled .mo holds exactly what its .po says. Staff strings are not asked for
(docs/adr/0140-public-and-staff-strings.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import polib
import pytest

from baken.core import catalogues
from baken.core.translations import PUBLIC_LANGUAGES, TRANSLATED

PAIRS = [(app, language) for app in catalogues.public_apps() for language in TRANSLATED]


@pytest.mark.parametrize(("app", "language"), PAIRS, ids=[f"{a}-{lang}" for a, lang in PAIRS])
def test_every_public_string_is_translated_well(app: str, language: str) -> None:
    problems = catalogues.check_catalogue(app, language)
    assert not problems, "\n".join(str(p) for p in problems[:30]) + (
        "\nRun `manage.py translation_status --verbose-list`; see the command's help for the pipeline."
    )


COMPILED = [
    (app, language)
    for app in sorted(p.name for p in catalogues.BAKEN.iterdir() if (p / "locale").is_dir())
    for language in [lang.code for lang in PUBLIC_LANGUAGES]
    if catalogues.catalogue_path(app, language).exists()
]


@pytest.mark.parametrize(("app", "language"), COMPILED, ids=[f"{a}-{lang}" for a, lang in COMPILED])
def test_compiled_catalogue_is_current(app: str, language: str) -> None:
    """`make messages` compiles before the test run; a .mo older than its .po fails here."""
    po = catalogues.catalogue_path(app, language)
    assert catalogues.mo_matches_po(po, po.with_suffix(".mo")) == []


def test_the_eight_languages_are_shipped() -> None:
    from django.conf import settings

    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en", "ar", "tr", "pl", "uk", "so", "ti"]
    assert set(TRANSLATED) == {"ar", "tr", "pl", "uk", "so", "ti"}


def test_public_and_staff_strings_are_told_apart() -> None:
    assert catalogues.is_public_reference("triage", "templates/triage/results.html")
    assert catalogues.is_public_reference("referrals", "templates/referrals/consent.html")
    assert not catalogues.is_public_reference("referrals", "templates/referrals/staff/inbox.html")
    assert not catalogues.is_public_reference("accounts", "templates/accounts/login.html")
    assert not catalogues.is_public_reference("guidance", "templates/guidance/_meldcode_step.html")
    # Part of a file: the help seeker's forms in referrals/forms.py are public, the staff forms
    # not. Told apart by the strings inside the named classes, not by catalogue line numbers,
    # so moving code never turns a public string into an unchecked one.
    tree = ast.parse((catalogues.BAKEN / "referrals" / "forms.py").read_text())

    def strings(name: str) -> set[str]:
        node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
        return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}

    public_names = next(p for p in catalogues.PUBLIC_SOURCES["referrals"] if p.startswith("forms.py::"))
    public = set().union(*(strings(name) for name in public_names.partition("::")[2].split(",")))
    consent, staff = strings("ConsentForm"), strings("StaffMessageForm")
    sentences = [text for text in sorted(staff - public) if " " in text]
    assert consent <= public and sentences
    assert all(catalogues.is_public_reference("referrals", "forms.py", text) for text in consent)
    assert not any(catalogues.is_public_reference("referrals", "forms.py", text) for text in sentences)


def test_rule_reasons_are_public_strings_of_the_help_finder() -> None:
    msgids = {m.msgid for m in catalogues.public_messages("triage")}
    assert "Is someone in danger now? Call 112, day and night." in msgids
    assert all(text in msgids for text in catalogues.rule_texts())


def _catalogue(tmp_path: Path, entries: list[polib.POEntry]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.extend(entries)
    path = tmp_path / "django.po"
    po.save(str(path))
    return path


def test_the_check_finds_each_kind_of_problem(tmp_path: Path) -> None:
    wanted = [
        catalogues.Message("Call %(number)s"),
        catalogues.Message("Read <strong>this</strong> first"),
        catalogues.Message("Back"),
        catalogues.Message("Next"),
        catalogues.Message("Missing"),
    ]
    path = _catalogue(
        tmp_path,
        [
            polib.POEntry(msgid="Call %(number)s", msgstr="اتصل بـ %(nummer)s"),
            polib.POEntry(msgid="Read <strong>this</strong> first", msgstr="اقرأ هذا أولًا"),
            polib.POEntry(msgid="Back", msgstr="رجوع", flags=["fuzzy"]),
            polib.POEntry(msgid="Next", msgstr=""),
        ],
    )
    found = {(p.msgid, p.what.split(" in ")[0]) for p in catalogues.problems_in(path, wanted, "x", "ar")}
    assert found == {
        ("Call %(number)s", "placeholders differ"),
        ("Read <strong>this</strong> first", "HTML differs"),
        ("Back", "fuzzy"),
        ("Next", "untranslated"),
        ("Missing", "missing"),
    }


def test_a_stale_compiled_catalogue_is_found(tmp_path: Path) -> None:
    path = _catalogue(tmp_path, [polib.POEntry(msgid="Back", msgstr="رجوع")])
    mo = tmp_path / "django.mo"
    polib.pofile(str(path)).save_as_mofile(str(mo))
    assert catalogues.mo_matches_po(path, mo) == []
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="Next", msgstr="التالي"))
    po.save(str(path))
    assert catalogues.mo_matches_po(path, mo)
