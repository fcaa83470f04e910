"""Translation pipeline for the public pages (docs/adr/0140-public-and-staff-strings.md).

    manage.py translation_status                 counts, and the untranslated public msgids per language
    manage.py translation_status --sync          add new public msgids (empty) to every shipped
                                                 language's catalogue; retire ones no longer used
    manage.py translation_status --export ar     the missing Arabic msgids in the block format below
    manage.py translation_status --apply FILE    fill translations from a block file, then compile

Run `manage.py makemessages -l nl` inside an app first (the Dutch catalogue is the list of
msgids), then `--sync`, translate, `--apply`, and `make messages`.

Block format (UTF-8; a blank line between blocks; plural forms separated by " || "; a
`context:` line for a msgid with a msgctxt, which only fills that context's entry):

    = Leave this site quickly
    nl: Snel weg van deze site
    ar: اخرج من هذا الموقع بسرعة

    = Call
    context: pictogram
    ar: اتصل
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from baken.core import catalogues
from baken.core.translations import TRANSLATED

PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "tr": "nplurals=2; plural=(n != 1);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "so": "nplurals=2; plural=(n != 1);",
    "ti": "nplurals=2; plural=(n > 1);",
    "nl": "nplurals=2; plural=(n != 1);",
}


def _new_catalogue(language: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Baken",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS[language],
    }
    return po


def sync(app: str, language: str) -> tuple[int, int]:
    """Make the language's catalogue hold exactly the app's public msgids (translations kept)."""
    path = catalogues.catalogue_path(app, language)
    po = polib.pofile(str(path), wrapwidth=0) if path.exists() else _new_catalogue(language)
    wanted = {m.key: m for m in catalogues.public_messages(app)}
    added = retired = 0
    present = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in wanted and entry.obsolete:
            entry.obsolete = False
        if key not in wanted and not entry.obsolete:
            entry.obsolete = True
            retired += 1
        present.add(key)
    for key, message in wanted.items():
        entry = po.find(message.msgid, msgctxt=message.msgctxt, include_obsolete_entries=False)
        if entry is not None:
            entry.occurrences = [(ref, "") for ref in message.references]
            continue
        if key in present:
            continue
        nplurals = int(PLURAL_FORMS[language].split("nplurals=")[1].split(";")[0])
        po.append(
            polib.POEntry(
                msgid=message.msgid,
                msgid_plural=message.msgid_plural,
                msgctxt=message.msgctxt,
                msgstr="",
                msgstr_plural=dict.fromkeys(range(nplurals), "") if message.msgid_plural else {},
                occurrences=[(ref, "") for ref in message.references],
                flags=["python-format"] if "%(" in message.msgid else [],
            )
        )
        added += 1
    po[:] = [e for e in po if not e.obsolete]  # retired msgids leave the file (git keeps history)
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return added, retired


def parse_blocks(text: str) -> list[tuple[tuple[str | None, str], dict[str, str]]]:
    """Blocks of `= msgid`, an optional `context: msgctxt` line, and `code: text` lines."""
    blocks = []
    for raw in text.split("\n\n"):
        lines = [line for line in raw.strip("\n").split("\n") if line.strip() and not line.startswith("#")]
        if not lines:
            continue
        if not lines[0].startswith("= "):
            raise CommandError(f"a block starts with '= msgid': {lines[0]!r}")
        msgid = lines[0][2:]
        translations: dict[str, str] = {}
        context: str | None = None
        for line in lines[1:]:
            code, sep, value = line.partition(": ")
            if not sep:
                raise CommandError(f"{msgid!r}: line without 'code: text': {line!r}")
            if code.strip() == "context":
                context = value.strip()
            else:
                translations[code.strip()] = value.strip()
        blocks.append(((context, msgid.replace("\\n", "\n")), translations))
    return blocks


def apply(blocks: list[tuple[tuple[str | None, str], dict[str, str]]]) -> dict[str, int]:
    filled: dict[str, int] = {}
    by_key: dict[tuple[str | None, str], dict[str, str]] = {}
    for key, translations in blocks:
        by_key.setdefault(key, {}).update(translations)
    for app in catalogues.public_apps():
        for language in ("nl", *TRANSLATED):
            path = catalogues.catalogue_path(app, language)
            if not path.exists():
                continue
            po = polib.pofile(str(path), wrapwidth=0 if language != "nl" else 78)
            changed = False
            for entry in po:
                value = by_key.get((entry.msgctxt, entry.msgid), {}).get(language)
                if entry.obsolete or value is None:
                    continue
                value = value.replace("\\n", "\n")
                before = (entry.msgstr, dict(entry.msgstr_plural), entry.fuzzy)
                if entry.msgid_plural:
                    forms = [f.strip() for f in value.split(" || ")]
                    entry.msgstr_plural = {
                        i: forms[min(i, len(forms) - 1)] for i in range(len(entry.msgstr_plural) or 2)
                    }
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                if (entry.msgstr, dict(entry.msgstr_plural), entry.fuzzy) == before:
                    continue  # unchanged: do not rewrite (and rewrap) the file for nothing
                changed = True
                filled[language] = filled.get(language, 0) + 1
            if changed:
                po.save(str(path))
    return filled


class Command(BaseCommand):
    help = "Untranslated public strings per language; sync, export and apply translations."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sync", action="store_true")
        parser.add_argument("--export", metavar="LANGUAGE")
        parser.add_argument("--apply", metavar="FILE")
        parser.add_argument("--verbose-list", action="store_true", help="list every untranslated msgid")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sync"]:
            for app in catalogues.public_apps():
                for language in TRANSLATED:
                    added, retired = sync(app, language)
                    if added or retired:
                        self.stdout.write(f"{app}/{language}: {added} added, {retired} retired")
        if options["apply"]:
            filled = apply(parse_blocks(Path(options["apply"]).read_text(encoding="utf-8")))
            self.stdout.write(f"filled: {filled}")
            call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
        if options["export"]:
            language = options["export"]
            for app in catalogues.public_apps():
                for problem in catalogues.check_catalogue(app, language):
                    if problem.what in {"missing", "untranslated", "fuzzy"}:
                        context = f"context: {problem.msgctxt}\n" if problem.msgctxt else ""
                        self.stdout.write(f"= {problem.msgid}\n{context}{language}: \n\n", ending="")
            return
        total = 0
        for language in TRANSLATED:
            problems = [p for app in catalogues.public_apps() for p in catalogues.check_catalogue(app, language)]
            total += len(problems)
            wanted = sum(len(catalogues.public_messages(app)) for app in catalogues.public_apps())
            self.stdout.write(f"{language}: {wanted - len({p.msgid for p in problems})}/{wanted} public strings ok")
            if options["verbose_list"]:
                for problem in problems:
                    self.stdout.write(f"  {problem}")
        if total:
            self.stdout.write(f"{total} problems (run with --verbose-list to see them)")
