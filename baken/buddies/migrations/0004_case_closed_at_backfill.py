"""Cases that ended before `closed_at` existed: take the moment of the history row that
ended them (or, without one, `updated_at`), so retention counts from the closing time."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

ENDED = ("finished", "declined", "withdrawn")


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    BuddyCase = apps.get_model("buddies", "BuddyCase")
    CaseEvent = apps.get_model("buddies", "CaseEvent")
    ended_at = (
        CaseEvent.objects.filter(case=OuterRef("pk"), to_status=OuterRef("status")).order_by("-at").values("at")[:1]
    )
    BuddyCase.objects.filter(status__in=ENDED, closed_at__isnull=True).update(
        closed_at=Coalesce(Subquery(ended_at), "updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("buddies", "0003_case_closed_at")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
