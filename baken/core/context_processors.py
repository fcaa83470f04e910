from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def baken(request: HttpRequest) -> dict[str, object]:
    current = get_language()
    # Only the path: query strings of public pages never carry answers, but we keep the
    # switch simple and safe by not copying them.
    links = [
        {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": translate_url(request.path, code)}
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    # A page rendered for an iframe on a partner site (baken/frontdoors): its own layout, links
    # that leave the frame, and the help finder posting to the embeddable flow.
    embed = bool(getattr(request, "baken_embed", False))
    return {
        "BAKEN_EXIT_URL": settings.BAKEN_EXIT_URL,
        "language_links": links,
        "embed": embed,
        "flow_url": getattr(request, "baken_flow_url", ""),
    }
