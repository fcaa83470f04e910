"""URL map. Public pages are Dutch at `/` and English under `/en/`; the JSON APIs are not
translated. Each app owns its `urls.py` (pages) and, where it has one, a ninja router in `api.py`
(mounted in `config/api.py`)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from baken.core import views as core_views
from config.api import api

admin.site.__class__ = OTPAdminSite  # the admin needs a verified second factor, like every staff page
admin.site.site_header = "Baken"
admin.site.site_title = "Baken"

urlpatterns = [
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("healthz", core_views.health, name="health"),
    path("api/", api.urls),  # every JSON endpoint: config/api.py
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("sporen-wissen/", core_views.traces, name="traces"),
    path("", include("baken.triage.urls")),
    path("organisaties/", include("baken.directory.urls")),
    path("informatie/", include("baken.guidance.urls")),
    path("verhaal/", include("baken.referrals.urls")),
    path("chat/", include("baken.chat.urls")),
    path("buddy/", include("baken.buddies.urls")),
    path("herstelbemiddeling/", include("baken.mediation.urls")),
    path("", include("baken.frontdoors.urls")),
    path("medewerkers/vermelding/", include("baken.listings.urls")),
    path("medewerkers/", include("baken.accounts.urls")),
    path("inzicht/", include("baken.insights.urls")),
    prefix_default_language=False,
)

handler400 = "baken.core.views.bad_request"
handler403 = "baken.core.views.permission_denied"
handler404 = "baken.core.views.page_not_found"
handler500 = "baken.core.views.server_error"
