""" "What you can do now": short advice at the top of the results, chosen from the answers.

Advice is data with its source. Where our source documents do not say it, `from_sources` is
False and the page marks it as general advice that is not from our sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from baken.triage.engine import Query, is_acute
from baken.triage.rules import Text


@dataclass(frozen=True)
class Advice:
    id: str
    nl: str
    en: str
    source: tuple[str, ...] = ()
    from_sources: bool = True

    def text(self, language: str) -> str:
        """Dutch and English are written here; the other languages look the English up in the
        triage catalogue, as the rules' reasons do (docs/adr/0140)."""
        return Text(nl=self.nl, en=self.en).get(language)


CSG_NOW = Advice(
    "A-CSG-NOW",
    "Bel of chat met het Centrum Seksueel Geweld. Dat kan dag en nacht, gratis en anoniem.",
    gettext_noop(
        "Call or chat with the Centrum Seksueel Geweld (sexual assault centre). Day and night, free and anonymous."
    ),
    ("001_816fd686fdf3165a.txt:4750-4751",),
)
MEDICAL_7_DAYS = Advice(
    "A-MEDICAL-7-DAYS",
    "In de eerste 7 dagen kan het Centrum Seksueel Geweld medische hulp geven en sporen vastleggen.",
    gettext_noop("In the first 7 days the Centrum Seksueel Geweld can give medical care and record evidence."),
    ("001_816fd686fdf3165a.txt:4747-4749", "001_816fd686fdf3165a.txt:5303-5304"),
)
KEEP_EVIDENCE = Advice(
    "A-KEEP-EVIDENCE",
    "Was of douche liever nog niet en bewaar je kleren in een papieren zak. Dan blijven sporen bewaard.",
    gettext_noop("If you can, do not wash or shower yet, and keep your clothes in a paper bag. That keeps evidence."),
    from_sources=False,
)
TIME_OUT = Advice(
    "A-TIME-OUT",
    "Neem een time-out: ga even weg uit de situatie voordat je iets doet. Bel daarna iemand die je helpt.",
    gettext_noop(
        "Take a time-out: leave the situation for a while before you do anything. Then call someone who helps you."
    ),
    from_sources=False,
)
VEILIG_THUIS = Advice(
    "A-VEILIG-THUIS",
    "Twijfel je? Veilig Thuis geeft advies, ook als je niet zeker weet wat er aan de hand is.",
    gettext_noop("Not sure? Veilig Thuis gives advice, also when you are not sure what is going on."),
    ("001_816fd686fdf3165a.txt:4660-4663",),
)
SAFE_PLACE = Advice(
    "A-SAFE-PLACE",
    "Zoek een plek waar je veilig bent, en iemand die je vertrouwt.",
    gettext_noop("Find a place where you are safe, and someone you trust."),
    ("001_816fd686fdf3165a.txt:6335-6336",),
)
TALK = Advice(
    "A-TALK",
    "Je hoeft het niet alleen te doen. Praten met iemand helpt, ook als je nog niet weet wat je wilt.",
    gettext_noop(
        "You do not have to do this alone. Talking to someone helps, even when you do not know yet what you want."
    ),
    ("001_816fd686fdf3165a.txt:1614-1622",),
)


def advice_for(query: Query) -> tuple[Advice, ...]:
    """At most three things to do now, the most urgent first."""
    items: list[Advice] = []
    sexual = not {"sexual_violence", "child_sexual_abuse"}.isdisjoint(query.violence)
    recent = query.days_since is not None and query.days_since < 7
    if query.role == "perpetrator":
        items.append(TIME_OUT)
    elif sexual and (recent or query.acute):
        items += [CSG_NOW, MEDICAL_7_DAYS, KEEP_EVIDENCE]
    if query.role != "perpetrator" and (query.acute or is_acute(query)) and SAFE_PLACE not in items:
        items.append(SAFE_PLACE)
    if not {"domestic_violence", "child_abuse", "elder_abuse"}.isdisjoint(query.violence) or query.context in {
        "family",
        "partner",
    }:
        items.append(VEILIG_THUIS)
    items.append(TALK)
    return tuple(dict.fromkeys(items))[:3]
