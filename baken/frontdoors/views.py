"""Topic front doors and the embeddable help finder. Both start the one help finder
(`baken.triage.views`); neither stores anything or puts an answer in a URL."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from baken.accounts.permissions import staff_required
from baken.core.middleware import CONTENT_SECURITY_POLICY
from baken.directory.selectors import directory_snapshot
from baken.frontdoors import services
from baken.frontdoors.forms import EmbedOriginForm
from baken.frontdoors.models import EmbedOrigin
from baken.frontdoors.topics import all_topics
from baken.triage import views as triage_views
from baken.triage.engine import Query, emergency_for
from baken.triage.forms import STEPS


@require_GET
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """An entry page with its own words; its button starts the help finder with the topic known
    (hidden `violence` fields posted to the finder's first screen)."""
    item = all_topics().get(slug)
    if item is None:
        raise Http404
    language = get_language()
    return render(
        request,
        "frontdoors/topic.html",
        {
            "topic": item,
            "title": item.text("title", language),
            "intro": item.text("intro", language),
            "points": item.text("points", language),
            # The finder's "edit:<step>" action shows that step with the posted answers kept.
            "start_action": f"edit:{STEPS[0].name}",
            "emergency": emergency_for(Query(violence=item.violence), directory_snapshot()),
        },
    )


def frame_policy(origins: list[str]) -> str:
    """The site's CSP with `frame-ancestors` naming exactly the listed partner origins."""
    allowed = " ".join(origins) if origins else "'none'"
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", f"frame-ancestors {allowed}")


def _embedded(request: HttpRequest, view: Callable[[HttpRequest], HttpResponse]) -> HttpResponse:
    request.baken_embed = True  # type: ignore[attr-defined]
    request.baken_flow_url = reverse("frontdoors:embed_flow")  # type: ignore[attr-defined]
    response = view(request)
    origins = services.allowed_origins()
    if origins:
        # Only here: every other page keeps frame-ancestors 'none' and X-Frame-Options DENY.
        response.headers["Content-Security-Policy"] = frame_policy(origins)
        response.xframe_options_exempt = True  # type: ignore[attr-defined]
    return response


@csrf_exempt
@require_GET
def embed_start(request: HttpRequest) -> HttpResponse:
    return _embedded(request, triage_views.start)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def embed_flow(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("frontdoors:embed_start")
    return _embedded(request, triage_views.flow)


@staff_required(services.MANAGE)
@require_http_methods(["GET", "POST"])
def embed_origins(request: HttpRequest) -> HttpResponse:
    form = EmbedOriginForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            services.embed_origin_remove(by=request.user, origin_id=int(request.POST.get("id", "0") or 0))
            messages.success(request, _("Removed."))
            return redirect("frontdoors:embed_origins")
        if form.is_valid():
            try:
                services.embed_origin_add(
                    by=request.user, origin=form.cleaned_data["origin"], note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                form.add_error("origin", error.messages)
            else:
                messages.success(request, _("Added. This site may now show the help finder."))
                return redirect("frontdoors:embed_origins")
    embed_url = request.build_absolute_uri(reverse("frontdoors:embed_start"))
    return render(
        request,
        "frontdoors/embed_origins.html",
        {"form": form, "origins": EmbedOrigin.objects.all(), "embed_url": embed_url},
    )
