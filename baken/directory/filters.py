"""Directory filters: pure functions over the snapshot, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from baken.directory.snapshot import OrganisationData


@dataclass(frozen=True)
class DirectoryFilter:
    violence: tuple[str, ...] = ()
    help_type: tuple[str, ...] = ()
    target_group: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    channel: tuple[str, ...] = ()
    open_now: bool = False
    moment: datetime | None = None
    query: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def matches(self, org: OrganisationData, moment: datetime) -> bool:
        """Every given filter must hold; within one filter any of the values may match."""
        if self.violence and not org.violence.intersection(self.violence):
            return False
        if self.help_type and not org.help_types.intersection(self.help_type):
            return False
        if self.target_group and not org.target_codes.intersection(self.target_group):
            return False
        if self.language and not org.languages.intersection(self.language):
            return False
        if self.channel and not {c.type for c in org.channels}.intersection(self.channel):
            return False
        if self.query:
            needle = self.query.casefold()
            haystack = f"{org.name} {org.description_nl} {org.description_en}".casefold()
            if needle not in haystack:
                return False
        return not (self.open_now and org.open_at(moment) is not True)


def filter_organisations(
    organisations: Iterable[OrganisationData], criteria: DirectoryFilter, moment: datetime
) -> list[OrganisationData]:
    return [org for org in organisations if criteria.matches(org, moment)]
