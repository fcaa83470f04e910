"""Every listings route × every role (anonymous, a login without its second factor, anna, bram,
chris, dewi, eva, fenna) → the expected status code. Bram (organisation admin) edits only the
listing of Centrum Seksueel Geweld; Fenna (platform editor) and Eva (platform admin) edit and
review every listing; staff (Anna, Chris) and the coordinator (Dewi) do neither."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baken.listings import services
from tests.conftest import verified_client
from tests.listings.conftest import CSG, VT, confirmed

pytestmark = pytest.mark.django_db

LOGIN = 302
ROLES = ["anonymous", "unverified", "anna", "bram", "chris", "dewi", "eva", "fenna"]

# (url name, kwargs key) → expected status per role
EXPECTED: dict[str, dict[str, int]] = {
    "overview": {"anna": 403, "bram": 302, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "edit_own": {"anna": 403, "bram": 200, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "edit_other": {"anna": 403, "bram": 404, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "history_own": {"anna": 403, "bram": 200, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "proposal_own": {"anna": 403, "bram": 200, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "proposal_other": {"anna": 403, "bram": 404, "chris": 403, "dewi": 403, "eva": 200, "fenna": 200},
    "publish_own": {"anna": 403, "bram": 403, "chris": 403, "dewi": 403, "eva": 302, "fenna": 302},
}


def _client(role: str, people: dict[str, Any]) -> Client:
    if role == "anonymous":
        return Client()
    if role == "unverified":
        client = Client()
        client.force_login(people["anna"])
        return client
    return verified_client(people[role])


def _url(route: str, own: int, other: int) -> str:
    return {
        "overview": reverse("listings:overview"),
        "edit_own": reverse("listings:edit", args=[CSG]),
        "edit_other": reverse("listings:edit", args=[VT]),
        "history_own": reverse("listings:history", args=[CSG]),
        "proposal_own": reverse("listings:proposal", args=[own]),
        "proposal_other": reverse("listings:proposal", args=[other]),
        "publish_own": reverse("listings:proposal", args=[own]),
    }[route]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(EXPECTED))
def test_route_by_role(route: str, role: str, people: dict[str, Any]) -> None:
    from baken.directory.models import Organisation

    own = services.proposal_submit(
        by=people["fenna"],
        organisation=Organisation.objects.get(slug=CSG),
        changes={"fields": {"cost_note_nl": "Gratis"}},
        **confirmed(),
    )
    other = services.proposal_submit(
        by=people["fenna"],
        organisation=Organisation.objects.get(slug=VT),
        changes={"fields": {"cost_note_nl": "Gratis"}},
        **confirmed(),
    )
    client = _client(role, people)
    url = _url(route, own.pk, other.pk)
    if route == "publish_own":
        response = client.post(url, {"action": "publish"})
    else:
        response = client.get(url)
    expected = LOGIN if role in {"anonymous", "unverified"} else EXPECTED[route][role]
    assert response.status_code == expected, (route, role, response.status_code)
    if route == "publish_own" and role in {"eva", "fenna"}:
        own.refresh_from_db()
        assert own.status == "published"
    if route == "publish_own" and role == "bram":
        own.refresh_from_db()
        assert own.status == "submitted"  # the organisation cannot publish its own change


def test_edit_form_makes_a_proposal_with_only_what_changed(people: dict[str, Any]) -> None:
    from baken.directory.models import Organisation

    csg = Organisation.objects.get(slug=CSG)
    client = verified_client(people["bram"])
    page = client.get(reverse("listings:edit", args=[CSG]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if form[name].value() not in (None, False)}
    phone = csg.channels.get(type="phone")
    data.update(
        {
            f"ch{phone.pk}-value": "0800-1234",
            "source_kind": "confirmed",
            "source_date": form["source_date"].value().isoformat(),
            "action": "submit",
        }
    )
    response = client.post(reverse("listings:edit", args=[CSG]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    proposal = csg.proposals.get()
    assert proposal.changes == {"channels": [{"op": "update", "id": phone.pk, "set": {"value": "0800-1234"}}]}


def test_edit_form_shows_errors_next_to_the_field_and_keeps_input(people: dict[str, Any]) -> None:
    from baken.directory.models import Organisation

    csg = Organisation.objects.get(slug=CSG)
    phone = csg.channels.get(type="phone")
    client = verified_client(people["bram"])
    response = client.post(
        reverse("listings:edit", args=[CSG]),
        {f"ch{phone.pk}-opening_hours": "soms", "source_kind": "url", "source_ref": "", "source_date": "2026-01-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"ch{phone.pk}-opening_hours" in errors and "source_ref" in errors
    assert b'value="soms"' in response.content
    assert not csg.proposals.exists()


def test_hours_preview_says_open_now_and_the_week_in_words(people: dict[str, Any]) -> None:
    client = verified_client(people["bram"])
    response = client.get(reverse("listings:hours_preview"), {"ch1-opening_hours": "Mo-Fr 09:00-17:00; PH off"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "09:00–17:00" in text and "gesloten" in text
    bad = client.get(reverse("listings:hours_preview"), {"ch1-opening_hours": "soms open"}).content.decode()
    assert "niet te lezen" in bad


def test_offers_field_refuses_bad_json_and_unknown_codes(people: dict[str, Any]) -> None:
    client = verified_client(people["bram"])
    for raw, message in [("[{", "geen geldige JSON"), ('[{"roles": ["alien"]}]', "alien")]:
        response = client.post(
            reverse("listings:edit", args=[CSG]),
            {"offers": raw, "source_kind": "confirmed", "source_date": "2026-01-01"},
        )
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["offers"])
