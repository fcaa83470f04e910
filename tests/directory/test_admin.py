"""Directory maintenance in the Django admin: second factor required, model validation,
readable lists, change history."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from baken.accounts.models import User
from baken.directory.models import Channel, Organisation, OrganisationMember
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.usefixtures("directory")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def superuser() -> User:
    user = make_user("eva-admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def admin_client(superuser: User) -> Client:
    return verified_client(superuser)


def test_password_only_login_cannot_reach_the_admin(superuser: User) -> None:
    client = Client()
    client.force_login(superuser)  # what a password login gives: no verified device
    for url in ("/admin/", "/admin/directory/organisation/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_admin_login_form_asks_for_the_code(superuser: User) -> None:
    client = Client()
    page = client.get("/admin/login/").content.decode()
    assert 'name="otp_token"' in page
    response = client.post("/admin/login/", {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 200  # refused: no code
    assert client.get("/admin/").status_code == 302


def test_verified_superuser_reaches_the_admin(admin_client: Client) -> None:
    assert admin_client.get("/admin/").status_code == 200


def test_list_is_readable_filterable_and_searchable(admin_client: Client) -> None:
    page = admin_client.get("/admin/directory/organisation/").content.decode()
    assert "Veilig Thuis" in page and "67 organisations" in page.replace("67 organisaties", "67 organisations")
    for heading in ("slug", "needs_verification", "last_verified"):
        assert f"column-{heading}" in page
    filtered = admin_client.get("/admin/directory/organisation/?needs_verification__exact=1").content.decode()
    assert "Mind Korrelatie" in filtered or "mind-korrelatie" in filtered
    assert "Veilig Thuis" not in filtered
    found = admin_client.get("/admin/directory/organisation/?q=kindertelefoon").content.decode()
    assert "Kindertelefoon" in found and "Veilig Thuis" not in found
    assert admin_client.get("/admin/directory/organisation/?source=note").status_code == 200


def _change_form_data(client: Client, org: Organisation) -> dict[str, Any]:
    """The admin change form as a browser would submit it, unchanged."""
    page = client.get(f"/admin/directory/organisation/{org.pk}/change/").content.decode()
    data: dict[str, Any] = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) in ("csrfmiddlewaretoken",) or "__prefix__" in name.group(1):
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                data[name.group(1)] = "on"
            continue
        if kind and kind.group(1) in ("submit", "button"):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, flags=re.S):
        data[name] = re.sub(r"&quot;", '"', body.strip())
    for name, options in re.findall(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, flags=re.S):
        if "__prefix__" in name:
            continue
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_unparsable_opening_hours_are_refused_with_the_parsers_reason(admin_client: Client) -> None:
    org = Organisation.objects.get(slug="kindertelefoon")
    data = _change_form_data(admin_client, org)
    hours_field = next(k for k, v in data.items() if k.endswith("-opening_hours") and v == "Mo-Su 11:00-21:00")
    data[hours_field] = "Mo-Su 11:00-25:99"
    response = admin_client.post(f"/admin/directory/organisation/{org.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the error
    page = response.content.decode()
    assert "opening hours cannot be read" in page or "openingstijden zijn niet te lezen" in page
    reason = re.search(r"(?:cannot be read|niet te lezen): ([^<]+)<", page)
    assert reason and reason.group(1).strip()
    assert not Channel.objects.filter(opening_hours="Mo-Su 11:00-25:99").exists()


def test_unknown_code_is_refused(admin_client: Client) -> None:
    org = Organisation.objects.get(slug="kindertelefoon")
    data = _change_form_data(admin_client, org)
    data["violence"] = '["sexual_violence", "bogus"]'
    page = admin_client.post(f"/admin/directory/organisation/{org.pk}/change/", data).content.decode()
    assert "bogus" in page and ("Unknown codes" in page or "Onbekende codes" in page)
    org.refresh_from_db()
    assert "bogus" not in org.violence


def test_valid_change_is_saved_and_appears_in_the_history(admin_client: Client, superuser: User) -> None:
    org = Organisation.objects.get(slug="kindertelefoon")
    data = _change_form_data(admin_client, org)
    hours_field = next(k for k, v in data.items() if k.endswith("-opening_hours") and v == "Mo-Su 11:00-21:00")
    data[hours_field] = "Mo-Su 11:00-22:00; PH off"
    response = admin_client.post(f"/admin/directory/organisation/{org.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert org.channels.filter(opening_hours="Mo-Su 11:00-22:00; PH off").exists()
    entry = LogEntry.objects.get(object_id=str(org.pk))
    assert entry.user == superuser and "opening" in entry.get_change_message().lower()
    history = admin_client.get(f"/admin/directory/organisation/{org.pk}/history/")
    assert history.status_code == 200
    assert superuser.username in history.content.decode()


def test_organisation_member_admin(admin_client: Client) -> None:
    user = make_user("fenna")
    OrganisationMember.objects.create(user=user, organisation=Organisation.objects.get(slug="veilig-thuis"))
    page = admin_client.get("/admin/directory/organisationmember/?q=fenna").content.decode()
    assert "fenna" in page and "Veilig Thuis" in page
