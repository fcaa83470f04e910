"""A URL map with stand-ins for the pages other apps build (guidance topics, the warm handover,
buddy and mediation sign-up), to test that the help finder links to them once they exist."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.api import api


def stand_in(request: HttpRequest, **kwargs: str) -> HttpResponse:
    return HttpResponse("stand-in")


guidance = (
    [
        path("", stand_in, name="index"),
        path("hoe-reageren/", stand_in, name="responding"),
        path("<slug:slug>/", stand_in, name="topic"),
    ],
    "guidance",
)
referrals = ([path("start/", stand_in, name="start")], "referrals")
buddies = ([path("aanmelden/", stand_in, name="apply")], "buddies")
mediation = ([path("aanmelden/", stand_in, name="register")], "mediation")

urlpatterns = [
    path("exit/", stand_in, name="quick_exit"),
    path("api/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("baken.triage.urls")),
    path("organisaties/", include("baken.directory.urls")),
    path("informatie/", include(guidance)),
    path("verhaal/", include(referrals)),
    path("buddy/", include(buddies)),
    path("herstelbemiddeling/", include(mediation)),
    path("medewerkers/", include("baken.accounts.urls")),
    prefix_default_language=False,
)


class Bare:
    """The same map without the partner pages (as before the other apps build them)."""

    urlpatterns = [
        path("exit/", stand_in, name="quick_exit"),
        *i18n_patterns(
            path("", include("baken.triage.urls")),
            path("organisaties/", include("baken.directory.urls")),
            path("informatie/", include(([path("", stand_in, name="index")], "guidance"))),
            path("medewerkers/", include("baken.accounts.urls")),
            prefix_default_language=False,
        ),
    ]
