"""Which directory entries a guidance page points to. Pure functions on the directory
snapshot (no ORM), each entry with the reasons it was chosen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from baken.directory.snapshot import OrganisationData

VEILIG_THUIS = "veilig-thuis"
POLICE = "politie"
HELP_TYPES_FOR_HELP = frozenset({"care", "later_help", "advice", "referral", "navigation", "listening"})


@dataclass(frozen=True)
class Match:
    organisation: OrganisationData
    reasons: tuple[str, ...]  # reason codes, labelled in the template


def for_perpetrators_only(org: OrganisationData) -> bool:
    return "perpetrators" in org.target_codes and "everyone" not in org.target_codes


def always_staffed(org: OrganisationData) -> bool:
    return any(c.opening_hours == "24/7" for c in org.staffed_channels)


def serving_violence(
    snapshot: Iterable[OrganisationData], violence: str, *, limit: int = 10
) -> tuple[list[OrganisationData], int]:
    """Organisations that work on this violence type, in this order: those where a person
    answers day and night, then other staffed services, then the rest; within each, national
    before local and the most specialised (fewest violence types) first. The police and
    services only for people worried about their own behaviour come after the others (these
    pages are for people it happens to, in the phases before asking for help). Returns
    (shown, total)."""
    serving = [org for org in snapshot if violence in org.violence]
    serving.sort(
        key=lambda org: (
            for_perpetrators_only(org),
            org.police == "is_police",
            not org.staffed_channels,
            not always_staffed(org),
            org.local,
            len(org.violence),
            org.name.lower(),
        )
    )
    return serving[:limit], len(serving)


def meldcode_matches(
    snapshot: Sequence[OrganisationData],
    *,
    violence: Iterable[str],
    report: bool,
    organise_help: bool,
    acute: bool,
    ask_advice: bool,
    limit: int = 6,
) -> list[Match]:
    """The entries a professional needs at the end of the meldcode steps."""
    by_slug = {org.slug: org for org in snapshot}
    chosen: list[Match] = []
    if acute and POLICE in by_slug:
        chosen.append(Match(by_slug[POLICE], ("acute",)))
    if (report or ask_advice) and VEILIG_THUIS in by_slug:
        reasons = tuple(r for r, on in (("report", report), ("advice", ask_advice)) if on)
        chosen.append(Match(by_slug[VEILIG_THUIS], reasons))
    if organise_help:
        wanted = set(violence)
        taken = {m.organisation.slug for m in chosen}
        candidates = []
        for org in snapshot:
            if org.slug in taken or not (org.help_types & HELP_TYPES_FOR_HELP):
                continue
            overlap = wanted & org.violence if wanted else org.violence
            if not overlap:
                continue
            for_professionals = "professionals" in org.target_codes
            reasons = ("help", "for_professionals") if for_professionals else ("help",)
            candidates.append((not for_professionals, -len(overlap), len(org.violence), org.name.lower(), org, reasons))
        candidates.sort(key=lambda c: c[:4])
        chosen += [Match(c[4], c[5]) for c in candidates[:limit]]
    return chosen
