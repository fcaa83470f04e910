"""The languages a person can ask to be helped in.

The help finder offers a curated list of the languages many people in the Netherlands speak,
each named in its own script (a reader looks for their own language, not for our name of it);
the lang attribute on each option lets a screen reader pronounce it. Every other code that
was valid before stays valid (answers travel in forms and in the API), it is just not listed.
In running text (reasons, channel languages) a language is named in the language of the page.
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
    "ber": gettext_lazy("Berber (Tamazight)"),
    "pap": gettext_lazy("Papiamento"),
    "prs": gettext_lazy("Dari"),
}
# (code, name in its own script, script direction). The eight languages of the site first.
CURATED: tuple[tuple[str, str, str], ...] = (
    ("nl", "Nederlands", "ltr"),
    ("en", "English", "ltr"),
    ("ar", "العربية", "rtl"),
    ("tr", "Türkçe", "ltr"),
    ("pl", "Polski", "ltr"),
    ("uk", "Українська", "ltr"),
    ("so", "Soomaali", "ltr"),
    ("ti", "ትግርኛ", "ltr"),
    ("ber", "Tamaziɣt / ⵜⴰⵎⴰⵣⵉⵖⵜ", "ltr"),
    ("pap", "Papiamentu", "ltr"),
    ("fa", "فارسی", "rtl"),
    ("prs", "دری", "rtl"),
    ("ku", "Kurdî / کوردی", "ltr"),
    ("es", "Español", "ltr"),
    ("fr", "Français", "ltr"),
    ("ru", "Русский", "ltr"),
    ("zh", "中文", "ltr"),
)
CURATED_CODES = tuple(code for code, _name, _dir in CURATED)
OFFERED = sorted((set(LANG_INFO) & LANGUAGE_CODES) | set(EXTRA_NAMES))
# Still accepted from a form or the API (codes are never taken away), though not listed.
ACCEPTED = frozenset(OFFERED) | frozenset(CURATED_CODES)


def language_name(code: str) -> str:
    """The language's name in the active language, or the code itself when we know no name."""
    if code in EXTRA_NAMES:
        return str(EXTRA_NAMES[code])
    info = LANG_INFO.get(code)
    if info and "name" in info:
        return gettext(info["name"])
    return code


def language_choices() -> list[tuple[str, str]]:
    """The curated list, each language in its own script."""
    return [(code, name) for code, name, _dir in CURATED]


def endonym(code: str) -> tuple[str, str] | None:
    """(name in its own script, direction) of a curated language."""
    for curated, name, direction in CURATED:
        if curated == code:
            return name, direction
    return None
