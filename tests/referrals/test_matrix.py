"""The authorization matrix: every route of the warm handover and the staff login × every
role (anonymous, a login without its second factor, anna, bram, chris, dewi, eva) × a
referral of the own and of another organisation → the expected status code.

Anna (staff) and Bram (admin) work at Centrum Seksueel Geweld, Chris (staff) at Veilig Thuis;
Dewi is platform coordinator and Eva platform admin, both without an organisation. The staff
account management routes have their own matrix in tests/accounts/test_members.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baken.referrals.models import Referral
from baken.referrals.workflow import Status
from tests.conftest import verified_client
from tests.referrals.conftest import CSG, PASSPHRASE, VT, post_json

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "anna", "bram", "chris", "dewi", "eva"]
LOGIN = 302  # to the login page or the second-factor step

# Staff routes on a referral: (url name, method, status the referral must be in, POST data).
CASE_ROUTES = {
    "case": ("GET", Status.NEW, None),
    "accept": ("POST", Status.NEW, {}),
    "first_contact": ("POST", Status.ACCEPTED, {"note": ""}),
    "message": ("POST", Status.NEW, {"body": "Wanneer kunnen we bellen?"}),
    "decline": ("POST", Status.NEW, {"reason": "no_capacity", "note": ""}),
    "propose": ("POST", Status.NEW, {"organisation": "<the other organisation>", "note": ""}),
    "close": ("POST", Status.ACCEPTED, {"outcome": "helped", "note": ""}),
}
# Expected status per role for a referral of the role's OWN organisation (anna, bram: CSG;
# chris: VT) and for one of the OTHER organisation. Dewi and Eva have no organisation.
ON_REFERRAL = {
    # role: (own GET, own POST, other GET/POST)
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "unverified": (LOGIN, LOGIN, LOGIN),
    "anna": (200, 302, 404),
    "bram": (200, 302, 404),
    "chris": (200, 302, 404),
    "dewi": (403, 403, 403),
    "eva": (403, 403, 403),
}
PAGES = {
    # url name, method: expected per role
    ("inbox", "GET"): {
        "anonymous": LOGIN,
        "unverified": LOGIN,
        "anna": 200,
        "bram": 200,
        "chris": 200,
        "dewi": 403,
        "eva": 403,
    },
    ("audit", "GET"): {
        "anonymous": LOGIN,
        "unverified": LOGIN,
        "anna": 403,
        "bram": 200,
        "chris": 403,
        "dewi": 403,
        "eva": 200,
    },
    ("accounts:home", "GET"): {
        "anonymous": LOGIN,
        "unverified": LOGIN,
        "anna": 200,
        "bram": 200,
        "chris": 200,
        "dewi": 200,
        "eva": 200,
    },
    ("accounts:login", "GET"): dict.fromkeys(ROLES, 200),
    ("accounts:otp", "GET"): {
        "anonymous": LOGIN,
        "unverified": 200,
        "anna": 302,
        "bram": 302,
        "chris": 302,
        "dewi": 302,
        "eva": 302,
    },
    ("accounts:password_change", "GET"): {
        "anonymous": LOGIN,
        "unverified": LOGIN,
        "anna": 200,
        "bram": 200,
        "chris": 200,
        "dewi": 200,
        "eva": 200,
    },
    ("accounts:logout", "POST"): dict.fromkeys(ROLES, 302),
    ("accounts:logout", "GET"): dict.fromkeys(ROLES, 405),
    # The person's pages are public; being logged in as staff changes nothing.
    ("start", "GET"): dict.fromkeys(ROLES, 405),
    ("start", "POST"): dict.fromkeys(ROLES, 200),
    ("send", "POST"): dict.fromkeys(ROLES, 400),  # an empty consent form
    ("status", "GET"): dict.fromkeys(ROLES, 200),
    ("status", "POST"): dict.fromkeys(ROLES, 403),  # wrong code and passphrase
    ("detail", "GET"): dict.fromkeys(ROLES, 302),  # nothing opened in this browser: back to the form
    ("reply", "POST"): dict.fromkeys(ROLES, 302),
    ("onward", "POST"): dict.fromkeys(ROLES, 302),
    ("withdraw", "GET"): dict.fromkeys(ROLES, 302),
    ("withdraw", "POST"): dict.fromkeys(ROLES, 302),
    ("leave", "POST"): dict.fromkeys(ROLES, 303),
}
PAGE_DATA = {
    "start": {"organisation": CSG, "role": "victim"},
    "status": {"code": "ABCD-EFGH-JKMN", "passphrase": "not the passphrase"},
    "send": {"organisation": CSG},
}


def client_for(role: str, personas: dict[str, Any]) -> Client:
    if role == "anonymous":
        return Client()
    if role == "unverified":
        client = Client()
        client.force_login(personas["anna"])  # password step done, second factor not
        return client
    return verified_client(personas[role])


def _own_org(role: str) -> str:
    return VT if role == "chris" else CSG


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method"), list(PAGES))
def test_page(name: str, method: str, role: str, personas: dict[str, Any]) -> None:
    client = client_for(role, personas)
    url = reverse(name if ":" in name else f"referrals:{name}")
    data = PAGE_DATA.get(name, {})
    response = client.get(url) if method == "GET" else client.post(url, data)
    assert response.status_code == PAGES[(name, method)][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("name", list(CASE_ROUTES))
def test_route_on_referral(name: str, which: str, role: str, personas: dict[str, Any], make_referral: Any) -> None:
    method, status, data = CASE_ROUTES[name]
    own = _own_org(role)
    organisation = own if which == "own" else (CSG if own == VT else VT)
    referral, _code = make_referral(organisation)
    Referral.objects.filter(pk=referral.pk).update(status=status)
    url = reverse(f"referrals:{name}", kwargs={"public_id": referral.public_id})
    if name == "propose":
        data = {"organisation": CSG if organisation == VT else VT, "note": ""}
    client = client_for(role, personas)
    response = client.get(url) if method == "GET" else client.post(url, data)

    own_get, own_post, other = ON_REFERRAL[role]
    if role in {"dewi", "eva", "anonymous", "unverified"} or which == "own":
        expected = own_get if method == "GET" else own_post
    else:
        expected = other
    assert response.status_code == expected
    after = Referral.objects.get(pk=referral.pk)
    if expected != 302 or role in {"anonymous", "unverified"}:
        assert after.status == status  # refused: nothing changed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["own", "other"])
def test_find_by_code(which: str, role: str, personas: dict[str, Any], make_referral: Any) -> None:
    own = _own_org(role)
    _referral, code = make_referral(own if which == "own" else (CSG if own == VT else VT))
    response = client_for(role, personas).post(reverse("referrals:find"), {"code": code})
    expected = {
        "anonymous": LOGIN,
        "unverified": LOGIN,
        "dewi": 403,
        "eva": 403,
    }.get(role, 302 if which == "own" else 404)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_api_routes_ignore_staff_sessions(role: str, personas: dict[str, Any], make_referral: Any) -> None:
    """The public API answers by code and passphrase only: a staff login opens nothing more."""
    referral, code = make_referral(CSG)
    client = client_for(role, personas)
    wrong = {"code": code, "passphrase": "someone else's guess"}
    for path in ["/api/v1/referrals/status", "/api/v1/referrals/withdraw"]:
        assert post_json(client, path, wrong).status_code == 403
    assert post_json(client, "/api/v1/referrals/messages", {**wrong, "message": "hoi"}).status_code == 403
    assert post_json(client, "/api/v1/referrals/onward", {**wrong, "decision": "approve"}).status_code == 403
    assert post_json(client, "/api/v1/referrals/status", {"code": code, "passphrase": PASSPHRASE}).status_code == 200
    body = {
        "organisation": VT,
        "consent": True,
        "passphrase": PASSPHRASE,
        "contact": {"channel": "self"},
    }
    assert post_json(client, "/api/v1/referrals", body).status_code == 201
    assert client.get("/api/v1/referrals").status_code == 405
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_no_organisation_sees_another_organisations_referrals(personas: dict[str, Any], make_referral: Any) -> None:
    csg_referral, _ = make_referral(CSG, story="Alleen voor het CSG")
    vt_referral, _ = make_referral(VT, story="Alleen voor Veilig Thuis")
    anna_inbox = verified_client(personas["anna"]).get(reverse("referrals:inbox")).content.decode()
    chris_inbox = verified_client(personas["chris"]).get(reverse("referrals:inbox")).content.decode()
    assert str(csg_referral.public_id) in anna_inbox and str(vt_referral.public_id) not in anna_inbox
    assert str(vt_referral.public_id) in chris_inbox and str(csg_referral.public_id) not in chris_inbox


def test_audit_log_is_scoped_to_the_admins_organisation(personas: dict[str, Any], make_referral: Any) -> None:
    csg_referral, _ = make_referral(CSG)
    vt_referral, _ = make_referral(VT)
    verified_client(personas["anna"]).get(reverse("referrals:case", kwargs={"public_id": csg_referral.public_id}))
    verified_client(personas["chris"]).get(reverse("referrals:case", kwargs={"public_id": vt_referral.public_id}))
    bram_log = verified_client(personas["bram"]).get(reverse("referrals:audit")).content.decode()
    eva_log = verified_client(personas["eva"]).get(reverse("referrals:audit")).content.decode()
    assert str(csg_referral.public_id) in bram_log and str(vt_referral.public_id) not in bram_log
    assert "anna" in bram_log and "chris" not in bram_log
    assert str(csg_referral.public_id) in eva_log and str(vt_referral.public_id) in eva_log
