"""Names of the languages a person can ask to be helped in, in the language of the page.

Django knows the names of most languages (and their Dutch translations); a few languages that
many newcomers in the Netherlands speak are missing there, so they are named here.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext, gettext_lazy

from baken.directory.languages import LANGUAGE_CODES

# Languages Django does not name, spoken by many newcomers (001:3465-3471 on language barriers).
EXTRA_NAMES = {
    "am": gettext_lazy("Amharic"),
    "ku": gettext_lazy("Kurdish"),
    "ps": gettext_lazy("Pashto"),
    "so": gettext_lazy("Somali"),
    "ti": gettext_lazy("Tigrinya"),
    "zh": gettext_lazy("Chinese"),
}
OFFERED = sorted((set(LANG_INFO) & LANGUAGE_CODES) | set(EXTRA_NAMES))


def language_name(code: str) -> str:
    """The language's name in the active language, or the code itself when we know no name."""
    if code in EXTRA_NAMES:
        return str(EXTRA_NAMES[code])
    info = LANG_INFO.get(code)
    if info and "name" in info:
        return gettext(info["name"])
    return code


def language_choices() -> list[tuple[str, str]]:
    """Every language we can name, Dutch first, then by name in the active language."""
    rest = sorted((c for c in OFFERED if c != "nl"), key=lambda c: language_name(c).casefold())
    return [(code, language_name(code)) for code in ["nl", *rest]]
