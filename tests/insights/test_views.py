"""Staff pages of landscape insights: who may see them, what they show, their CSV files."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils.html import escape

from baken.accounts.models import User
from baken.directory import hours
from tests.conftest import make_user, verified_client

pytestmark = pytest.mark.django_db

CELL = "role=victim&violence=domestic_violence&weekday=0&hour=3&week_of=2026-04-27"
ROUTES = [
    "/inzicht/",
    "/inzicht/dekking.csv",
    f"/inzicht/cel/?{CELL}",
    f"/inzicht/cel.csv?{CELL}",
    "/inzicht/hiaten/",
    "/inzicht/hiaten.csv",
    "/inzicht/wat-als/",
    "/inzicht/wat-als.csv?role=victim&service=veilig-thuis&change=remove",
    "/inzicht/gebruik/",
    "/inzicht/gebruik.csv?table=roles",
]
# Platform coordinator and platform admin hold insights.view_insights; organisation staff do not.
EXPECTED = {"anna": 403, "bram": 403, "chris": 403, "dewi": 200, "eva": 200}


def test_permission_matrix(personas: dict[str, User]) -> None:
    """Every route × anonymous and every persona (one test: the personas are costly to make)."""
    clients = {"anonymous": Client(), **{name: verified_client(personas[name]) for name in EXPECTED}}
    expected = {(route, who): 302 if who == "anonymous" else EXPECTED[who] for route in ROUTES for who in clients}
    actual = {(route, who): client.get(route).status_code for route in ROUTES for who, client in clients.items()}
    assert actual == expected
    login = clients["anonymous"].get(ROUTES[0])["Location"]
    assert login.startswith("/medewerkers/inloggen/")


def test_without_a_second_factor_staff_are_sent_to_the_code_step(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["dewi"])
    response = client.get("/inzicht/")
    assert response.status_code == 302
    assert response["Location"].startswith("/medewerkers/code/")


def test_the_permission_belongs_to_the_platform_roles_only(db: None) -> None:
    permission = Permission.objects.get(content_type__app_label="insights", codename="view_insights")
    holders = set(Group.objects.filter(permissions=permission).values_list("name", flat=True))
    assert holders == {"platform coordinator", "platform admin"}


def test_the_staff_start_page_links_to_insights_for_those_who_may_see_them(personas: dict[str, User]) -> None:
    assert "/inzicht/" in verified_client(personas["dewi"]).get("/medewerkers/").content.decode()
    assert "/inzicht/" not in verified_client(personas["anna"]).get("/medewerkers/").content.decode()


def test_heat_map_is_an_accessible_image_with_a_table_alternative(dewi: Client) -> None:
    html = dewi.get("/inzicht/?role=perpetrator&week_of=2026-04-27").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert 'aria-labelledby="heat-title heat-desc"' in svg
    assert "Koningsdag" in svg  # the holiday is named on its day
    # Patterns, not colour alone, for "nothing open" and "only general services".
    assert 'fill="url(#heat-none)"' in svg and 'fill="url(#heat-generic)"' in svg
    # Seven day tables of 11 violence types × 24 hours, every number linking to its cell.
    assert html.count('<table class="utrecht-table baken-hours">') == 7
    assert html.count("/inzicht/cel/?") == 7 * 11 * 24


def test_a_cell_lists_the_open_services_and_those_that_fit_but_are_closed(dewi: Client) -> None:
    response = dewi.get("/inzicht/cel/?role=perpetrator&violence=domestic_violence&weekday=6&hour=3&week_of=2026-04-27")
    html = response.content.decode()
    assert response.status_code == 200
    opened, closed = html.split("Past, maar dicht")[0], html.split("Past, maar dicht")[-1]
    assert "Veilig Thuis" in opened and "Politie" in opened
    assert "Stop it Now!" in closed


@pytest.mark.parametrize(
    "query",
    [
        "role=victim&violence=nope&weekday=0&hour=3",
        "role=victim&violence=fgm&weekday=9&hour=3",
        "role=victim&violence=fgm&weekday=0&hour=24",
    ],
)
def test_a_cell_that_does_not_exist_is_a_400(dewi: Client, query: str) -> None:
    assert dewi.get(f"/inzicht/cel/?{query}").status_code == 400


def test_coverage_csv_has_168_hours_per_violence_type(dewi: Client) -> None:
    response = dewi.get("/inzicht/dekking.csv?role=victim&week_of=2026-04-27")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 11 * 168
    assert rows[0]["date"] == "2026-04-27" and rows[0]["hour"] == "0"


def test_gap_report_page_and_its_csv_files(dewi: Client) -> None:
    html = dewi.get("/inzicht/hiaten/?week_of=2026-04-29").content.decode()
    assert "Week van maandag 27 april 2026" in html
    assert "Koningsdag" in html
    for heading in ["Geen specifieke hulp in de nacht", "Buiten kantoortijden", "Talen in de nacht"]:
        assert heading in html
    for table, column in [
        ("gaps", "hours_without_specific_help"),
        ("night", "role"),
        ("out_of_office", "hours_outside_office_hours"),
        ("groups", "target_group"),
        ("languages", "language"),
    ]:
        response = dewi.get(f"/inzicht/hiaten.csv?week_of=2026-04-27&table={table}")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows and column in rows[0], table


def test_what_if_shows_the_parser_reason_next_to_the_field(dewi: Client) -> None:
    response = dewi.get("/inzicht/wat-als/?role=victim&service=veilig-thuis&change=hours&opening_hours=Mo-Fr+25:00")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_opening_hours_error"' in html
    assert 'aria-describedby="id_opening_hours_help id_opening_hours_error"' in html
    try:
        hours.validate("Mo-Fr 25:00")
    except hours.InvalidHours as error:
        reason = str(error)
    error_block = html[html.index('id="id_opening_hours_error"') :]
    error_block = error_block[: error_block.index("</div>")]
    assert escape(reason.split("\n")[0]) in error_block


def test_what_if_removing_a_service_lists_the_changed_cells(dewi: Client) -> None:
    query = "role=perpetrator&week_of=2026-04-27&service=veilig-thuis&change=remove"
    html = dewi.get(f"/inzicht/wat-als/?{query}").content.decode()
    assert "Veilig Thuis" in html and "<svg" in html
    rows = list(csv.DictReader(io.StringIO(dewi.get(f"/inzicht/wat-als.csv?{query}").content.decode("utf-8-sig"))))
    assert rows
    assert all(int(r["count_after"]) < int(r["count_before"]) for r in rows)


def test_what_if_with_other_hours_can_add_coverage(dewi: Client) -> None:
    query = "role=perpetrator&week_of=2026-04-27&service=stop-it-now&change=hours&opening_hours=24/7"
    rows = list(csv.DictReader(io.StringIO(dewi.get(f"/inzicht/wat-als.csv?{query}").content.decode("utf-8-sig"))))
    assert any(int(r["specific_after"]) > int(r["specific_before"]) for r in rows)


def test_an_unknown_usage_table_is_a_400(dewi: Client) -> None:
    assert dewi.get("/inzicht/gebruik.csv?table=nope").status_code == 400


def test_the_week_alone_chooses_the_week_of_the_heat_map(dewi: Client) -> None:
    html = dewi.get("/inzicht/?week_of=2026-12-25").content.decode()
    assert "vrijdag 25 december (Eerste kerstdag)" in html
    assert 'role="alert"' not in html


def test_the_english_pages_work(dewi: Client) -> None:
    html = dewi.get("/en/inzicht/hiaten/").content.decode()
    assert "No specific help at night" in html


def test_a_user_with_only_the_permission_may_see_insights(snapshot: object) -> None:
    user = make_user("ilse")
    user.user_permissions.add(Permission.objects.get(codename="view_insights"))
    assert verified_client(user).get("/inzicht/").status_code == 200
