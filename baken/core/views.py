from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from baken.core.signals import quick_exit as quick_exit_signal


# No CSRF check: leaving must always work, and it changes nothing on the server.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Quick exit: tell the browser to forget this site, then go to a neutral page.

    The script version calls this with fetch() and then replaces the page itself (no history
    entry); without JavaScript the link lands here and is redirected.
    """
    quick_exit_signal.send(sender=None, request=request)
    response = HttpResponseRedirect(settings.BAKEN_EXIT_URL)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    # Browsers without Clear-Site-Data still drop these (they only live for the session anyway).
    response.delete_cookie(settings.CSRF_COOKIE_NAME)
    response.delete_cookie(settings.SESSION_COOKIE_NAME)
    response.headers["Cache-Control"] = "no-store"
    return response


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def traces(request: HttpRequest) -> HttpResponse:
    """How to clear what the browser remembers of a visit (the site cannot do that itself)."""
    return render(request, "core/traces.html")


ERRORS = {
    400: (_("This did not work"), _("Something in the request was not right. Go back and try again.")),
    403: (
        _("This did not work"),
        _("This page could not be shown. If you filled in a form, go back, reload the page and try again."),
    ),
    404: (_("Page not found"), _("This page does not exist (any more). Check the address, or start here.")),
    500: (_("Something went wrong on our side"), _("Try again in a moment. If you are in danger, call 112.")),
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    """Error pages in the site layout, with the quick exit, in the language of the page."""
    title, explanation = ERRORS[status]
    try:
        return render(request, "core/error.html", {"title": title, "explanation": explanation}, status=status)
    except Exception:  # the layout itself failed (e.g. the database is down): plain and safe
        return HttpResponse(f"<!DOCTYPE html><title>Baken</title><h1>{title}</h1><p>{explanation}</p>", status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403)
