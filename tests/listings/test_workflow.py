"""The proposal workflow: the transition table, what each step does to the listing, and a
history that is only ever appended to."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baken.audit.models import AuditEvent
from baken.core.workflow import TransitionNotAllowed, next_statuses
from baken.directory.models import Organisation
from baken.directory.selectors import organisation_get
from baken.listings import services
from baken.listings.models import ListingEvent, ListingProposal
from baken.listings.workflow import OPEN, TRANSITIONS, Actor, Status
from tests.listings.conftest import CSG, VT, confirmed, phone

pytestmark = pytest.mark.django_db


def test_the_table_names_every_status_and_only_editors_decide() -> None:
    assert {s for pair in TRANSITIONS for s in pair} == set(Status.values)
    assert next_statuses(TRANSITIONS, Status.SUBMITTED, Actor.ORGANISATION) == [Status.WITHDRAWN]
    assert set(next_statuses(TRANSITIONS, Status.SUBMITTED, Actor.EDITOR)) == {Status.PUBLISHED, Status.SENT_BACK}
    assert set(next_statuses(TRANSITIONS, Status.LIVE_UNREVIEWED, Actor.EDITOR)) == {Status.PUBLISHED, Status.REVERTED}
    assert next_statuses(TRANSITIONS, Status.LIVE_UNREVIEWED, Actor.ORGANISATION) == []
    for final in (Status.PUBLISHED, Status.SENT_BACK, Status.REVERTED, Status.WITHDRAWN):
        assert next_statuses(TRANSITIONS, final, Actor.EDITOR) == []
        assert final not in OPEN


def _change_number(people: dict[str, Any], csg: Organisation, number: str, **extra: Any) -> ListingProposal:
    changes = {"channels": [{"op": "update", "id": phone(csg).pk, "set": {"value": number}}]}
    return services.proposal_submit(by=people["bram"], organisation=csg, changes=changes, **confirmed(**extra))


def test_a_proposal_changes_nothing_until_an_editor_publishes_it(people: dict[str, Any], csg: Organisation) -> None:
    proposal = _change_number(people, csg, "0800-9999")
    assert proposal.status == Status.SUBMITTED
    assert phone(csg).value == "0800-0188"
    assert organisation_get(slug=CSG).channels[0].value == "0800-0188"

    services.proposal_publish(by=people["fenna"], proposal=proposal)
    csg.refresh_from_db()
    assert phone(csg).value == "0800-9999"
    assert organisation_get(slug=CSG).channels[0].value == "0800-9999"  # the snapshot sees it at once
    assert csg.last_edited is not None
    assert csg.contact_verified == date.today()  # a changed number is a confirmed contact detail
    assert [e.action for e in proposal.events.all()] == ["proposed", "published"]
    assert AuditEvent.objects.filter(action="listings.proposal_published").count() == 1


def test_sent_back_needs_a_reason_and_changes_nothing(people: dict[str, Any], csg: Organisation) -> None:
    proposal = _change_number(people, csg, "0800-9999")
    with pytest.raises(ValidationError) as error:
        services.proposal_send_back(by=people["fenna"], proposal=proposal, reason="  ")
    assert "reason" in error.value.message_dict
    services.proposal_send_back(by=people["fenna"], proposal=proposal, reason="Nummer klopt niet met de website.")
    proposal.refresh_from_db()
    assert proposal.status == Status.SENT_BACK
    assert proposal.reason == "Nummer klopt niet met de website."
    assert phone(csg).value == "0800-0188"
    with pytest.raises(TransitionNotAllowed):
        services.proposal_publish(by=people["fenna"], proposal=proposal)


def test_urgent_change_is_live_at_once_and_undone_when_sent_back(people: dict[str, Any], csg: Organisation) -> None:
    proposal = _change_number(people, csg, "0800-7777", urgent=True)
    assert proposal.status == Status.LIVE_UNREVIEWED
    assert phone(csg).value == "0800-7777"
    assert organisation_get(slug=CSG).channels[0].value == "0800-7777"

    services.proposal_send_back(by=people["fenna"], proposal=proposal, reason="Dit nummer is van een andere dienst.")
    proposal.refresh_from_db()
    assert proposal.status == Status.REVERTED
    assert phone(csg).value == "0800-0188"
    assert [e.action for e in ListingEvent.objects.filter(organisation=csg)] == ["published_at_once", "reverted"]


def test_urgent_alert_is_confirmed_by_the_editor_afterwards(people: dict[str, Any], csg: Organisation) -> None:
    until = (date.today() + timedelta(days=5)).isoformat()
    proposal = services.proposal_submit(
        by=people["bram"],
        organisation=csg,
        changes={"fields": {"alert_nl": "Gesloten tot 2 januari", "alert_until": until}},
        urgent=True,
        **confirmed(),
    )
    assert organisation_get(slug=CSG).alert_on(date.today()).nl == "Gesloten tot 2 januari"
    services.proposal_publish(by=people["fenna"], proposal=proposal)
    assert ListingProposal.objects.get(pk=proposal.pk).status == Status.PUBLISHED


def test_only_alerts_numbers_and_hours_may_skip_the_review(people: dict[str, Any], csg: Organisation) -> None:
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(
            by=people["bram"],
            organisation=csg,
            changes={"fields": {"description_nl": "Nieuw"}},
            urgent=True,
            **confirmed(),
        )
    assert "urgent" in error.value.message_dict
    assert not ListingProposal.objects.exists()


def test_nothing_without_a_source(people: dict[str, Any], csg: Organisation) -> None:
    changes = {"fields": {"cost_note_nl": "Gratis"}}
    for source, field in [
        ({"source_kind": "url", "source_ref": "", "source_date": date.today()}, "source_ref"),
        ({"source_kind": "url", "source_ref": "centrumseksueelgeweld.nl", "source_date": date.today()}, "source_ref"),
        ({"source_kind": "document", "source_ref": " ", "source_date": date.today()}, "source_ref"),
        ({"source_kind": "rumour", "source_ref": "x", "source_date": date.today()}, "source_kind"),
        ({"source_kind": "confirmed", "source_date": date.today() + timedelta(days=1)}, "source_date"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.proposal_submit(by=people["fenna"], organisation=csg, changes=changes, **source)
        assert field in error.value.message_dict
    assert not ListingProposal.objects.exists()


def test_an_editor_fills_in_a_missing_number_with_its_source(people: dict[str, Any], csg: Organisation) -> None:
    chat = csg.channels.get(type="chat")
    proposal = services.proposal_submit(
        by=people["fenna"],
        organisation=csg,
        changes={"channels": [{"op": "update", "id": chat.pk, "set": {"opening_hours": "Mo-Su 18:00-06:00"}}]},
        source_kind="url",
        source_ref="https://centrumseksueelgeweld.nl/contact",
        source_date=date.today(),
    )
    services.proposal_publish(by=people["fenna"], proposal=proposal)
    chat.refresh_from_db()
    assert chat.opening_hours == "Mo-Su 18:00-06:00"
    event = ListingEvent.objects.filter(organisation=csg, action="published").get()
    assert "https://centrumseksueelgeweld.nl/contact" in event.source


def test_bad_hours_roll_the_whole_publication_back(people: dict[str, Any], csg: Organisation) -> None:
    changes = {
        "fields": {"cost_note_nl": "Altijd gratis"},
        "channels": [{"op": "update", "id": phone(csg).pk, "set": {"opening_hours": "soms open"}}],
    }
    proposal = services.proposal_submit(by=people["bram"], organisation=csg, changes=changes, **confirmed())
    with pytest.raises(ValidationError):
        services.proposal_publish(by=people["fenna"], proposal=proposal)
    csg.refresh_from_db()
    assert csg.cost_note_nl != "Altijd gratis"
    assert ListingProposal.objects.get(pk=proposal.pk).status == Status.SUBMITTED


def test_history_is_append_only(people: dict[str, Any], csg: Organisation) -> None:
    proposal = _change_number(people, csg, "0800-9999")
    event = proposal.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert ListingEvent.objects.get(pk=event.pk).reason == ""
    with pytest.raises(ValueError, match="append-only"):
        ListingEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(ValueError, match="append-only"):
        ListingEvent.objects.get(pk=event.pk).delete()


def test_organisation_admin_proposes_only_for_their_own_listing(people: dict[str, Any], csg: Organisation) -> None:
    vt = Organisation.objects.get(slug=VT)
    changes = {"fields": {"cost_note_nl": "Gratis"}}
    for name in ("anna", "chris", "dewi"):
        with pytest.raises(PermissionDenied):
            services.proposal_submit(by=people[name], organisation=csg, changes=changes, **confirmed())
    with pytest.raises(PermissionDenied):
        services.proposal_submit(by=people["bram"], organisation=vt, changes=changes, **confirmed())
    proposal = services.proposal_submit(by=people["bram"], organisation=csg, changes=changes, **confirmed())
    for name in ("anna", "bram", "chris", "dewi"):
        with pytest.raises(PermissionDenied):
            services.proposal_publish(by=people[name], proposal=proposal)
    services.proposal_publish(by=people["eva"], proposal=proposal)  # the platform admin reviews too


def test_confirming_everything_renews_both_dates(people: dict[str, Any], csg: Organisation) -> None:
    Organisation.objects.filter(pk=csg.pk).update(last_verified=date(2025, 1, 1), contact_verified=None)
    proposal = services.proposal_submit(
        by=people["bram"], organisation=csg, changes={}, confirms_all=True, **confirmed()
    )
    services.proposal_publish(by=people["fenna"], proposal=proposal)
    csg.refresh_from_db()
    assert csg.last_verified == date.today() and csg.contact_verified == date.today()
    assert csg.last_edited is None  # nothing changed: verified is not edited


def test_an_empty_proposal_is_refused(people: dict[str, Any], csg: Organisation) -> None:
    with pytest.raises(ValidationError) as error:
        services.proposal_submit(by=people["bram"], organisation=csg, changes={}, **confirmed())
    assert "changes" in error.value.message_dict


def test_offers_are_proposed_and_published_like_any_field(people: dict[str, Any], csg: Organisation) -> None:
    offers = [{"roles": ["victim"], "age_min": 12, "age_max": 23, "note": "Bevestigd door de organisatie"}]
    proposal = services.proposal_submit(
        by=people["bram"], organisation=csg, changes={"fields": {"offers": offers}}, **confirmed()
    )
    from baken.listings.changes import diff

    rows = diff(proposal.changes, proposal.before)
    assert rows[0].after == "roles: victim; age_min: 12; age_max: 23; note: Bevestigd door de organisatie"
    services.proposal_publish(by=people["fenna"], proposal=proposal)
    csg.refresh_from_db()
    assert csg.offers == offers
    assert [o.age_max for o in organisation_get(slug=CSG).offers] == [23]


def test_invalid_offers_roll_back(people: dict[str, Any], csg: Organisation) -> None:
    before = list(csg.offers)
    proposal = services.proposal_submit(
        by=people["bram"], organisation=csg, changes={"fields": {"offers": [{"roles": ["alien"]}]}}, **confirmed()
    )
    with pytest.raises(ValidationError) as error:
        services.proposal_publish(by=people["fenna"], proposal=proposal)
    assert "offers" in error.value.message_dict
    csg.refresh_from_db()
    assert csg.offers == before


def test_reloading_the_seed_dataset_keeps_a_published_change(people: dict[str, Any], csg: Organisation) -> None:
    """`make run` loads the directory every time: a number the organisation published must
    survive it, and the loader says it kept the listing."""
    from io import StringIO

    from django.core.management import call_command

    services.proposal_publish(by=people["fenna"], proposal=_change_number(people, csg, "0800-9999"))
    out = StringIO()
    call_command("load_directory", stdout=out)
    assert phone(csg).value == "0800-9999"
    assert organisation_get(slug=CSG).channels[0].value == "0800-9999"
    assert "1 kept as their organisation or an editor changed them" in out.getvalue()
