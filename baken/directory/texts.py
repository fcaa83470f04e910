"""Directory texts (descriptions, notes) in the reader's language.

The dataset writes each text in Dutch and English. Every other public language looks the
English up in the directory catalogue (`manage.py translation_status` lists what is missing;
docs/adr/0140). A translation belongs to one English text: when an organisation or an editor
changes that text, the old translation no longer matches and the reader gets the new English,
marked as English, rather than a translation of something the organisation no longer says.
"""

from __future__ import annotations

from typing import Protocol

from django.utils import translation

from baken.core.translations import PUBLIC_LANGUAGES, public_language


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


class _Texts(Protocol):
    @property
    def description_nl(self) -> str: ...

    @property
    def description_en(self) -> str: ...

    @property
    def on_contact_note_nl(self) -> str: ...

    @property
    def on_contact_note_en(self) -> str: ...

    @property
    def cost_note_nl(self) -> str: ...

    @property
    def cost_note_en(self) -> str: ...


class OrganisationTexts:
    """An organisation's texts in the reader's language, for the model and the snapshot alike."""

    __slots__ = ()

    @property
    def descriptions(self: _Texts) -> dict[str, str]:
        """Every language that has a description, Dutch first (for the API and HSDS)."""
        return every_language(self.description_nl, self.description_en)

    @property
    def description(self: _Texts) -> str:
        return in_language(self.description_nl, self.description_en)[0]

    @property
    def description_language(self: _Texts) -> str:
        return in_language(self.description_nl, self.description_en)[1]

    @property
    def description_direction(self: _Texts) -> str:
        return public_language(in_language(self.description_nl, self.description_en)[1]).direction

    @property
    def on_contact_note(self: _Texts) -> str:
        return in_language(self.on_contact_note_nl, self.on_contact_note_en)[0]

    @property
    def on_contact_note_language(self: _Texts) -> str:
        return in_language(self.on_contact_note_nl, self.on_contact_note_en)[1]

    @property
    def cost_note(self: _Texts) -> str:
        return in_language(self.cost_note_nl, self.cost_note_en)[0]

    @property
    def cost_note_language(self: _Texts) -> str:
        return in_language(self.cost_note_nl, self.cost_note_en)[1]


class _Notes(Protocol):
    @property
    def notes_nl(self) -> str: ...

    @property
    def notes_en(self) -> str: ...


class ChannelTexts:
    """A channel's notes in the reader's language, for the model and the snapshot alike."""

    __slots__ = ()

    @property
    def notes(self: _Notes) -> str:
        return in_language(self.notes_nl, self.notes_en)[0]

    @property
    def notes_language(self: _Notes) -> str:
        return in_language(self.notes_nl, self.notes_en)[1]
