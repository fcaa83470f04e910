"""The languages of the public pages: their names in their own script, writing direction and
the honest review state of each translation (issue 14; docs/adr/0140-public-and-staff-strings.md).

Dutch is the source text (B1, reviewed with the content); English is the msgid language and
written by the team. Every other language was translated without a native speaker's review,
so the site says so in that language until someone has checked it. When a native speaker has
reviewed a language, change its state here (and name the reviewer and date in the ADR).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Review(StrEnum):
    SOURCE = "source"  # the language the texts are written in
    NOT_REVIEWED = "not_reviewed"  # translated, not yet checked by a native speaker
    REVIEWED = "reviewed"  # checked by a native speaker (see the ADR for who and when)


@dataclass(frozen=True)
class PublicLanguage:
    code: str
    name: str  # in its own script: a reader looks for their own language, not ours
    review: Review
    rtl: bool = False

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


PUBLIC_LANGUAGES: tuple[PublicLanguage, ...] = (
    PublicLanguage("nl", "Nederlands", Review.SOURCE),
    PublicLanguage("en", "English", Review.SOURCE),
    PublicLanguage("ar", "العربية", Review.NOT_REVIEWED, rtl=True),
    PublicLanguage("tr", "Türkçe", Review.NOT_REVIEWED),
    PublicLanguage("pl", "Polski", Review.NOT_REVIEWED),
    PublicLanguage("uk", "Українська", Review.NOT_REVIEWED),
    PublicLanguage("so", "Soomaali", Review.NOT_REVIEWED),
    PublicLanguage("ti", "ትግርኛ", Review.NOT_REVIEWED),
)
BY_CODE = {language.code: language for language in PUBLIC_LANGUAGES}
# Languages whose catalogues must hold every public string (the catalogue check).
TRANSLATED = tuple(language.code for language in PUBLIC_LANGUAGES if language.review != Review.SOURCE)


def public_language(code: str | None) -> PublicLanguage:
    return BY_CODE.get((code or "nl").split("-")[0], BY_CODE["nl"])
