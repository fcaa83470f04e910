"""Directory texts (descriptions, notes) in the reader's language.

The dataset writes each text in Dutch and English. Every other public language looks the
English up in the directory catalogue (`manage.py translation_status` lists what is missing;
docs/adr/0140). A translation belongs to one English text: when an organisation or an editor
changes that text, the old translation no longer matches and the reader gets the new English,
marked as English, rather than a translation of something the organisation no longer says.
"""

from __future__ import annotations

from django.utils import translation

from baken.core.translations import PUBLIC_LANGUAGES


def _code(language: str | None) -> str:
    return (language or translation.get_language() or "nl").split("-")[0]


def translated(english: str, language: str) -> str | None:
    """The catalogue's translation of an English directory text, or None."""
    english = english.strip()
    if not english:
        return None
    with translation.override(language):
        text = translation.gettext(english)
    return text if text != english else None


def in_language(nl: str, en: str, language: str | None = None) -> tuple[str, str]:
    """(text, language it is in): the reader's language when we have it; else English, which
    more readers of other languages read than Dutch; else Dutch."""
    code = _code(language)
    if code == "nl" or not en:
        return (nl, "nl") if nl else (en, "en")
    if code != "en":
        text = translated(en, code)
        if text is not None:
            return text, code
    return en, "en"


def every_language(nl: str, en: str) -> dict[str, str]:
    """The text in every public language that has it, Dutch first (for the API and HSDS)."""
    texts = {code: text for code, text in (("nl", nl), ("en", en)) if text}
    for language in PUBLIC_LANGUAGES:
        if language.code not in texts:
            text = translated(en, language.code)
            if text is not None:
                texts[language.code] = text
    return texts
