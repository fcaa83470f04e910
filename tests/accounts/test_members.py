"""Staff accounts managed by organisation admins (their own organisation only) and the
platform admin (every organisation): the route × role × organisation matrix, and what each
action does."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.accounts.models import User
from baken.audit.models import AuditEvent
from tests.conftest import make_user, verified_client
from tests.referrals.test_matrix import ROLES, client_for

pytestmark = pytest.mark.django_db
CSG = "centrum-seksueel-geweld"
VT = "veilig-thuis"

LIST = {"anonymous": 302, "unverified": 302, "anna": 403, "bram": 200, "chris": 403, "dewi": 403, "eva": 200}
ADD_TO_CSG = {"anonymous": 302, "unverified": 302, "anna": 403, "bram": 201, "chris": 403, "dewi": 403, "eva": 201}
ADD_TO_VT = {"anonymous": 302, "unverified": 302, "anna": 403, "bram": 404, "chris": 403, "dewi": 403, "eva": 201}
UPDATE_CSG_MEMBER = {
    "anonymous": 302,
    "unverified": 302,
    "anna": 403,
    "bram": 302,
    "chris": 403,
    "dewi": 403,
    "eva": 302,
}
UPDATE_VT_MEMBER = {
    "anonymous": 302,
    "unverified": 302,
    "anna": 403,
    "bram": 404,
    "chris": 403,
    "dewi": 403,
    "eva": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_members_page(role: str, personas: dict[str, User]) -> None:
    assert client_for(role, personas).get("/medewerkers/team/").status_code == LIST[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("organisation", "expected"), [(CSG, ADD_TO_CSG), (VT, ADD_TO_VT)])
def test_add_member(organisation: str, expected: dict[str, int], role: str, personas: dict[str, User]) -> None:
    data = {"organisation": organisation, "username": "nieuwe", "email": "n@example.nl", "role": "organisation staff"}
    response = client_for(role, personas).post("/medewerkers/team/nieuw/", data)
    assert response.status_code == expected[role]
    assert User.objects.filter(username="nieuwe").exists() == (expected[role] == 201)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("member", "expected"), [("anna", UPDATE_CSG_MEMBER), ("chris", UPDATE_VT_MEMBER)])
def test_update_member(member: str, expected: dict[str, int], role: str, personas: dict[str, User]) -> None:
    target = personas[member]
    if role == member:
        pytest.skip("changing yourself is covered below")
    response = client_for(role, personas).post(f"/medewerkers/team/{target.pk}/", {"action": "deactivate"})
    assert response.status_code == expected[role]
    changed = role == "eva" or (role == "bram" and member == "anna")
    assert User.objects.get(pk=target.pk).is_active is not changed


def test_new_member_logs_in_with_the_temporary_password_and_adds_an_authenticator(personas: dict[str, User]) -> None:
    bram = verified_client(personas["bram"])
    response = bram.post(
        "/medewerkers/team/nieuw/",
        {"organisation": CSG, "username": "fleur", "email": "fleur@csg.example", "role": "organisation admin"},
    )
    password = response.context["password"]
    fleur = User.objects.get(username="fleur")
    assert fleur.membership.organisation.slug == CSG  # type: ignore[attr-defined]
    assert fleur.has_perm("referrals.view_referral") and fleur.has_perm("accounts.manage_members")
    assert not fleur.has_perm("accounts.manage_all_members")
    client = Client()
    response = client.post("/medewerkers/inloggen/", {"username": "fleur", "password": password})
    assert response.status_code == 302
    assert client.get("/medewerkers/code/").context["setup"] is True
    added = AuditEvent.objects.get(action="staff.member_added")
    assert (added.actor, added.organisation_slug, added.data) == (personas["bram"], CSG, {"role": "organisation admin"})
    assert password not in str(list(AuditEvent.objects.values()))


def test_admin_cannot_give_platform_roles(personas: dict[str, User]) -> None:
    response = verified_client(personas["bram"]).post(
        "/medewerkers/team/nieuw/", {"organisation": CSG, "username": "x1", "email": "x@e.nl", "role": "platform admin"}
    )
    assert response.status_code == 400 and not User.objects.filter(username="x1").exists()


def test_deactivated_member_cannot_log_in(personas: dict[str, User]) -> None:
    bram = verified_client(personas["bram"])
    bram.post(f"/medewerkers/team/{personas['anna'].pk}/", {"action": "deactivate"})
    response = Client().post("/medewerkers/inloggen/", {"username": "anna", "password": "correct horse battery staple"})
    assert response.status_code == 200  # back to the form
    bram.post(f"/medewerkers/team/{personas['anna'].pk}/", {"action": "activate"})
    assert User.objects.get(username="anna").is_active


def test_reset_second_factor_and_password(personas: dict[str, User]) -> None:
    bram = verified_client(personas["bram"])
    bram.post(f"/medewerkers/team/{personas['anna'].pk}/", {"action": "reset_second_factor"})
    assert not TOTPDevice.objects.filter(user=personas["anna"]).exists()
    response = bram.post(f"/medewerkers/team/{personas['anna'].pk}/", {"action": "reset_password"})
    assert User.objects.get(username="anna").check_password(response.context["password"])
    actions = set(AuditEvent.objects.filter(target_id=str(personas["anna"].pk)).values_list("action", flat=True))
    assert {"staff.second_factor_reset", "staff.password_reset"} <= actions


def test_admin_cannot_change_their_own_account_here(personas: dict[str, User]) -> None:
    bram = verified_client(personas["bram"])
    response = bram.post(f"/medewerkers/team/{personas['bram'].pk}/", {"action": "deactivate"})
    assert response.status_code == 302
    assert User.objects.get(username="bram").is_active


def test_platform_admin_chooses_the_organisation(personas: dict[str, User]) -> None:
    eva = verified_client(personas["eva"])
    assert eva.get("/medewerkers/team/").context["organisations"]
    page = eva.get(f"/medewerkers/team/?organisation={VT}")
    assert [m.username for m in page.context["members"]] == ["chris"]


def test_password_change(personas: dict[str, User]) -> None:
    anna = verified_client(personas["anna"])
    response = anna.post(
        "/medewerkers/wachtwoord/",
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="anna").check_password("a new long passphrase 42")
    assert AuditEvent.objects.filter(action="staff.password_changed").exists()
    # A member without an organisation role can use it too.
    user = make_user("solo")
    assert verified_client(user).get("/medewerkers/wachtwoord/").status_code == 200
