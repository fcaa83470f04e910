from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from baken.referrals.models import Referral
from tests.conftest import verified_client
from tests.referrals.conftest import PASSPHRASE, post_json

pytestmark = pytest.mark.django_db


def test_flow(personas: dict[str, Any], make_referral: Any) -> None:
    client = Client()
    response = client.post(
        "/verhaal/start/",
        {
            "organisation": "centrum-seksueel-geweld",
            "role": "victim",
            "violence": ["sexual_violence", "online_abuse"],
            "age": "17",
        },
    )
    assert response.status_code == 200, response.content
    content = response.content.decode()
    assert "Seksueel geweld" in content or "Sexual violence" in content
    token = response.context["token"]
    response = client.post(
        "/verhaal/versturen/",
        {
            "organisation": "centrum-seksueel-geweld",
            "role": "victim",
            "violence": ["sexual_violence", "online_abuse"],
            "age": "17",
            "form_token": token,
            "share": ["role", "violence=sexual_violence"],
            "story": "<b>hi</b>",
            "channel": "phone",
            "contact_value": "0612345678",
            "passphrase": PASSPHRASE,
            "passphrase_again": PASSPHRASE,
            "consent": "on",
            "no_voicemail": "on",
        },
    )
    assert response.status_code == 201, response.content.decode()[:3000]
    code = response.context["code"]
    referral = Referral.objects.get()
    assert referral.answers == {"role": "victim", "violence": ["sexual_violence"]}
    anna = verified_client(personas["anna"])
    r = anna.get("/verhaal/inbox/")
    assert r.status_code == 200
    r = anna.get(f"/verhaal/inbox/{referral.public_id}/")
    assert r.status_code == 200
    assert "&lt;b&gt;hi&lt;/b&gt;" in r.content.decode()
    r = anna.post(f"/verhaal/inbox/{referral.public_id}/accepteren/")
    assert r.status_code == 302
    r = anna.post(f"/verhaal/inbox/{referral.public_id}/bericht/", {"body": "Hallo, we bellen morgen."})
    assert r.status_code == 302
    r = client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    assert r.status_code == 303
    r = client.get("/verhaal/mijn-verhaal/")
    assert "we bellen morgen" in r.content.decode()
    r = post_json(Client(), "/api/v1/referrals/status", {"code": code, "passphrase": PASSPHRASE})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "accepted"
    r = client.get("/verhaal/mijn-verhaal/intrekken/")
    assert r.status_code == 200
    r = client.post("/verhaal/mijn-verhaal/intrekken/")
    assert r.status_code == 200
    assert not Referral.objects.exists()
    r = anna.get(f"/verhaal/inbox/{referral.public_id}/")
    assert r.status_code == 410
    r = verified_client(personas["bram"]).get("/verhaal/audit/")
    assert r.status_code == 200
    r = post_json(
        Client(),
        "/api/v1/referrals",
        {
            "organisation": "veilig-thuis",
            "consent": True,
            "passphrase": PASSPHRASE,
            "contact": {"channel": "self"},
            "answers": {"role": "relative"},
        },
        {"Idempotency-Key": "abc"},
    )
    assert r.status_code == 201, r.content
