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
    return {"BAKEN_EXIT_URL": settings.BAKEN_EXIT_URL, "language_links": links}
