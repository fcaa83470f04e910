"""Privacy: content is encrypted in the raw database rows, never in the audit log, logs or
e-mails; every staff read is audited; HTML a person types stays text."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from baken.audit.models import AuditEvent
from baken.referrals import services
from baken.referrals.models import Referral
from tests.conftest import verified_client
from tests.referrals.conftest import CSG, PASSPHRASE, VT

pytestmark = pytest.mark.django_db

STORY = "Mijn trainer Kees raakte me aan in de kleedkamer."
PHONE = "06 98765432"
CODE_WORD = "paarsekrokodil"
SAFE_TIMES = "alleen op dinsdag"
REPLY = "Bel me liever niet thuis, mijn vader luistert mee."
STAFF_MESSAGE = "Mogen we je woensdag bellen op het nummer dat je gaf?"
NOTE = "Gesproken met Sanne, afspraak gemaakt."


@pytest.fixture
def full_referral(personas: dict[str, Any], make_referral: Any) -> tuple[Referral, str]:
    referral, code = make_referral(
        story=STORY,
        answers={"role": "victim", "violence": ["sexual_violence"], "context": ["sport"], "age": 15},
        contact={
            "channel": "whatsapp",
            "value": PHONE,
            "safe_times": SAFE_TIMES,
            "code_word": CODE_WORD,
            "no_voicemail": True,
            "no_mail": True,
        },
    )
    anna = personas["anna"]
    services.referral_accept(referral_id=referral.pk, by=anna)
    services.referral_send_message(referral_id=referral.pk, by=anna, body=STAFF_MESSAGE)
    services.referral_reply(referral_id=referral.pk, body=REPLY)
    services.referral_record_first_contact(referral_id=referral.pk, by=anna, note=NOTE)
    return referral, code


def secrets_of(code: str) -> list[str]:
    return [
        STORY,
        "Kees",
        PHONE,
        "98765432",
        CODE_WORD,
        SAFE_TIMES,
        REPLY,
        STAFF_MESSAGE,
        NOTE,
        "Sanne",
        "sexual_violence",
        "kleedkamer",
        code,
        PASSPHRASE,
    ]


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall())


def test_raw_database_rows_hold_no_plaintext(full_referral: tuple[Referral, str]) -> None:
    _referral, code = full_referral
    raw = "".join(
        _raw_rows(table)
        for table in [
            "referrals_referral",
            "referrals_referralevent",
            "referrals_referralmessage",
            "audit_auditevent",
            "django_session",
        ]
    )
    for secret in secrets_of(code):
        assert secret not in raw, secret
    assert "fernet:" in _raw_rows("referrals_referral")
    # …while the application reads it back.
    referral = Referral.objects.get()
    assert referral.story == STORY and referral.contact["value"] == PHONE and referral.code == code


def test_audit_log_records_reads_but_never_content(
    personas: dict[str, Any], full_referral: tuple[Referral, str]
) -> None:
    referral, code = full_referral
    before = AuditEvent.objects.filter(action="referrals.referral_read").count()
    response = verified_client(personas["anna"]).get(f"/verhaal/inbox/{referral.public_id}/")
    assert response.status_code == 200
    read = AuditEvent.objects.filter(action="referrals.referral_read").first()
    assert AuditEvent.objects.filter(action="referrals.referral_read").count() == before + 1
    assert read is not None
    assert (read.actor, read.target_id, read.organisation_slug) == (personas["anna"], str(referral.public_id), CSG)
    everything = json.dumps(list(AuditEvent.objects.values()), default=str)
    for secret in secrets_of(code):
        assert secret not in everything, secret


def test_audit_refuses_content_keys() -> None:
    from baken.audit.services import record

    with pytest.raises(ValueError, match="personal content"):
        record(actor="person", action="x", data={"story": STORY})


def test_staff_mail_says_only_that_something_is_waiting(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from tests.referrals.conftest import submit

    personas["anna"].email = "anna@csg.example"
    personas["anna"].save()
    personas["chris"].email = "chris@vt.example"
    personas["chris"].save()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(CSG, story=STORY, contact={"channel": "phone", "value": PHONE, "code_word": CODE_WORD})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.bcc == ["anna@csg.example"]  # own organisation only
    text = message.subject + message.body + json.dumps(message.to)
    for secret in [*secrets_of(submitted.code), str(submitted.referral.public_id)]:
        assert secret not in text
    assert "/verhaal/inbox/" in message.body
    # A reply from the person: again only that something is waiting (after the quiet period).
    from django.core.cache import cache

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_reply(referral_id=submitted.referral.pk, body=REPLY)
    assert len(mail.outbox) == 2
    assert REPLY not in mail.outbox[1].body


def test_logs_hold_no_content(
    personas: dict[str, Any], caplog: pytest.LogCaptureFixture, django_capture_on_commit_callbacks: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        from tests.referrals.conftest import submit

        submitted = submit(CSG, story=STORY, contact={"channel": "phone", "value": PHONE, "code_word": CODE_WORD})
        services.referral_reply(referral_id=submitted.referral.pk, body=REPLY)
        services.referral_withdraw(referral_id=submitted.referral.pk)
    logged = "".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "referral.created" in logged
    for secret in secrets_of(submitted.code):
        assert secret not in logged


def test_html_is_stored_as_text_and_shown_escaped(personas: dict[str, Any], make_referral: Any) -> None:
    script = '<script>alert("x")</script><b onmouseover="steal()">hoi</b>'
    referral, code = make_referral(story=script, contact={"channel": "self", "code_word": "<i>x</i>"})
    assert Referral.objects.get().story == script  # stored exactly as typed
    page = verified_client(personas["anna"]).get(f"/verhaal/inbox/{referral.public_id}/").content.decode()
    assert script not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;i&gt;x&lt;/i&gt;" in page
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="<img src=x onerror=alert(1)>")
    client = Client()
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    status_page = client.get("/verhaal/mijn-verhaal/").content.decode()
    assert "<img src=x" not in status_page and "&lt;img src=x onerror=alert(1)&gt;" in status_page


def test_person_pages_keep_answers_and_codes_out_of_urls(personas: dict[str, Any], make_referral: Any) -> None:
    """Every form on the person's pages posts; no answer, code or passphrase appears in a link."""
    _referral, code = make_referral()
    client = Client()
    pages = [
        client.post("/verhaal/start/", {"organisation": CSG, "role": "victim", "violence": "sexual_violence"}),
        client.get("/verhaal/status/"),
    ]
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    pages.append(client.get("/verhaal/mijn-verhaal/"))
    pages.append(client.get("/verhaal/mijn-verhaal/intrekken/"))
    for response in pages:
        html = response.content.decode()
        assert 'method="get"' not in html.lower()
        assert "sexual_violence" not in "".join(part.split('"')[0] for part in html.split("href=")[1:])
        assert code not in "".join(part.split('"')[1] for part in html.split("href=")[1:])
        assert response["Cache-Control"] == "no-store"
    # The organisation's name is in the page but not in the title.
    assert "Centrum" not in pages[0].content.decode().split("<title>")[1].split("</title>")[0]


def test_approval_is_needed_before_the_story_reaches_another_organisation(
    personas: dict[str, Any], make_referral: Any
) -> None:
    referral, _code = make_referral(story=STORY)
    services.referral_propose_onward(referral_id=referral.pk, by=personas["anna"], organisation_slug=VT)
    chris = verified_client(personas["chris"])
    assert chris.get(f"/verhaal/inbox/{referral.public_id}/").status_code == 404
    assert STORY not in chris.get("/verhaal/inbox/").content.decode()
    services.referral_decide_onward(referral_id=referral.pk, approve=True)
    assert STORY in chris.get(f"/verhaal/inbox/{referral.public_id}/").content.decode()
