"""Input forms of restorative mediation. Validation only: writes happen in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from baken.core import access
from baken.mediation.choices import GOALS_BY_SIDE, ContactForm, NoteKind, Region, RegistrantRole, Side
from baken.mediation.services import MAX_CONTACT_VALUE, MAX_TEXT
from baken.mediation.workflow import Status


class WhoForm(forms.Form):
    """Step 1 of registration: who fills in the form."""

    registrant_role = forms.ChoiceField(
        label=_("Who are you?"), choices=RegistrantRole.choices, widget=forms.RadioSelect
    )
    side = forms.ChoiceField(
        label=_("If you register someone else: who is this person?"),
        choices=Side.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    person_consented = forms.BooleanField(
        label=_("This person agrees that I register them."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("registrant_role") == RegistrantRole.REFERRER:
            if not data.get("side"):
                self.add_error("side", _("Choose who the person is."))
            if not data.get("person_consented"):
                self.add_error("person_consented", _("Register someone only when they agreed to it."))
        else:
            data["side"] = data.get("registrant_role", "")
            data["person_consented"] = False
        return data

    def as_hidden_form(self) -> WhoForm:
        """The same answers as hidden fields for step 2 (kept in the POST body, never the URL)."""
        hidden = WhoForm(self.data, prefix=self.prefix)
        for field in hidden.fields.values():
            field.widget = forms.HiddenInput()
        return hidden


def goal_field(side: str, *, label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=GOALS_BY_SIDE[side].choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class PassphraseMixin(forms.Form):
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        help_text=_("At least 8 characters. With your code and this passphrase you open your page. Write both down."),
        min_length=access.MIN_PASSPHRASE,
        max_length=access.MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Type your passphrase again"),
        max_length=access.MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class RegistrationForm(PassphraseMixin):
    """Step 2: everything else. Anonymous: contact details are optional."""

    region = forms.ChoiceField(
        label=_("Where do you live?"),
        help_text=_("The mediators work in regions. We use this to choose a mediator near you."),
        choices=[("", _("Choose a province")), *Region.choices],
    )
    description = forms.CharField(
        label=_("What would you like the mediator to know?"),
        help_text=_("Only the mediator reads this. The other person never sees it. You may leave this empty."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
    )
    preferred_forms = forms.MultipleChoiceField(
        label=_("What kind of contact would suit you?"),
        choices=ContactForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    consent_contact_other_party = forms.ChoiceField(
        label=_("May the mediator contact the other person?"),
        choices=[
            ("yes", _("Yes, the mediator may ask the other person whether they want to take part.")),
            ("no", _("No, not now. I first want to talk with the mediator.")),
        ],
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Name"), max_length=MAX_CONTACT_VALUE, required=False)
    contact_phone = forms.CharField(label=_("Phone number"), max_length=MAX_CONTACT_VALUE, required=False)
    contact_email = forms.EmailField(label=_("E-mail address"), max_length=MAX_CONTACT_VALUE, required=False)
    contact_safe_times = forms.CharField(
        label=_("When is it safe to contact you?"), max_length=MAX_CONTACT_VALUE, required=False
    )
    referrer_name = forms.CharField(label=_("Your name"), max_length=MAX_CONTACT_VALUE, required=False)
    referrer_organisation = forms.CharField(
        label=_("Organisation you work for"), max_length=MAX_CONTACT_VALUE, required=False
    )
    referrer_phone = forms.CharField(label=_("Your phone number"), max_length=MAX_CONTACT_VALUE, required=False)
    referrer_email = forms.EmailField(label=_("Your e-mail address"), max_length=MAX_CONTACT_VALUE, required=False)

    def __init__(self, *args: Any, side: str, is_referrer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"] = goal_field(
            side,
            label=_("What do you hope the contact brings?")
            if not is_referrer
            else _("What does the person hope the contact brings?"),
        )
        if not is_referrer:
            for name in [n for n in self.fields if n.startswith("referrer_")]:
                del self.fields[name]

    def contact(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"contact_{key}"]
            for key in ("name", "phone", "email", "safe_times")
            if self.cleaned_data.get(f"contact_{key}")
        }

    def referrer(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"referrer_{key}"]
            for key in ("name", "organisation", "phone", "email")
            if self.cleaned_data.get(f"referrer_{key}")
        }


class AccessForm(forms.Form):
    code = forms.CharField(label=_("Your code"), max_length=40, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    passphrase = forms.CharField(
        label=_("Your passphrase"),
        max_length=access.MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ClaimForm(PassphraseMixin):
    code = forms.CharField(
        label=_("The code from the mediator"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["code", "passphrase", "passphrase_again"]


class GoalsForm(forms.Form):
    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"] = goal_field(side, label=_("What do you hope the contact brings?"))


class ContactDetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=MAX_CONTACT_VALUE, required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=MAX_CONTACT_VALUE, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=MAX_CONTACT_VALUE, required=False)
    safe_times = forms.CharField(
        label=_("When is it safe to contact you?"), max_length=MAX_CONTACT_VALUE, required=False
    )

    def contact(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT)


class ConsentForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("May the mediator contact the other person?"),
        choices=[
            ("yes", _("Yes, the mediator may ask the other person whether they want to take part.")),
            ("no", _("No, not now.")),
        ],
        widget=forms.RadioSelect,
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you want to take part?"),
        choices=[("yes", _("Yes, I want to take part")), ("no", _("No, I do not want to take part"))],
        widget=forms.RadioSelect,
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, stop the mediation and delete what was told."),
        help_text=_("This cannot be undone."),
    )


# --- the mediator's forms -----------------------------------------------------------------


class TransitionForm(forms.Form):
    target = forms.ChoiceField(label=_("Next step"), choices=Status.choices)
    note = forms.CharField(
        label=_("Note (only for the mediator)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
        required=False,
    )

    def __init__(self, *args: Any, targets: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = [(t, Status(t).label) for t in targets]


class InviteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (only for the mediator)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=MAX_TEXT,
        required=False,
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of preparation"), choices=NoteKind.choices, widget=forms.RadioSelect)
    about = forms.ChoiceField(label=_("About"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT)

    def __init__(self, *args: Any, parties: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["about"]).choices = [("", _("The contact as a whole"))] + [
            (str(p.pk), Side(p.side).label) for p in parties
        ]
        self.fields["about"].required = False


class ContactFormForm(forms.Form):
    contact_form = forms.ChoiceField(label=_("Form of contact"), choices=ContactForm.choices, widget=forms.RadioSelect)
