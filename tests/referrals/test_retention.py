"""Retention: withdrawal deletes at once; finished referrals go after BAKEN_RETENTION_DAYS by the
kernel's daily retention run (`purge_expired`); what stays is a deletion record without content. Plus the
key-rotation command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from baken.audit.models import AuditEvent
from baken.core import tasks as core_tasks
from baken.referrals import services
from baken.referrals.models import Referral, ReferralDeletion, ReferralEvent, ReferralMessage
from baken.referrals.retention import purge_expired
from tests.conftest import verified_client
from tests.referrals.conftest import PASSPHRASE

pytestmark = pytest.mark.django_db


def _close(referral: Referral, by: Any) -> Referral:
    services.referral_accept(referral_id=referral.pk, by=by)
    services.referral_close(referral_id=referral.pk, by=by, outcome="helped", note="Afgerond")
    return Referral.objects.get(pk=referral.pk)


def test_withdrawal_on_the_status_page_deletes_everything_at_once(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral()
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="Hoe gaat het?")
    services.referral_reply(referral_id=referral.pk, body="Goed")
    client = Client()
    client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE})
    response = client.post("/verhaal/mijn-verhaal/intrekken/")
    assert response.status_code == 200
    assert (Referral.objects.count(), ReferralEvent.objects.count(), ReferralMessage.objects.count()) == (0, 0, 0)
    deletion = ReferralDeletion.objects.get()
    assert (deletion.public_id, deletion.reason, deletion.organisation.slug) == (
        referral.public_id,
        "withdrawn",
        "centrum-seksueel-geweld",
    )
    # The code opens nothing any more, and the browser's grant is gone.
    assert client.get("/verhaal/mijn-verhaal/").status_code == 302
    assert client.post("/verhaal/status/", {"code": code, "passphrase": PASSPHRASE}).status_code == 403
    # The organisation learns only that it was withdrawn.
    anna = verified_client(personas["anna"])
    assert anna.get(f"/verhaal/inbox/{referral.public_id}/").status_code == 410
    assert "ingetrokken" in anna.get("/verhaal/inbox/").content.decode().lower()


def test_the_worker_queues_the_daily_retention_run_once(settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("purge_expired", "--schedule", stdout=StringIO())
    call_command("purge_expired", "--schedule", stdout=StringIO())  # `make worker` started twice
    queued = DBTaskResult.objects.get(task_path="baken.core.tasks.purge_expired")
    assert queued.args_kwargs["kwargs"] == {"reschedule": True}
    assert timedelta(hours=23) < queued.run_after - timezone.now() <= timedelta(days=1)


def test_purge_task_deletes_only_after_the_retention_period(personas: dict[str, Any], make_referral: Any) -> None:
    referral, _code = make_referral()
    closed = _close(referral, personas["anna"])
    # Early (a worker that runs it too soon, or twice): nothing happens.
    assert purge_expired(timezone.now()) == 0
    assert Referral.objects.filter(pk=referral.pk).exists()
    Referral.objects.filter(pk=referral.pk).update(purge_after=timezone.now() - timedelta(seconds=1))
    assert core_tasks.purge_expired.call()["referrals"] == 1
    assert not Referral.objects.filter(pk=referral.pk).exists()
    deletion = ReferralDeletion.objects.get(public_id=referral.public_id)
    assert (deletion.reason, deletion.status_at_deletion) == ("retention", "closed")
    assert closed.purge_after is not None
    assert AuditEvent.objects.filter(
        action="referrals.referral_deleted_retention", target_id=str(referral.public_id)
    ).exists()


def test_sweep_command_deletes_expired_finished_referrals_only(personas: dict[str, Any], make_referral: Any) -> None:
    expired, _ = make_referral()
    _close(expired, personas["anna"])
    fresh, _ = make_referral()
    _close(fresh, personas["anna"])
    active, _ = make_referral()
    past = timezone.now() - timedelta(days=1)
    Referral.objects.filter(pk=expired.pk).update(purge_after=past)
    # A referral still being handled is never purged, whatever its date says.
    Referral.objects.filter(pk=active.pk).update(purge_after=past)
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "referrals: deleted 1 " in out.getvalue()
    assert set(Referral.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk}
    assert ReferralDeletion.objects.get().public_id == expired.public_id


def test_deletion_record_holds_no_content(personas: dict[str, Any], make_referral: Any) -> None:
    referral, code = make_referral(story="Niemand mag dit lezen")
    services.referral_withdraw(referral_id=referral.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referrals_referraldeletion")
        raw = repr(cursor.fetchall())
    assert "Niemand" not in raw and code not in raw and "fernet:" not in raw


def test_rotate_field_keys_re_encrypts_with_the_new_key(
    personas: dict[str, Any], make_referral: Any, settings: Any
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    referral, code = make_referral(story="Versleuteld met de oude sleutel")
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="Bericht")

    def raw_story() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT story FROM referrals_referral WHERE id = %s", [referral.pk])
            return cursor.fetchone()[0]

    before = raw_story()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "referrals.Referral: 1 row(s)" in out.getvalue()
    assert raw_story() != before
    # Only the new key is needed now.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.story == "Versleuteld met de oude sleutel"
    assert referral.code == code
    assert ReferralMessage.objects.get().body == "Bericht"
    assert referral.contact["value"] == "06 12345678"


def test_rotate_field_keys_fails_clearly_without_the_old_key(make_referral: Any, settings: Any) -> None:
    from django.core.management.base import CommandError

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    make_referral()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Cannot decrypt"):
        call_command("rotate_field_keys", stdout=StringIO())
