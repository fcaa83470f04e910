from django.urls import path

from baken.mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.index, name="index"),
    path("aanmelden/", views.register, name="register"),
    path("mijn-pagina/", views.access, name="access"),
    path("uitnodiging/", views.claim, name="claim"),
    path("status/", views.status, name="status"),
    path("status/afsluiten/", views.leave, name="leave"),
    path("status/<slug:action>/", views.party_action, name="party_action"),
    path("zaken/", views.cases, name="cases"),
    path("zaken/<uuid:public_id>/", views.case_detail, name="case"),
    path("zaken/<uuid:public_id>/oppakken/", views.case_claim, name="claim_case"),
    path("zaken/<uuid:public_id>/<slug:action>/", views.case_action, name="case_action"),
    path(
        "zaken/<uuid:public_id>/partij/<slug:side>/<slug:action>/",
        views.party_action_by_mediator,
        name="party_action_by_mediator",
    ),
]
