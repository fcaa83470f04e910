"""Reads of the directory."""

from __future__ import annotations

import hashlib
import threading

from django.db import connection
from django.http import Http404

from baken.directory.models import Channel, Organisation
from baken.directory.snapshot import OrganisationData, from_models

_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "data": ()}


def _version() -> tuple[object, ...]:
    # One round trip without ORM compilation: this runs on every request of the help finder and
    # the APIs (1.1 ms as two aggregates vs 0.05 ms, bench/triage_api_load.py).
    org, channel = (connection.ops.quote_name(m._meta.db_table) for m in (Organisation, Channel))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {org}), (SELECT MAX(updated_at) FROM {org}), "  # noqa: S608 - table names from _meta
            f"(SELECT COUNT(*) FROM {channel}), (SELECT MAX(id) FROM {channel})"
        )
        return tuple(cursor.fetchone())


def directory_snapshot() -> tuple[OrganisationData, ...]:
    """All active organisations as immutable dataclasses, rebuilt only when the directory
    changed (two cheap aggregate queries per call instead of loading every row)."""
    return directory_snapshot_versioned()[1]


def directory_snapshot_versioned() -> tuple[str, tuple[OrganisationData, ...]]:
    """The snapshot with its version: a short digest that changes whenever the directory does
    (the API derives its ETags from it)."""
    version = _version()
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:20]
    with _lock:
        if _cache["version"] == version:
            return digest, _cache["data"]  # type: ignore[return-value]
    data = from_models(Organisation.objects.active().with_channels())
    with _lock:
        _cache["version"] = version
        _cache["data"] = data
    return digest, data


def organisation_get(*, slug: str) -> OrganisationData:
    for organisation in directory_snapshot():
        if organisation.slug == slug:
            return organisation
    raise Http404("No such organisation.")
