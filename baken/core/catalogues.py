"""Which strings are public, and whether every shipped language translates them well.

Public pages speak eight languages, staff pages Dutch and English only
(docs/adr/0140-public-and-staff-strings.md). A string is *public* when one of the places it
is used (the `#:` references that makemessages writes into the Dutch catalogue) lies in a
public source listed in PUBLIC_SOURCES below. Nothing in the msgids or templates marks it,
so a helper adding a string to a public template needs to do nothing special: the check
then asks for its translation. Besides the Python and template strings, the help finder's
rules carry their English reasons in rules.yaml; those are public too.

Pure polib; used by `manage.py translation_status` and tests/core/test_catalogues.py.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

import polib  # type: ignore[import-untyped]
import yaml

BAKEN = Path(__file__).resolve().parent.parent

# Per app: glob patterns of public sources, relative to the app directory. "file::A,B" means
# only the top-level classes, functions or assignments A and B in that file: a msgid is public
# when it is a string literal inside one of them (read from the file itself, so moving code or
# a stale line number in the catalogue never changes which strings are public).
PUBLIC_SOURCES: dict[str, tuple[str, ...]] = {
    "core": (
        "templates/base.html",
        "templates/includes/*",
        "templates/40*.html",
        "templates/50*.html",
        "templates/core/*",
        "access.py",
        "views.py",
        "messages.py",
    ),
    "triage": ("forms.py", "languages.py", "easy.py", "views.py", "advice.py", "pictograms.py", "templates/triage/*"),
    "directory": ("vocabulary.py", "templates/directory/*", "forms.py::DirectoryFilterForm,LANGUAGE_CHOICES"),
    "guidance": (
        "content.py",
        "views.py",
        "templates/guidance/index.html",
        "templates/guidance/topic.html",
        "templates/guidance/article.html",
        "templates/guidance/_page.html",
        "templates/guidance/_sources.html",
    ),
    "referrals": (
        "answers.py",
        "forms.py::ReferralForm,ConsentForm,AccessForm,MessageForm,OnwardDecisionForm",
        "views.py",
        "workflow.py::Status",
        "templates/referrals/access.html",
        "templates/referrals/consent.html",
        "templates/referrals/detail.html",
        "templates/referrals/sent.html",
        "templates/referrals/withdraw.html",
        "templates/referrals/withdrawn.html",
        "templates/referrals/_person_*.html",
    ),
    "buddies": (
        "forms.py::EligibilityForm,ContactFields,ApplicationForm,AccessForm,MessageForm",
        "choices.py::Support,Channel,BuddyGender,Background,Region,Availability,Eligibility,Timing,LANGUAGE_CHOICES",
        "workflow.py::Status",
        "templates/buddies/index.html",
        "templates/buddies/apply_*.html",
        "templates/buddies/access.html",
        "templates/buddies/person_*.html",
        "templates/buddies/_choices.html",
        "templates/buddies/_checkbox.html",
        "templates/buddies/_messages.html",
    ),
    "mediation": (
        "forms.py::WhoForm,PassphraseMixin,RegistrationForm,AccessForm,ClaimForm,GoalsForm,ContactDetailsForm,"
        "MessageForm,ConsentForm,AnswerForm,WithdrawForm",
        "choices.py::RegistrantRole,Side,Region,ContactForm,VictimGoal,AccusedGoal,Answer",
        "workflow.py::Status",
        "templates/mediation/index.html",
        "templates/mediation/register_*.html",
        "templates/mediation/registered.html",
        "templates/mediation/access.html",
        "templates/mediation/claim.html",
        "templates/mediation/status.html",
        "templates/mediation/_choices.html",
    ),
    "chat": (
        "templates/chat/start.html",
        "templates/chat/conversation.html",
        "templates/chat/write.html",
        "templates/chat/ended.html",
        "templates/chat/_answers_form.html",
        # What the visitor is told: a refused line or start, a question that has gone, and the
        # system lines in the transcript (a worker joined, a transfer, a proposal, a handover).
        "services.py::_text,_lock,conversation_start,conversation_consent,conversation_accept_next,_transfer,_handover,conversation_propose",
    ),
    "frontdoors": ("templates/frontdoors/topic.html",),
}
RULES_FILE = BAKEN / "triage" / "rules.yaml"
RULES_REFERENCE = "rules.yaml"
# The directory dataset's English texts (descriptions, what happens on contact, cost and channel
# notes) are public strings of the directory catalogue; `directory/texts.py` looks them up.
DATASET_DIR = BAKEN.parent / "data" / "organisations"
DATASET_REFERENCE = "data/organisations/"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def catalogue_path(app: str, language: str) -> Path:
    return BAKEN / app / "locale" / language / "LC_MESSAGES" / "django.po"


@lru_cache(maxsize=64)
def _strings_in(path: Path, names: tuple[str, ...]) -> frozenset[str]:
    """Every string literal inside the named top-level classes, functions or assignments.
    Matching msgids by text, not by the line numbers in the Dutch catalogue, keeps the check
    right when code above them moves and nobody has run makemessages since."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings: set[str] = set()
    for node in tree.body:
        found: set[str] = set()
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            found = {node.name}
        elif isinstance(node, ast.Assign):
            found = {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found = {node.target.id}
        if found & set(names):
            strings |= {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return frozenset(strings)


def is_public_reference(app: str, reference: str, msgid: str = "") -> bool:
    if app == "triage" and reference == RULES_REFERENCE:
        return True
    if app == "directory" and reference.startswith(DATASET_REFERENCE):
        return True
    for pattern in PUBLIC_SOURCES.get(app, ()):
        file_pattern, _sep, names = pattern.partition("::")
        if not fnmatch(reference, file_pattern):
            continue
        if not names:
            return True
        path = BAKEN / app / reference
        if path.exists() and msgid in _strings_in(path, tuple(names.split(","))):
            return True
    return False


def rule_reasons() -> list[dict[str, str]]:
    """Every `reason` of the help finder's rules: a mapping with the Dutch and English text."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    reasons: list[dict[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            reason = node.get("reason")
            if isinstance(reason, dict) and isinstance(reason.get("en"), str):
                reasons.append(reason)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(raw)
    return reasons


def rule_texts() -> list[str]:
    """The English reasons of the help finder's rules (translated through the triage catalogue)."""
    return list(dict.fromkeys(reason["en"].strip() for reason in rule_reasons()))


def dataset_texts() -> dict[str, list[str]]:
    """The English texts of the directory dataset, each with the files that use it."""
    texts: dict[str, list[str]] = {}

    def add(node: object, path: Path) -> None:
        if isinstance(node, dict) and isinstance(node.get("en"), str) and node["en"].strip():
            texts.setdefault(node["en"].strip(), []).append(f"{DATASET_REFERENCE}{path.name}")

    for path in sorted(DATASET_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        add(raw.get("description"), path)
        add((raw.get("on_contact") or {}).get("note"), path)
        add((raw.get("cost") or {}).get("note"), path)
        for channel in raw.get("channels") or []:
            add(channel.get("notes"), path)
    return texts


@dataclass(frozen=True)
class Message:
    msgid: str
    msgid_plural: str = ""
    msgctxt: str | None = None
    references: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def public_messages(app: str) -> list[Message]:
    """The public msgids of an app, read from its Dutch catalogue (the one makemessages keeps)."""
    source = catalogue_path(app, "nl")
    messages: dict[tuple[str | None, str], Message] = {}
    if source.exists():
        for entry in polib.pofile(str(source)):
            if entry.obsolete or not entry.msgid:
                continue
            if any(is_public_reference(app, ref, entry.msgid) for ref, _line in entry.occurrences):
                message = Message(
                    entry.msgid, entry.msgid_plural or "", entry.msgctxt, tuple(r for r, _l in entry.occurrences)
                )
                messages[message.key] = message
    if app == "triage":
        for text in rule_texts():
            messages.setdefault((None, text), Message(text, references=(RULES_REFERENCE,)))
    if app == "directory":
        for text, files in dataset_texts().items():
            messages.setdefault((None, text), Message(text, references=tuple(dict.fromkeys(files))))
    return list(messages.values())


def public_apps() -> list[str]:
    return [app for app in PUBLIC_SOURCES if catalogue_path(app, "nl").exists()]


def _tags(text: str) -> Counter[str]:
    return Counter(match.group(0).split()[0].rstrip(">").lower() for match in TAG.finditer(text))


def _placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class Problem:
    app: str
    language: str
    msgid: str
    what: str
    msgctxt: str | None = None

    def __str__(self) -> str:
        return f"{self.app}/{self.language}: {self.what}: {self.msgid!r}"


def check_catalogue(app: str, language: str) -> list[Problem]:
    """Every public msgid present, translated, not fuzzy, with the same placeholders and HTML."""
    path = catalogue_path(app, language)
    wanted = public_messages(app)
    if not path.exists():
        return [Problem(app, language, "", "catalogue missing")] if wanted else []
    return problems_in(path, wanted, app, language)


def problems_in(path: Path, wanted: list[Message], app: str, language: str) -> list[Problem]:
    entries = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}
    problems: list[Problem] = []
    for message in wanted:
        entry = entries.get(message.key)
        if entry is None:
            problems.append(Problem(app, language, message.msgid, "missing", message.msgctxt))
            continue
        if entry.fuzzy:
            problems.append(Problem(app, language, message.msgid, "fuzzy", message.msgctxt))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not translations or not all(t.strip() for t in translations):
            problems.append(Problem(app, language, message.msgid, "untranslated", message.msgctxt))
            continue
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for translation in translations:
            if not any(_placeholders(translation) == _placeholders(s) for s in sources):
                problems.append(Problem(app, language, message.msgid, f"placeholders differ in {translation!r}"))
            if _tags(translation) != _tags(entry.msgid):
                problems.append(Problem(app, language, message.msgid, f"HTML differs in {translation!r}"))
    return problems


def mo_matches_po(po_path: Path, mo_path: Path) -> list[str]:
    """The .mo holds exactly the translated, non-fuzzy entries of the .po (what msgfmt writes).
    Compared by content, not by date: a fresh checkout has every file at the same time."""
    if not mo_path.exists():
        return [f"{mo_path} is missing: run `make messages`"]
    want: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue
        if entry.msgid_plural:
            if all(entry.msgstr_plural.values()):
                want[(entry.msgctxt, entry.msgid)] = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        elif entry.msgstr:
            want[(entry.msgctxt, entry.msgid)] = (entry.msgstr,)
    have: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for entry in polib.mofile(str(mo_path)):
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            have[(entry.msgctxt, entry.msgid)] = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            have[(entry.msgctxt, entry.msgid)] = (entry.msgstr,)
    differing = sorted(str(k[1]) for k in set(want) ^ set(have)) + sorted(
        str(k[1]) for k in set(want) & set(have) if want[k] != have[k]
    )
    if differing:
        return [f"{mo_path} is stale ({len(differing)} messages differ, e.g. {differing[0]!r}): run `make messages`"]
    return []
