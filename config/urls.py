"""URL map. Public pages are Dutch at `/` and English under `/en/`; the JSON APIs are not
translated. Each app owns its `urls.py` (pages) and, where it has one, `api_urls.py`."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from baken.core import views as core_views

admin.site.__class__ = OTPAdminSite  # the admin needs a verified second factor, like every staff page
admin.site.site_header = "Baken"
admin.site.site_title = "Baken"

urlpatterns = [
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("healthz", core_views.health, name="health"),
    path("api/v1/", include("baken.directory.api_urls")),
    path("api/v1/", include("baken.triage.api_urls")),
    path("api/v1/", include("baken.referrals.api_urls")),
    path("api/v1/", include("baken.mediation.api_urls")),
    path("api/v1/", include("baken.insights.api_urls")),
    path("api/v1/", include("baken.chat.api_urls")),
    path("api/hsds/v1/", include("baken.directory.hsds_urls")),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("baken.triage.urls")),
    path("organisaties/", include("baken.directory.urls")),
    path("informatie/", include("baken.guidance.urls")),
    path("verhaal/", include("baken.referrals.urls")),
    path("chat/", include("baken.chat.urls")),
    path("buddy/", include("baken.buddies.urls")),
    path("herstelbemiddeling/", include("baken.mediation.urls")),
    path("medewerkers/", include("baken.accounts.urls")),
    path("inzicht/", include("baken.insights.urls")),
    prefix_default_language=False,
)
