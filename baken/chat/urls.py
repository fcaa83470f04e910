"""Pages under /chat/: the visitor's (no id or token in any URL: they live in the session)
and the staff console under /chat/werk/."""

from django.urls import path

from baken.chat import staff_views, views

app_name = "chat"
urlpatterns = [
    path("gesprek/", views.conversation, name="conversation"),
    path("gesprek/schrijven/", views.write, name="write"),
    path("gesprek/nieuw/", views.poll, name="poll"),
    path("gesprek/stoppen/", views.end, name="end"),
    path("werk/", staff_views.console, name="console"),
    path("werk/stand/", staff_views.console_state, name="console_state"),
    path("werk/aanmelden/", staff_views.sign_in, name="sign_in"),
    path("werk/afmelden/", staff_views.sign_out, name="sign_out"),
    path("werk/volgende/", staff_views.accept_next, name="accept_next"),
    path("werk/telefoon/", staff_views.phone, name="phone"),
    path("werk/overzicht/", staff_views.overview, name="overview"),
    path("werk/teksten/", staff_views.canned_list, name="canned"),
    path("werk/teksten/<int:canned_id>/", staff_views.canned_edit, name="canned_edit"),
    path("werk/<uuid:public_id>/", staff_views.work, name="work"),
    path("werk/<uuid:public_id>/nieuw/", staff_views.work_poll, name="work_poll"),
    path("werk/<uuid:public_id>/actie/", staff_views.work_action, name="work_action"),
    path("<slug:queue>/", views.start, name="start"),
]
