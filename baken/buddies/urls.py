"""Pages of the buddy programme, under /buddy/ (Dutch) and /en/buddy/ (English).

No path carries a code, a passphrase or an answer; case and match numbers appear only in
staff paths.
"""

from django.urls import path

from baken.buddies import buddy_views, staff_views, views

app_name = "buddies"
urlpatterns = [
    # Public: about, applying, and the person's own case (code + passphrase).
    path("", views.index, name="index"),
    path("aanmelden/", views.apply, name="apply"),
    path("mijn-aanmelding/", views.person_access, name="access"),
    path("mijn-aanmelding/eerste-keer/", views.person_activate, name="activate"),
    path("mijn-aanmelding/overzicht/", views.person_case, name="person_case"),
    path("mijn-aanmelding/plan/", views.person_plan, name="person_plan"),
    path("mijn-aanmelding/stoppen/", views.person_withdraw, name="person_withdraw"),
    path("mijn-aanmelding/uitloggen/", views.person_logout, name="person_logout"),
    # Staff of partner organisations refer a person (with consent).
    path("doorverwijzen/", staff_views.refer, name="refer"),
    # Coordinators.
    path("coordinatie/", staff_views.dashboard, name="dashboard"),
    path("coordinatie/koppelen/", staff_views.matching_page, name="matching"),
    path("coordinatie/aanmelding/<int:case_id>/", staff_views.case_detail, name="case"),
    path("coordinatie/aanmelding/<int:case_id>/kennismaking/", staff_views.intake_schedule, name="intake_schedule"),
    path("coordinatie/aanmelding/<int:case_id>/voorkeuren/", staff_views.intake_record, name="intake_record"),
    path("coordinatie/aanmelding/<int:case_id>/plan/", staff_views.plan_review, name="plan_review"),
    path("coordinatie/aanmelding/<int:case_id>/bericht/", staff_views.case_message, name="case_message"),
    path("coordinatie/aanmelding/<int:case_id>/<slug:action>/", staff_views.case_action, name="case_action"),
    path("coordinatie/check-in/<int:checkin_id>/", staff_views.checkin, name="checkin"),
    path("coordinatie/buddies/", staff_views.buddy_list, name="buddy_list"),
    path("coordinatie/buddies/nieuw/", staff_views.buddy_create, name="buddy_create"),
    path("coordinatie/buddies/<int:buddy_id>/", staff_views.buddy_edit, name="buddy_edit"),
    # Buddies: their own current matches only.
    path("mijn-matches/", buddy_views.my_matches, name="my_matches"),
    path("mijn-matches/<int:match_id>/", buddy_views.match_detail, name="match"),
    path("mijn-matches/<int:match_id>/plan/", buddy_views.match_plan, name="match_plan"),
]
