"""The directory dataset itself: valid, traceable to the seeds, nothing invented, and the
counts of table 5.1 of the report recomputed and explained."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings

from baken.directory.dataset import read_directory, read_file
from baken.directory.vocabulary import CONVERSATION_CHANNELS
from tests.conftest import DATA

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
REPORT = "001_816fd686fdf3165a.txt"
APPENDIX_2_FIRST_LINE = 7760
TABLE = Path(settings.BASE_DIR) / "data" / "table_5_1.yaml"
# The source itself is off by one (n=31+23=54 in the table, 53 blocks in the appendix) and
# codes organisations by hand: a difference of up to 2 needs no explanation, more needs a note.
TOLERANCE = 2
# Channels where nobody answers in person by nature; any other channel that is not staffed
# must say so explicitly (`staffed: false`), so a forgotten key cannot hide a phone line.
NOT_A_CONVERSATION = {"website", "app", "forum", "email", "contact_form", "letter"}
ALWAYS_UNSTAFFED = {"website", "app", "forum"}

FILES = sorted(DATA.glob("*.yaml"))
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed files not found at {SEEDS}")


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return read_directory(DATA)


@pytest.fixture(scope="module")
def appendix(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The national organisations of appendix 2: the population table 5.1 counts."""
    return [
        e
        for e in entries
        if e["fields"]["source_file"] == REPORT
        and int(e["fields"]["source_lines"].split("-")[0]) >= APPENDIX_2_FIRST_LINE
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_file_is_valid(path: Path) -> None:
    entry = read_file(path)
    assert entry["slug"] == path.stem


def test_the_dataset_has_the_expected_size(entries: list[dict[str, Any]]) -> None:
    assert len(entries) == len(FILES) == 67


def test_appendix_2_has_its_53_organisations(appendix: list[dict[str, Any]]) -> None:
    assert len(appendix) == 53
    assert len({e["slug"] for e in appendix}) == 53


@needs_seeds
def test_every_organisation_is_traceable(entries: list[dict[str, Any]]) -> None:
    problems = []
    for entry in entries:
        fields, slug = entry["fields"], entry["slug"]
        if not fields["last_verified"]:
            problems.append(f"{slug}: no last_verified")
        if fields["source_file"]:
            seed = SEEDS / fields["source_file"]
            if not seed.exists():
                problems.append(f"{slug}: source file {fields['source_file']} is not a seed")
                continue
            if not fields["source_lines"]:
                problems.append(f"{slug}: source file without lines")
                continue
            length = len(seed.read_text(encoding="utf-8").splitlines())
            first, _, last = fields["source_lines"].partition("-")
            if not 1 <= int(first) <= int(last or first) <= length:
                problems.append(f"{slug}: lines {fields['source_lines']} outside {fields['source_file']} ({length})")
        elif not (fields["needs_verification"] and fields["source_note"]):
            problems.append(f"{slug}: no seed file, so it needs needs_verification: true and a source note")
    assert not problems, "\n".join(problems)


def _number_pattern(value: str) -> re.Pattern[str]:
    """The digits of a number with any spacing or hyphens between them ("0900-8844" is
    written "0900 8844" in the report)."""
    digits = re.sub(r"\D", "", value)
    return re.compile(r"(?<!\d)" + r"[\s-]?".join(digits) + r"(?!\d)")


@needs_seeds
def test_no_invented_phone_numbers(entries: list[dict[str, Any]]) -> None:
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    invented = [
        f"{e['slug']}: {c['value']}"
        for e in entries
        if not e["fields"]["needs_verification"]
        for c in e["channels"]
        if c["type"] in {"phone", "whatsapp"} and c["value"] and not _number_pattern(c["value"]).search(corpus)
    ]
    assert not invented, f"numbers not in any seed file (mark needs_verification or remove): {invented}"
    checked = [c for e in entries for c in e["channels"] if c["type"] == "phone" and c["value"]]
    assert len(checked) >= 5


def test_unstaffed_channels_are_not_conversations_or_say_so() -> None:
    problems = []
    for path in FILES:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for channel in raw.get("channels") or []:
            kind, staffed = channel["type"], channel.get("staffed")
            if staffed is not True and kind not in NOT_A_CONVERSATION and staffed is not False:
                problems.append(f"{path.name}: {kind} channel is not staffed but does not say staffed: false")
            if staffed and kind in ALWAYS_UNSTAFFED:
                problems.append(f"{path.name}: a {kind} is never staffed (nobody answers in person)")
    assert not problems, "\n".join(problems)


def test_assumed_office_hours_are_stored_as_the_rule_says(entries: list[dict[str, Any]]) -> None:
    """ "Kantooruren" is Mo-Fr 09:00-17:00 (or, for "outside office hours", its complement)."""
    assumed = [(e["slug"], c["opening_hours"]) for e in entries for c in e["channels"] if c["hours_assumed"]]
    assert assumed
    for slug, expression in assumed:
        assert expression and "Mo-Fr" in expression and "09:00" in expression and "17:00" in expression, slug


def test_every_organisation_with_a_staffed_conversation_channel_is_evaluable(entries: list[dict[str, Any]]) -> None:
    """Not a rule that hours must be known (unknown stays unknown), but a guard that the
    dataset still lets "open now" mean something."""
    known = [
        e["slug"]
        for e in entries
        if any(c["staffed"] and c["type"] in CONVERSATION_CHANNELS and c["opening_hours"] for c in e["channels"])
    ]
    assert len(known) >= 30


# --- Table 5.1 ---------------------------------------------------------------------------

CHRISTIAN = {"christian", "catholic", "reformed", "evangelical"}
OTHER_FAITH = {"muslim", "jewish", "hindu", "buddhist", "other"}


def _violence(code: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: code in e["fields"]["violence"]


def _help(code: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: code in e["fields"]["help_types"]


def _context(code: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: code in e["fields"]["contexts"]


def _channel(kind: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: any(c["type"] == kind for c in e["channels"])


def _group(*codes: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: any(g["code"] in codes for g in e["fields"]["target_groups"])


def _faith(faiths: set[str]) -> Callable[[dict[str, Any]], bool]:
    return lambda e: any(
        g["code"] == "faith_community" and g.get("faith") in faiths for g in e["fields"]["target_groups"]
    )


def _website_other_languages(entry: dict[str, Any]) -> bool:
    websites = [c for c in entry["channels"] if c["type"] == "website"]
    return any(set(c["languages"]) - {"nl"} for c in websites or entry["channels"])


HOW_TO_COUNT: dict[str, Callable[[dict[str, Any]], bool]] = {
    "violence_domestic_violence": _violence("domestic_violence"),
    "violence_child_abuse": _violence("child_abuse"),
    "violence_sexual_violence": _violence("sexual_violence"),
    "violence_elder_abuse": _violence("elder_abuse"),
    "violence_human_trafficking": _violence("human_trafficking"),
    "violence_harmful_practices": lambda e: bool(
        {"honour_based_violence", "forced_marriage", "fgm"} & set(e["fields"]["violence"])
    ),
    "context_religious": _context("religious"),
    "context_sport": _context("sport"),
    "context_culture": _context("culture"),
    "help_reporting": _help("reporting"),
    "help_information": _help("information"),
    "help_navigation": _help("navigation"),
    "help_listening": _help("listening"),
    "help_advice": _help("advice"),
    "help_care": _help("care"),
    "help_peer_contact": _help("peer_contact"),
    "help_outreach": _help("outreach"),
    "available_24_7": lambda e: any(c["opening_hours"] == "24/7" for c in e["channels"]),
    "anonymous": lambda e: e["fields"]["anonymous"] is True,
    "website_other_languages": _website_other_languages,
    "contact_phone": _channel("phone"),
    "contact_email": _channel("email"),
    "contact_chat": _channel("chat"),
    "contact_form": _channel("contact_form"),
    "contact_whatsapp": _channel("whatsapp"),
    "target_youth": _group("youth", "young_adults"),
    "target_migrants": _group("migrants"),
    "target_faith_christian": _faith(CHRISTIAN),
    "target_faith_other": _faith(OTHER_FAITH),
    "target_lgbtiq": _group("lgbtiq"),
    "target_physical_disability": _group("physical_disability"),
    "target_intellectual_disability": _group("intellectual_disability"),
    "target_perpetrators": _group("perpetrators"),
}


def test_table_5_1_is_recomputed_and_every_difference_explained(appendix: list[dict[str, Any]]) -> None:
    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    assert {r["key"] for r in rows} == set(HOW_TO_COUNT), "each row of table_5_1.yaml needs a counting rule here"
    lines = [f"{'row':34} {'reported':>8} {'recount':>8} {'diff':>5}  note"]
    unexplained = []
    for row in rows:
        recount = sum(1 for entry in appendix if HOW_TO_COUNT[row["key"]](entry))
        assert row["reported"] == row["reported_general"] + row["reported_specific"], row["key"]
        difference = recount - row["reported"]
        note = (row.get("note") or "").strip()
        lines.append(f"{row['key']:34} {row['reported']:>8} {recount:>8} {difference:>+5}  {'yes' if note else ''}")
        if abs(difference) > TOLERANCE and not note:
            unexplained.append(f"{row['key']}: reported {row['reported']}, recounted {recount}")
    print("\nTable 5.1, reported vs recomputed from appendix 2:\n" + "\n".join(lines))
    assert not unexplained, "differences beyond tolerance without a note in table_5_1.yaml: " + "; ".join(unexplained)


def test_the_recount_is_not_vacuous(appendix: list[dict[str, Any]]) -> None:
    """Guards the counting rules themselves: rows the appendix supports well match closely."""
    exact = {"violence_elder_abuse": 7, "context_sport": 2, "context_culture": 1, "contact_whatsapp": 5}
    for key, reported in exact.items():
        assert abs(sum(1 for e in appendix if HOW_TO_COUNT[key](e)) - reported) <= 1, key
