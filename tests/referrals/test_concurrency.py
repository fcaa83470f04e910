"""Row locks under real concurrency: two staff members accepting at the same moment give one
acceptance; a double submit with one Idempotency-Key gives one referral. Real threads, each
with its own database connection, against PostgreSQL (SQLite serialises all writers, so the
race these tests look for cannot happen there)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from baken.core.workflow import TransitionNotAllowed
from baken.referrals import services
from baken.referrals.models import Referral, ReferralEvent
from baken.referrals.workflow import Status
from tests.referrals.conftest import CSG, PASSPHRASE, post_json

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite allows one writer at a time, so there is no race to test",
    ),
]


def run_together(work: list[Callable[[], Any]]) -> list[Any]:
    """Start every callable at the same moment in its own thread; return results or exceptions."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def runner(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.parametrize("attempt", range(3))
def test_two_staff_accepting_at_once_give_one_acceptance(
    attempt: int, personas: dict[str, Any], make_referral: Any
) -> None:
    referral, _code = make_referral()
    anna, bram = personas["anna"], personas["bram"]
    results = run_together(
        [
            lambda: services.referral_accept(referral_id=referral.pk, by=anna),
            lambda: services.referral_accept(referral_id=referral.pk, by=bram),
        ]
    )
    assert sum(isinstance(r, Referral) for r in results) == 1
    assert sum(isinstance(r, TransitionNotAllowed) for r in results) == 1
    assert ReferralEvent.objects.filter(referral=referral, to_status=Status.ACCEPTED).count() == 1
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


def test_double_submit_with_one_key_gives_one_referral(personas: dict[str, Any]) -> None:
    body = {
        "organisation": CSG,
        "story": "Twee keer op verzenden gedrukt.",
        "contact": {"channel": "self"},
        "passphrase": PASSPHRASE,
        "consent": True,
    }

    def submit() -> Any:
        return post_json(Client(), "/api/v1/referrals", body, {"Idempotency-Key": "one-key-many-clicks"})

    responses = run_together([submit for _ in range(6)])
    assert [r.status_code for r in responses] == [201] * 6
    assert len({r.json()["code"] for r in responses}) == 1
    assert Referral.objects.count() == 1


def test_person_withdrawing_while_staff_accepts(personas: dict[str, Any], make_referral: Any) -> None:
    referral, _code = make_referral()
    results = run_together(
        [
            lambda: services.referral_accept(referral_id=referral.pk, by=personas["anna"]),
            lambda: services.referral_withdraw(referral_id=referral.pk),
        ]
    )
    # Whatever came first, the withdrawal wins in the end and nothing of the story is left.
    assert not isinstance(results[1], Exception)
    assert not Referral.objects.filter(pk=referral.pk).exists()
