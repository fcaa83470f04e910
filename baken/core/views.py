from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
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
    response.headers["Cache-Control"] = "no-store"
    return response


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
