"""Reads of the directory."""

from __future__ import annotations

import threading

from django.db.models import Count, Max
from django.http import Http404

from baken.directory.models import Channel, Organisation
from baken.directory.snapshot import OrganisationData, from_models

_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "data": ()}


def _version() -> tuple[object, ...]:
    org = Organisation.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    channels = Channel.objects.aggregate(n=Count("id"), last=Max("id"))
    return (org["n"], org["at"], channels["n"], channels["last"])


def directory_snapshot() -> tuple[OrganisationData, ...]:
    """All active organisations as immutable dataclasses, rebuilt only when the directory
    changed (two cheap aggregate queries per call instead of loading every row)."""
    version = _version()
    with _lock:
        if _cache["version"] == version:
            return _cache["data"]  # type: ignore[return-value]
    data = from_models(Organisation.objects.active().with_channels())
    with _lock:
        _cache["version"] = version
        _cache["data"] = data
    return data


def organisation_get(*, slug: str) -> OrganisationData:
    for organisation in directory_snapshot():
        if organisation.slug == slug:
            return organisation
    raise Http404("No such organisation.")
