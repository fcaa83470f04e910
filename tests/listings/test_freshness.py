"""Age is visible: the verification cadence, reminders through the task worker, overdue
listings flagged and ranked below equal current ones, short-term alerts until they expire,
and the API and HSDS fields that carry all of it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from baken.directory import freshness
from baken.directory.models import Organisation
from baken.directory.snapshot import ChannelData, OrganisationData, TargetGroupData
from baken.listings import services, tasks
from baken.listings.models import ListingEvent
from baken.triage.engine import Query, recommend
from tests.conftest import verified_client
from tests.listings.conftest import CSG, confirmed

NOON = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)


class TestCadence:
    def test_contact_details_every_three_months_the_rest_every_year(self) -> None:
        assert freshness.verification_due(date(2026, 1, 10), None) == date(2026, 4, 10)
        assert freshness.verification_due(date(2026, 1, 10), date(2026, 6, 1)) == date(2026, 9, 1)
        # A fresh contact check cannot stretch the yearly check of the rest.
        assert freshness.verification_due(date(2026, 1, 10), date(2026, 12, 1)) == date(2027, 1, 10)

    def test_month_ends_clamp(self) -> None:
        assert freshness.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
        assert freshness.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)

    def test_stale_from_the_due_day_and_when_never_verified(self) -> None:
        due = date(2026, 4, 10)
        assert not freshness.is_stale(due, date(2026, 4, 9))
        assert freshness.is_stale(due, date(2026, 4, 10))
        assert freshness.is_stale(None, date(2026, 1, 1))

    def test_alert_holds_up_to_and_including_its_last_day(self) -> None:
        alert = freshness.active_alert("Gesloten tot 2 januari", "", date(2027, 1, 1), date(2027, 1, 1))
        assert alert is not None and alert.text("en") == "Gesloten tot 2 januari"
        assert freshness.active_alert("Gesloten tot 2 januari", "", date(2027, 1, 1), date(2027, 1, 2)) is None
        assert freshness.active_alert("", "", None, date(2027, 1, 2)) is None


class TestReminders:
    def test_stage_before_and_after_the_due_day(self) -> None:
        due = date(2026, 4, 10)
        assert tasks.reminder_stage(due, date(2026, 3, 20)) is None
        assert tasks.reminder_stage(due, date(2026, 3, 27)) == "upcoming"
        assert tasks.reminder_stage(due, date(2026, 4, 10)) == "overdue"

    @pytest.mark.django_db
    def test_due_listings_remind_their_admins_once_per_stage(self, people: dict[str, Any]) -> None:
        people["bram"].email = "bram@example.org"
        people["bram"].save()
        people["anna"].email = "anna@example.org"  # staff, not admin: no reminder
        people["anna"].save()
        Organisation.objects.update(last_verified=date(2026, 11, 25), contact_verified=date(2026, 11, 25))
        Organisation.objects.filter(slug=CSG).update(last_verified=date(2025, 6, 1), contact_verified=None)
        assert tasks.enqueue_due_reminders(today=date(2026, 12, 6)) == 1
        assert [m.bcc for m in mail.outbox] == [["bram@example.org"]]
        assert "/medewerkers/vermelding/" in mail.outbox[0].body
        tasks.enqueue_due_reminders(today=date(2026, 12, 7))
        assert len(mail.outbox) == 1, "each due day and stage is reminded once"
        event = ListingEvent.objects.get(action="reminded")
        assert event.organisation.slug == CSG and event.changes["stage"] == "overdue"


def _org(name: str, verified: date | None) -> OrganisationData:
    return OrganisationData(
        slug=name.lower(),
        name=name,
        violence=frozenset({"sexual_violence"}),
        target_groups=(TargetGroupData("everyone"),),
        channels=(ChannelData(type="phone", value="0800", staffed=True, opening_hours="24/7", anonymous=True),),
        last_verified=verified,
        contact_verified=verified,
    )


class TestRanking:
    def test_overdue_listing_ranks_below_an_otherwise_equal_current_one(self) -> None:
        # Alphabetically Aurora comes first; overdue, it goes below Zephyr.
        aurora = _org("Aurora", date(2026, 1, 1))
        zephyr = _org("Zephyr", date(2026, 11, 1))
        query = Query(role="victim", violence=("sexual_violence",), at=NOON)
        names = [r.organisation.name for r in recommend(query, (aurora, zephyr)).results]
        assert names == ["Zephyr", "Aurora"]
        both_current = (_org("Aurora", date(2026, 11, 1)), zephyr)
        assert [r.organisation.name for r in recommend(query, both_current).results] == ["Aurora", "Zephyr"]


@pytest.mark.django_db
class TestShown:
    def test_overdue_listing_is_flagged_on_its_page(self, directory: None, client: Client) -> None:
        assert b"listing-overdue" not in client.get(f"/organisaties/{CSG}/").content
        Organisation.objects.filter(slug=CSG).update(last_verified=date(2025, 1, 1), updated_at=timezone.now())
        assert b"listing-overdue" in client.get(f"/organisaties/{CSG}/").content

    def test_alert_on_the_listing_and_in_results_until_it_expires(self, directory: None, client: Client) -> None:
        today = timezone.localdate()
        Organisation.objects.filter(slug=CSG).update(
            alert_nl="Nummer tijdelijk buiten gebruik", alert_until=today, updated_at=timezone.now()
        )
        assert "Nummer tijdelijk buiten gebruik" in client.get(f"/organisaties/{CSG}/").content.decode()
        results = client.post("/vragen/", {"step": "safety", "action": "results", "violence": "sexual_violence"})
        assert "Nummer tijdelijk buiten gebruik" in results.content.decode()
        listing = client.post("/organisaties/", {"q": "seksueel"}).content.decode()
        assert "Nummer tijdelijk buiten gebruik" in listing
        Organisation.objects.filter(slug=CSG).update(alert_until=today - timedelta(days=1), updated_at=timezone.now())
        assert "Nummer tijdelijk buiten gebruik" not in client.get(f"/organisaties/{CSG}/").content.decode()

    def test_insights_count_overdue_listings(self, people: dict[str, Any]) -> None:
        Organisation.objects.filter(slug=CSG).update(last_verified=date(2025, 1, 1), updated_at=timezone.now())
        page = verified_client(people["dewi"]).get("/inzicht/")
        text = page.content.decode()
        total = Organisation.objects.filter(active=True).count()
        stale = sum(
            1
            for o in Organisation.objects.filter(active=True)
            if freshness.is_stale(freshness.verification_due(o.last_verified, o.contact_verified), timezone.localdate())
        )
        assert stale >= 1
        assert f"{stale} van de {total} vermeldingen" in text
        assert "Centrum Seksueel Geweld" in text


@pytest.mark.django_db
class TestApi:
    def test_organisations_carry_age_and_alert(self, people: dict[str, Any], client: Client) -> None:
        csg = Organisation.objects.get(slug=CSG)
        until = (timezone.localdate() + timedelta(days=3)).isoformat()
        services.proposal_submit(
            by=people["bram"],
            organisation=csg,
            changes={"fields": {"alert_nl": "Gesloten tot 2 januari", "alert_until": until}},
            urgent=True,
            **confirmed(),
        )
        body = client.get(f"/api/v1/organisations/{CSG}").json()
        assert body["last_verified"] == csg.last_verified.isoformat()
        assert body["last_edited"] is not None
        due = freshness.verification_due(csg.last_verified, csg.contact_verified)
        assert body["verification_due"] == due.isoformat()
        assert body["stale"] is False
        assert body["alert"] == {"nl": "Gesloten tot 2 januari", "en": None, "until": until}
        listed = {o["slug"]: o for o in client.get("/api/v1/organisations").json()["results"]}
        assert listed[CSG]["alert"]["nl"] == "Gesloten tot 2 januari"
        assert all(
            {"last_verified", "last_edited", "verification_due", "stale", "alert"} <= set(o) for o in listed.values()
        )


jsonschema = pytest.importorskip("jsonschema")
SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "hsds" / "schema"


@pytest.mark.django_db
@pytest.mark.skipif(not (SCHEMAS / "compiled" / "service.json").exists(), reason="HSDS schemas not beside the clone")
def test_hsds_service_carries_assured_date_and_alert_and_validates(people: dict[str, Any], client: Client) -> None:
    csg = Organisation.objects.get(slug=CSG)
    phone = csg.channels.get(type="phone")
    services.proposal_submit(
        by=people["bram"],
        organisation=csg,
        changes={
            "fields": {"alert_nl": "Nummer tijdelijk buiten gebruik", "alert_en": "Number temporarily out of use"},
            "channels": [{"op": "update", "id": phone.pk, "set": {"value": "0800-0189"}}],
        },
        urgent=True,
        **confirmed(),
    )
    schema = json.loads((SCHEMAS / "compiled" / "service.json").read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    services_page = client.get("/api/hsds/v1/services?per_page=500").json()
    ours = [s for s in services_page["contents"] if s["name"] == csg.name]
    assert ours and ours[0]["alert"].startswith("Nummer tijdelijk buiten gebruik / Number temporarily out of use")
    detail = client.get(f"/api/hsds/v1/services/{ours[0]['id']}").json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(detail)]
    assert not errors, errors[:5]
    assert detail["assured_date"] == csg.last_verified.isoformat()
    assert "alert" in detail and detail["last_modified"].endswith("Z")
    assert any(p["number"] == "0800-0189" for p in detail["phones"])
