"""The reporting code (meldcode) as a five-step checklist for professionals.

It saves nothing: the answers of earlier steps travel in the POST body as hidden fields, and
nothing is written to the database, the session or the URL. The step texts are not taken
from the seeds (which only say that the meldcode exists: 001 lines 4684-4698, 004 line 28)
and are marked for review by a domain expert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from baken.directory.vocabulary import Violence

STEPS = 5
RESULT = STEPS + 1
YES_NO_UNSURE = [("yes", _("Yes")), ("no", _("No")), ("unsure", _("I do not know"))]

# The professional's own word for the person they worry about: a teacher says "leerling", a
# doctor "patiënt", a coach "sporter". Every text that names the person uses it.
WORDS = {
    "pupil": _("the pupil"),
    "patient": _("the patient"),
    "client": _("the client"),
    "athlete": _("the athlete"),
    "other": _("the person"),
}
WORD_CHOICES = [
    ("pupil", _("A pupil or student")),
    ("patient", _("A patient")),
    ("client", _("A client")),
    ("athlete", _("An athlete (sport)")),
    ("other", _("Someone else")),
]


def word_for(code: object) -> str:
    return str(WORDS.get(str(code), WORDS["client"]))


def step_title(step: int, code: object = None) -> str:
    if step == 3:
        return str(_("Talk with %(person)s") % {"person": word_for(code)})
    return str(STEP_TITLES.get(step, ""))


STEP_TITLES = {
    1: _("Map the signals"),
    2: _("Consult a colleague, and if needed Veilig Thuis"),
    3: _("Talk with the client"),
    4: _("Weigh the risk"),
    5: _("Decide: report to Veilig Thuis and/or organise help"),
}

# Which fields belong to which step (the others are carried as hidden fields).
STEP_FIELDS = {
    1: ("who", "violence", "signals", "facts_written"),
    2: ("consulted",),
    3: ("talked",),
    4: ("acute", "structural", "own_help"),
    5: ("decision",),
}
REQUIRED = {3: ("talked",), 4: ("acute", "structural", "own_help"), 5: ("decision",)}


class MeldcodeForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=RESULT, widget=forms.HiddenInput)
    who = forms.ChoiceField(
        label=_("Whom are you worried about?"),
        choices=WORD_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    violence = forms.MultipleChoiceField(
        label=_("What do the signals point to? You may choose more than one, or none yet."),
        choices=Violence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    signals = forms.MultipleChoiceField(
        label=_("What did you notice?"),
        choices=[
            ("told", _("The client told me something")),
            ("seen", _("I saw or heard something myself")),
            ("injuries", _("Injuries")),
            ("behaviour", _("Changes in behaviour, such as being withdrawn, anxious or restless")),
            ("others", _("Someone else told me they are worried")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    facts_written = forms.BooleanField(
        label=_("I wrote down the facts (what I saw and heard) in the file of my own organisation."),
        required=False,
    )
    consulted = forms.MultipleChoiceField(
        label=_("Whom did you consult?"),
        choices=[
            ("colleague", _("A colleague")),
            ("veilig_thuis", _("Veilig Thuis, for advice (you do not have to give the client's name)")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    talked = forms.ChoiceField(
        label=_("Did you talk with the client about your worries?"),
        choices=[
            ("yes", _("Yes")),
            ("not_yet", _("Not yet")),
            ("not_safe", _("No: talking would put someone in danger")),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    acute = forms.ChoiceField(
        label=_("Is someone in acute danger?"), choices=YES_NO_UNSURE, widget=forms.RadioSelect, required=False
    )
    structural = forms.ChoiceField(
        label=_("Does the unsafety keep coming back?"), choices=YES_NO_UNSURE, widget=forms.RadioSelect, required=False
    )
    own_help = forms.ChoiceField(
        label=_("Can you organise help that makes the situation safe, and follow how it goes?"),
        choices=YES_NO_UNSURE,
        widget=forms.RadioSelect,
        required=False,
    )
    decision = forms.MultipleChoiceField(
        label=_("What do you decide?"),
        choices=[
            ("report", _("Report to Veilig Thuis")),
            ("organise_help", _("Organise help and follow how it goes")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.word = word_for(self.data.get("who") if self.is_bound else None)
        person = {"person": self.word}
        signals = self.fields["signals"]
        signals.choices = [  # type: ignore[attr-defined]
            ("told", capfirst(_("%(person)s told me something") % person)),
            *[c for c in signals.choices if c[0] != "told"],  # type: ignore[attr-defined]
        ]
        self.fields["consulted"].choices = [  # type: ignore[attr-defined]
            ("colleague", _("A colleague")),
            ("veilig_thuis", _("Veilig Thuis, for advice (you do not have to give the name of %(person)s)") % person),
        ]
        self.fields["talked"].label = _("Did you talk with %(person)s about your worries?") % person

    def mark_required(self, step: int) -> None:
        """Only the questions a step cannot do without count as required (and so are not
        marked "(niet verplicht)"); an optional question never fails."""
        for name in STEP_FIELDS.get(step, ()):
            self.fields[name].required = name in REQUIRED.get(step, ())

    def check_step(self, step: int) -> bool:
        """Validate the fields of one step (earlier steps were checked when they were sent)."""
        if not self.is_valid():
            return False
        for name in REQUIRED.get(step, ()):
            if not self.cleaned_data.get(name):
                self.add_error(name, _("Choose an answer."))
        return not self.errors

    def visible_fields_for(self, step: int) -> list[forms.BoundField]:
        return [self[name] for name in STEP_FIELDS.get(step, ())]

    def hidden_fields_for(self, step: int) -> list[tuple[str, str]]:
        """(name, value) pairs of every answer outside this step, to post again."""
        pairs: list[tuple[str, str]] = []
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        for other, names in STEP_FIELDS.items():
            if other == step:
                continue
            for name in names:
                value: Any = data.get(name)
                if isinstance(value, list):
                    pairs += [(name, v) for v in value]
                elif value is True:
                    pairs.append((name, "on"))
                elif value:
                    pairs.append((name, str(value)))
        return pairs


@dataclass(frozen=True)
class Advice:
    """What step 4 means for step 5 (the weighing framework, to be checked by an expert)."""

    report: bool
    organise_help: bool
    ask_advice: bool
    acute: bool


def advice(data: dict[str, Any]) -> Advice:
    acute = data.get("acute") == "yes"
    structural = data.get("structural") == "yes"
    own_help = data.get("own_help")
    unsure = "unsure" in {data.get("acute"), data.get("structural"), own_help}
    report = acute or structural or own_help == "no"
    return Advice(
        report=report,
        organise_help=own_help == "yes" and not acute,
        ask_advice=unsure,
        acute=acute,
    )
