"""`/api/v1/organisations` answers conditional requests: an ETag derived from the directory's
version and the request, 304 on `If-None-Match`, and the body serialized once per version."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from baken.directory import api as directory_api
from baken.directory.models import Organisation

pytestmark = pytest.mark.usefixtures("directory")
AT = quote("2026-11-29T23:30:00+01:00")
LIST = f"/api/v1/organisations?violence=sexual_violence&open_at={AT}"
DETAIL = f"/api/v1/organisations/veilig-thuis?open_at={AT}"


@pytest.mark.parametrize("url", [LIST, DETAIL])
def test_if_none_match_gives_304_until_the_directory_changes(url: str) -> None:
    client = Client()
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304

    body = first.json()
    slug = body["results"][0]["slug"] if "results" in body else body["slug"]
    organisation = Organisation.objects.get(slug=slug)
    organisation.name = "Nieuwe naam"
    organisation.save()  # bumps updated_at, part of the directory's version
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Nieuwe naam" in changed.content.decode()


def test_etag_depends_on_the_question() -> None:
    client = Client()
    tags = {
        client.get(LIST)["ETag"],
        client.get(LIST.replace("sexual_violence", "domestic_violence"))["ETag"],
        client.get(LIST.replace(AT, quote("2026-11-30T10:00:00+01:00")))["ETag"],
        client.get(DETAIL)["ETag"],
    }
    assert len(tags) == 4
    # The same question in another spelling is the same answer.
    assert client.get(f"/api/v1/organisations?open_at={AT}&violence=sexual_violence")["ETag"] in tags


def test_body_is_serialized_once_per_version(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    real = directory_api.organisation_json

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(directory_api, "organisation_json", counting)
    client = Client()
    first = client.get(DETAIL)
    second = client.get(DETAIL)
    assert first.content == second.content and len(calls) == 1
    assert second["Cache-Control"] == "no-store"


def test_default_moment_is_the_current_minute() -> None:
    """Without `open_at` the answer is for this minute, so repeated requests share an ETag."""
    moment = datetime.fromisoformat(Client().get("/api/v1/organisations").json()["open_at"])
    assert moment.second == 0 and moment.microsecond == 0
    assert abs((timezone.now() - moment).total_seconds()) < 120
