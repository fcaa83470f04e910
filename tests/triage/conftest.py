"""Fixtures of the help finder tests: the real dataset as the engine sees it, built straight
from `data/organisations/*.yaml` (no database), and moments in Europe/Amsterdam."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from baken.directory.dataset import read_directory
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DATA = Path(settings.BASE_DIR) / "data" / "organisations"


def at(text: str) -> datetime:
    """A local moment in Amsterdam, e.g. at("2026-11-29 23:30") (a Sunday)."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def snapshot_from_yaml(folder: Path = DATA) -> tuple[OrganisationData, ...]:
    organisations = []
    for entry in read_directory(folder):
        f = entry["fields"]
        organisations.append(
            OrganisationData(
                slug=entry["slug"],
                name=f["name"],
                description_nl=f["description_nl"],
                description_en=f["description_en"],
                website=f["website"],
                scope=f["scope"],
                local=f["local"],
                violence=frozenset(f["violence"]),
                help_types=frozenset(f["help_types"]),
                target_groups=tuple(
                    TargetGroupData(
                        code=g["code"], age_min=g.get("age_min"), age_max=g.get("age_max"), faith=g.get("faith")
                    )
                    for g in f["target_groups"]
                ),
                contexts=frozenset(f["contexts"]),
                staffed_by=frozenset(f["staffed_by"]),
                duty_to_act=f["duty_to_act"],
                police=f["police"],
                anonymous=f["anonymous"],
                on_contact_note_nl=f["on_contact_note_nl"],
                on_contact_note_en=f["on_contact_note_en"],
                cost_free=f["cost_free"],
                cost_note_nl=f["cost_note_nl"],
                cost_note_en=f["cost_note_en"],
                source_file=f["source_file"],
                source_lines=f["source_lines"],
                source_note=f["source_note"],
                needs_verification=f["needs_verification"],
                last_verified=f["last_verified"],
                channels=tuple(
                    ChannelData(
                        type=c["type"],
                        value=c["value"] or None,
                        free=c["free"],
                        anonymous=c["anonymous"],
                        staffed=c["staffed"],
                        languages=tuple(c["languages"]),
                        opening_hours=c["opening_hours"] or None,
                        hours_assumed=c["hours_assumed"],
                        notes_nl=c["notes_nl"],
                        notes_en=c["notes_en"],
                    )
                    for c in entry["channels"]
                ),
            )
        )
    return tuple(organisations)


_SNAPSHOT: tuple[OrganisationData, ...] | None = None


@pytest.fixture(scope="session")
def snapshot() -> tuple[OrganisationData, ...]:
    global _SNAPSHOT
    if _SNAPSHOT is None:
        _SNAPSHOT = snapshot_from_yaml()
    return _SNAPSHOT
