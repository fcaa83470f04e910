from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from baken.core.translations import PUBLIC_LANGUAGES, Review, public_language


def baken(request: HttpRequest) -> dict[str, object]:
    current = public_language(get_language())
    # Only the path: query strings of public pages never carry answers, but we keep the
    # switch simple and safe by not copying them. Each language is named in its own script.
    links = [
        {
            "code": language.code,
            "name": language.name,
            "dir": language.direction,
            "url": translate_url(request.path, language.code),
            "current": language.code == current.code,
        }
        for language in PUBLIC_LANGUAGES
    ]
    # A page rendered for an iframe on a partner site (baken/frontdoors): its own layout, links
    # that leave the frame, and the help finder posting to the embeddable flow.
    embed = bool(getattr(request, "baken_embed", False))
    return {
        "BAKEN_EXIT_URL": settings.BAKEN_EXIT_URL,
        "language_links": links,
        "page_language": current,
        "translation_not_reviewed": current.review == Review.NOT_REVIEWED,
        "embed": embed,
        "flow_url": getattr(request, "baken_flow_url", ""),
    }
