"""Staff login: password, then a TOTP code (mandatory for every staff account); lockout after
repeated wrong passwords; throttled codes; idle and absolute session limits; safe redirects."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.models import User
from baken.audit.models import AuditEvent
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def code_for(device: TOTPDevice) -> str:
    """The code the staff member's authenticator app shows now, computed from the device key."""
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{token:0{device.digits}d}"


def log_in(client: Client, username: str, password: str = PASSWORD, next_url: str = "") -> Any:
    url = "/medewerkers/inloggen/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password, "next": next_url})


def test_password_then_code(personas: dict[str, User]) -> None:
    client = Client()
    response = log_in(client, "anna")
    assert response.status_code == 302 and response["Location"].startswith("/medewerkers/code/")
    # Password alone opens nothing.
    assert client.get("/verhaal/inbox/")["Location"].startswith("/medewerkers/code/")
    device = TOTPDevice.objects.get(user=personas["anna"])
    response = client.post("/medewerkers/code/", {"token": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/medewerkers/"
    assert client.get("/verhaal/inbox/").status_code == 200
    login = AuditEvent.objects.get(action="staff.login")
    assert (login.actor, login.organisation_slug) == (personas["anna"], "centrum-seksueel-geweld")


def test_first_login_sets_up_the_authenticator(directory: None) -> None:
    user = User.objects.create_user(username="nieuw", password=PASSWORD)
    client = Client()
    log_in(client, "nieuw")
    page = client.get("/medewerkers/code/")
    assert page.status_code == 200 and page.context["setup"] is True and page.context["qr"].startswith("data:image/svg")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post("/medewerkers/code/", {"token": "000000"}).status_code == 200
    time.sleep(1.1)  # the wrong code above costs a second of throttling
    assert client.post("/medewerkers/code/", {"token": code_for(device)}).status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed is True
    assert AuditEvent.objects.filter(action="staff.second_factor_added", target_id=str(user.pk)).exists()


def test_wrong_codes_are_throttled_and_audited(personas: dict[str, User]) -> None:
    client = Client()
    log_in(client, "anna")
    device = TOTPDevice.objects.get(user=personas["anna"])
    response = client.post("/medewerkers/code/", {"token": "123456" if code_for(device) != "123456" else "654321"})
    assert response.status_code == 200 and response.context["form"].errors["token"]
    # Straight after a wrong code even the right one is refused for a while.
    response = client.post("/medewerkers/code/", {"token": code_for(device)})
    assert response.status_code == 200
    assert client.get("/verhaal/inbox/")["Location"].startswith("/medewerkers/code/")
    assert AuditEvent.objects.filter(action="staff.second_factor_failed").count() == 1


def test_lockout_after_repeated_wrong_passwords(personas: dict[str, User], settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(Client(), "anna", "wrong password").status_code == 200
    assert log_in(Client(), "anna", "wrong password").status_code == 429
    response = log_in(Client(), "anna")  # now even the right password
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    # The same page for an account that does not exist.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "nobody", "wrong password")
    assert log_in(Client(), "nobody").status_code == 429


def test_absolute_session_limit(personas: dict[str, User], settings: Any) -> None:
    client = verified_client(personas["anna"])
    assert client.get("/medewerkers/").status_code == 200
    session = client.session
    session["baken_login_at"] = int(time.time()) - settings.STAFF_SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/medewerkers/")
    assert response.status_code == 302 and response["Location"].startswith("/medewerkers/inloggen/")


def test_idle_limit_slides_with_every_request(personas: dict[str, User], settings: Any) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = verified_client(personas["anna"])
    response = client.get("/medewerkers/")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 30 * 60  # renewed on this request


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_never_leaves_the_site(target: str, personas: dict[str, User]) -> None:
    client = Client()
    log_in(client, "anna", next_url=target)
    device = TOTPDevice.objects.get(user=personas["anna"])
    response = client.post("/medewerkers/code/", {"token": code_for(device), "next": target})
    assert response["Location"] == "/medewerkers/"


def test_next_within_the_site_is_followed(personas: dict[str, User]) -> None:
    client = Client()
    response = log_in(client, "anna", next_url="/verhaal/inbox/")
    assert response["Location"] == "/medewerkers/code/?next=%2Fverhaal%2Finbox%2F"
    device = TOTPDevice.objects.get(user=personas["anna"])
    response = client.post(
        "/medewerkers/code/?next=/verhaal/inbox/", {"token": code_for(device), "next": "/verhaal/inbox/"}
    )
    assert response["Location"] == "/verhaal/inbox/"


def test_english_login_goes_to_the_english_code_step(personas: dict[str, User]) -> None:
    response = Client().post("/en/medewerkers/inloggen/", {"username": "anna", "password": PASSWORD})
    assert response["Location"].startswith("/en/medewerkers/code/")


def test_logout_needs_post(personas: dict[str, User]) -> None:
    client = verified_client(personas["anna"])
    assert client.get("/medewerkers/uitloggen/").status_code == 405
    assert client.post("/medewerkers/uitloggen/").status_code == 302
    assert client.get("/medewerkers/").status_code == 302


def test_account_without_second_factor_device_must_add_one(directory: None) -> None:
    user = make_user("zonder")
    TOTPDevice.objects.filter(user=user).delete()
    client = Client()
    client.force_login(user)
    assert client.get("/medewerkers/")["Location"].startswith("/medewerkers/code/")
    assert client.get("/medewerkers/code/").context["setup"] is True
