"""The questions of the help finder: one form holding every answer, shown one step at a time.

Every answer is optional (each screen can be skipped). Answers of other screens travel along
as hidden fields; a value that does not validate is dropped, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baken.triage.languages import ACCEPTED, endonym, language_choices

YES_NO = [("true", _("Yes")), ("false", _("No"))]
# For relatives, bystanders and professionals the age asked is that of the person it happens to.
AGE_LABEL_OTHER = _("How old is the person it happens to?")

ROLE_CHOICES = [
    ("victim", _("It happens to me, or it happened to me")),
    ("perpetrator", _("I am worried about my own behaviour or feelings")),
    ("relative", _("It happens to someone close to me")),
    ("bystander", _("I saw or heard something")),
    ("professional", _("I am worried about someone I know through my work or as a volunteer")),
    ("accused", _("Someone says I did something")),
]

# Short, recognisable descriptions (001:708-720: many people do not yet have a word for it);
# they describe what happens, never label the person.
VIOLENCE_CHOICES = [
    ("sexual_violence", _("Sexual things someone did not want")),
    ("child_sexual_abuse", _("Sexual things with a child")),
    ("domestic_violence", _("Violence at home or by a (former) partner")),
    ("child_abuse", _("A child is hurt or not cared for")),
    ("elder_abuse", _("An older person is hurt or used")),
    ("human_trafficking", _("Forced to work or to have sex")),
    ("honour_based_violence", _("Violence about the 'honour' of the family")),
    ("forced_marriage", _("Forced to marry, or left behind abroad")),
    ("fgm", _("Cutting of the genitals of a girl or woman")),
    ("online_abuse", _("Sexual pressure or pictures online")),
    ("boundary_crossing", _("Intimidation, abuse of power or harassment")),
]
VIOLENCE_DESCRIPTIONS: dict[str, Promise] = {
    "sexual_violence": _("Being touched, made to do sexual things, or raped, when that was not wanted."),
    "child_sexual_abuse": _(
        "Sexual acts with someone under 18, also pictures or videos online. Also if it happened long ago."
    ),
    "domestic_violence": _("Hitting, threatening, controlling or putting someone down, at home or in a relationship."),
    "child_abuse": _("A child is hit, scared, put down, or does not get the care it needs."),
    "elder_abuse": _("An older person is hurt, neglected or threatened, or their money is taken."),
    "human_trafficking": _("Not being paid, not being free to leave, or being made to have sex for money."),
    "honour_based_violence": _("Threats or violence to protect the good name of the family."),
    "forced_marriage": _("Having to marry someone you did not choose, or being left behind in another country."),
    "fgm": _("Also called female circumcision."),
    "online_abuse": _("Sexual pictures shared without wanting it, threats with pictures, or pressure in chats."),
    "boundary_crossing": _("Someone goes too far, for example in sport, at work, at school, in a church or in care."),
}

SINCE_CHOICES = [
    ("ongoing", _("It is still going on")),
    ("under_7_days", _("Less than a week ago")),
    ("7_days_3_months", _("A week to three months ago")),
    ("3_12_months", _("Three months to a year ago")),
    ("over_1_year", _("More than a year ago")),
]

CONTEXT_CHOICES = [
    ("family", _("At home or in the family")),
    ("partner", _("With a partner or former partner")),
    ("sport", _("In sport")),
    ("religious", _("In a church, mosque or other faith community")),
    ("culture", _("In theatre, music, dance, film or television")),
    ("care", _("In care, for example a care home or home care")),
    ("work", _("At work")),
    ("school", _("At school or in training")),
    ("online", _("Online or by phone")),
    ("other", _("Somewhere else")),
]

GENDER_CHOICES = [
    ("woman", _("Woman")),
    ("man", _("Man")),
    ("nonbinary", _("Non-binary")),
    ("unspecified", _("I'd rather not say")),
]
DISABILITY_CHOICES = [
    ("physical", _("Yes, a physical disability")),
    ("intellectual", _("Yes, reading and understanding are hard for me")),
    ("none", _("No")),
]
FAITH_CHOICES = [
    ("christian", _("Christian")),
    ("catholic", _("Catholic")),
    ("reformed", _("Reformed (reformatorisch)")),
    ("evangelical", _("Evangelical")),
    ("muslim", _("Muslim")),
    ("jewish", _("Jewish")),
    ("hindu", _("Hindu")),
    ("buddhist", _("Buddhist")),
    ("other", _("Another faith")),
]
NEED_HOW = [
    ("now", _("Someone I can reach right now")),
    ("anonymous", _("Without giving my name")),
    ("free", _("Free of charge")),
    ("chat", _("By chat")),
    ("phone", _("By phone")),
    ("whatsapp", _("By WhatsApp")),
    ("email", _("By e-mail")),
    ("in_person", _("Meeting in person")),
]
NEED_WHAT = [
    ("listening", _("Someone who listens")),
    ("information", _("Understand what happened and what I can do")),
    ("advice", _("Advice on what to do")),
    ("report", _("Report it to a reporting point")),
    ("police_report", _("Report it to the police")),
    ("medical", _("A doctor or medical care")),
    ("shelter", _("A safe place to stay")),
    ("peer_expert", _("Talk with someone who went through it too")),
    ("peer_contact", _("Contact with others who went through it")),
    ("buddy", _("A buddy who stays with me for a while")),
    ("mediation", _("Contact with the other person, with help from a mediator")),
    ("legal", _("Help with legal questions")),
    ("outreach", _("Someone who comes to me")),
    ("easy_read", _("Simple words and pictures")),
]


class LanguageSelect(forms.Select):
    """Each option carries lang and dir, so a screen reader reads "العربية" as Arabic."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        known = endonym(str(value)) if value else None
        if known:
            option["attrs"]["lang"] = value
            option["attrs"]["dir"] = known[1]
        return option


class LanguageField(forms.ChoiceField):
    """Lists the curated languages; still accepts every code that was valid before."""

    def valid_value(self, value: Any) -> bool:
        return value in ACCEPTED or super().valid_value(value)


class AnswersForm(forms.Form):
    acute = forms.ChoiceField(
        label=_("Is someone in danger right now?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    suicidal = forms.ChoiceField(
        label=_("Are you thinking about ending your life?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    role = forms.ChoiceField(
        label=_("Who is this about?"), choices=ROLE_CHOICES, required=False, widget=forms.RadioSelect
    )
    violence = forms.MultipleChoiceField(
        label=_("What is happening, or what happened?"),
        help_text=_("Choose everything that fits. You do not have to be sure."),
        choices=VIOLENCE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    since = forms.ChoiceField(
        label=_("When did it happen?"), choices=SINCE_CHOICES, required=False, widget=forms.RadioSelect
    )
    age = forms.IntegerField(
        label=_("How old are you?"),
        help_text=_("In years. Some services are only for young people or only for adults."),
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Fill in an age in whole years, from 0 to 120, or leave it empty."),
            "min_value": _("Fill in an age in whole years, from 0 to 120, or leave it empty."),
            "max_value": _("Fill in an age in whole years, from 0 to 120, or leave it empty."),
        },
    )
    context = forms.ChoiceField(
        label=_("Where does it happen?"), choices=CONTEXT_CHOICES, required=False, widget=forms.RadioSelect
    )
    language = LanguageField(
        label=_("In which language do you want help?"),
        choices=lambda: [("", _("No preference")), *language_choices()],
        required=False,
        widget=LanguageSelect(attrs={"autocomplete": "off"}),
    )
    gender = forms.ChoiceField(label=_("Are you a…"), choices=GENDER_CHOICES, required=False, widget=forms.RadioSelect)
    lgbtiq = forms.ChoiceField(
        label=_("Do you see yourself as LGBTIQ+?"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    disability = forms.ChoiceField(
        label=_("Do you have a disability?"), choices=DISABILITY_CHOICES, required=False, widget=forms.RadioSelect
    )
    faith = forms.ChoiceField(
        label=_("Would you like help that knows your faith?"),
        help_text=_("Only if you want that. Leave it empty otherwise."),
        choices=FAITH_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    need = forms.MultipleChoiceField(
        label=_("What would help you now?"),
        choices=NEED_HOW + NEED_WHAT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def valid_answers(self) -> dict[str, Any]:
        """Every answer that validates, whatever the other fields say (runs full_clean)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.fields if name in cleaned and cleaned[name] not in ("", [], None)}


@dataclass(frozen=True)
class Step:
    name: str
    fields: tuple[str, ...]
    title: Promise
    intro: Promise | None = None


# One question per page, as GOV.UK question pages do: a frightened person reads and answers one
# thing at a time, and an error or a screen reader's heading list is about that one question.
# Names are stable (other apps and tests post them): "person" is the first of the personal
# questions, the language; "about" is the age.
STEPS: tuple[Step, ...] = (
    Step(
        "safety",
        ("acute",),
        _("First: are you safe?"),
        _("If someone is in danger, call 112 first. You can answer the next questions later, or skip them."),
    ),
    Step("suicide", ("suicidal",), _("Are you thinking about ending your life?")),
    Step(
        "role", ("role",), _("Who is this about?"), _("This helps us find the right help. You can skip every question.")
    ),
    Step("violence", ("violence",), _("What is happening, or what happened?")),
    Step("when", ("since",), _("When did it happen?")),
    # "about" asked age and context together until issue 12; it keeps its name for the age, so
    # clients posting `step=about` still land on the age question, and "where" asks the context.
    Step("about", ("age",), _("How old are you?")),
    Step("where", ("context",), _("Where does it happen?")),
    Step(
        "person",
        ("language",),
        _("In which language do you want help?"),
        _("Some services work in other languages or for a certain group. Every question here is optional."),
    ),
    Step("gender", ("gender",), _("Are you a…")),
    Step("lgbtiq", ("lgbtiq",), _("Do you see yourself as LGBTIQ+?")),
    Step("disability", ("disability",), _("Do you have a disability?")),
    Step("faith", ("faith",), _("Would you like help that knows your faith?")),
    Step("needs", ("need",), _("What would help you now?"), _("Choose as many as you like, or none.")),
)
STEP_NAMES = tuple(step.name for step in STEPS)
STEPS_BY_NAME = {step.name: step for step in STEPS}
