"""Every status pair × every actor through the real services: what the table allows happens
(status set, one event appended), everything else is refused and changes nothing. Then every
staff transition × every persona: only the organisation's own staff may make it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from baken.core.workflow import TransitionNotAllowed, allowed
from baken.directory.models import Organisation
from baken.referrals import services
from baken.referrals.models import Referral, ReferralDeletion, ReferralEvent
from baken.referrals.workflow import TRANSITIONS, Actor, Status
from tests.referrals.conftest import VT

pytestmark = pytest.mark.django_db

STAFF_ACTIONS: dict[str, Callable[[Referral, Any], Any]] = {
    Status.ACCEPTED: lambda r, by: services.referral_accept(referral_id=r.pk, by=by),
    Status.IN_CONTACT: lambda r, by: services.referral_record_first_contact(referral_id=r.pk, by=by, note="belde"),
    Status.DECLINED: lambda r, by: services.referral_decline(referral_id=r.pk, by=by, reason="no_capacity"),
    Status.ONWARD_PROPOSED: lambda r, by: services.referral_propose_onward(
        referral_id=r.pk, by=by, organisation_slug=VT
    ),
    Status.CLOSED: lambda r, by: services.referral_close(referral_id=r.pk, by=by, outcome="helped"),
}
PERSON_ACTIONS: dict[str, Callable[[Referral], Any]] = {
    Status.NEW: lambda r: services.referral_decide_onward(referral_id=r.pk, approve=True),
    Status.ONWARD_REFUSED: lambda r: services.referral_decide_onward(referral_id=r.pk, approve=False),
    Status.WITHDRAWN: lambda r: services.referral_withdraw(referral_id=r.pk),
}
PAIRS = [(a.value, b.value) for a in Status for b in Status if a != b]


def _in_status(referral: Referral, status: str) -> Referral:
    """Put a referral in a status directly, as earlier steps would have left it."""
    proposed = Organisation.objects.get(slug=VT) if status == Status.ONWARD_PROPOSED else None
    Referral.objects.filter(pk=referral.pk).update(status=status, proposed_organisation=proposed)
    return Referral.objects.get(pk=referral.pk)


def test_every_transition_in_the_table_has_one_entry_point() -> None:
    for (frm, to), actors in TRANSITIONS.items():
        for actor in actors:
            actions = STAFF_ACTIONS if actor == Actor.ORGANISATION else PERSON_ACTIONS
            assert to in actions, f"no service performs {frm} -> {to} for {actor}"


@pytest.mark.parametrize("actor", [a.value for a in Actor])
@pytest.mark.parametrize(("frm", "to"), PAIRS)
def test_pair_for_actor(frm: str, to: str, actor: str, personas: dict[str, Any], make_referral: Any) -> None:
    referral, _code = make_referral()
    referral = _in_status(referral, frm)
    events_before = ReferralEvent.objects.filter(referral=referral).count()
    expected = allowed(TRANSITIONS, frm, to, actor)

    if actor == Actor.ORGANISATION and to in STAFF_ACTIONS:
        run = lambda: STAFF_ACTIONS[to](referral, personas["anna"])  # noqa: E731
    elif actor == Actor.PERSON and to in PERSON_ACTIONS:
        run = lambda: PERSON_ACTIONS[to](referral)  # noqa: E731
    else:
        # This actor has no way at all to reach this status.
        assert not expected
        return

    if not expected:
        with pytest.raises(TransitionNotAllowed):
            run()
        after = Referral.objects.get(pk=referral.pk)
        assert after.status == frm
        assert ReferralEvent.objects.filter(referral=referral).count() == events_before
        return

    run()
    if to == Status.WITHDRAWN:
        assert not Referral.objects.filter(pk=referral.pk).exists()
        assert ReferralDeletion.objects.get(public_id=referral.public_id).status_at_deletion == frm
        return
    after = Referral.objects.get(pk=referral.pk)
    assert after.status == to
    event = ReferralEvent.objects.filter(referral=referral).last()
    assert event is not None
    assert (event.from_status, event.to_status, event.actor_kind) == (frm, to, actor)
    assert ReferralEvent.objects.filter(referral=referral).count() == events_before + 1
    if to == Status.NEW:
        assert after.organisation.slug == VT  # the story travelled on after approval


STAFF_PAIRS = [(frm, to) for (frm, to), actors in TRANSITIONS.items() if Actor.ORGANISATION in actors]


@pytest.mark.parametrize("persona", ["anna", "bram", "chris", "dewi", "eva"])
@pytest.mark.parametrize(("frm", "to"), STAFF_PAIRS)
def test_staff_transition_by_role(
    frm: str, to: str, persona: str, personas: dict[str, Any], make_referral: Any
) -> None:
    referral, _code = make_referral()  # at Centrum Seksueel Geweld: anna and bram's organisation
    referral = _in_status(referral, frm)
    if persona in {"anna", "bram"}:
        STAFF_ACTIONS[to](referral, personas[persona])
        assert Referral.objects.get(pk=referral.pk).status == to
    else:
        with pytest.raises(PermissionDenied):
            STAFF_ACTIONS[to](referral, personas[persona])
        assert Referral.objects.get(pk=referral.pk).status == frm


def test_history_is_append_only(make_referral: Any) -> None:
    referral, _code = make_referral()
    event = referral.events.get()
    event.note = "changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_finishing_sets_the_retention_date(personas: dict[str, Any], make_referral: Any, settings: Any) -> None:
    settings.BAKEN_RETENTION_DAYS = 30
    referral, _code = make_referral()
    services.referral_accept(referral_id=referral.pk, by=personas["anna"])
    assert Referral.objects.get(pk=referral.pk).purge_after is None
    services.referral_close(referral_id=referral.pk, by=personas["anna"], outcome="helped")
    after = Referral.objects.get(pk=referral.pk)
    assert after.purge_after is not None
    assert 29.9 < (after.purge_after - after.updated_at).total_seconds() / 86400 < 30.1


def test_approved_onward_referral_hides_earlier_notes_and_messages(
    personas: dict[str, Any], make_referral: Any
) -> None:
    from baken.referrals import selectors

    referral, _code = make_referral()
    services.referral_accept(referral_id=referral.pk, by=personas["anna"])
    services.referral_send_message(referral_id=referral.pk, by=personas["anna"], body="Vraag van CSG")
    services.referral_propose_onward(
        referral_id=referral.pk, by=personas["anna"], organisation_slug=VT, note="VT past beter"
    )
    services.referral_decide_onward(referral_id=referral.pk, approve=True)
    referral = selectors.referral_get_for_staff(user=personas["chris"], public_id=referral.public_id)
    assert referral.story  # the story travelled on
    assert selectors.staff_messages(referral) == []
    assert [e.to_status for e in selectors.staff_timeline(referral)] == [Status.NEW]
    # …and the first organisation no longer reaches it.
    with pytest.raises(Exception, match="No such referral"):
        selectors.referral_get_for_staff(user=personas["anna"], public_id=referral.public_id)
