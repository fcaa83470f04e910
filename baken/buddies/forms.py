"""Input validation for the buddy programme. No writes here: views pass cleaned data to services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baken.buddies.choices import (
    LANGUAGE_CHOICES,
    Availability,
    Background,
    BuddyGender,
    Channel,
    Eligibility,
    Importance,
    Outcome,
    Region,
    ReportingExperience,
    Support,
    Timing,
    Workshop,
)
from baken.buddies.models import MAX_CAPACITY
from baken.core import access

CHECKBOXES = forms.CheckboxSelectMultiple
RADIOS = forms.RadioSelect


class EligibilityForm(forms.Form):
    """The three questions that decide whether the programme fits. The help finder may post
    these same fields (plus `source=help_finder` and `step=eligibility`) to `buddies:apply`."""

    sexual_violence = forms.ChoiceField(
        label=_("Is it about an unwanted sexual experience (sexual violence)?"),
        choices=Eligibility.choices,
        widget=RADIOS,
    )
    timing = forms.ChoiceField(label=_("When did it happen (the last time)?"), choices=Timing.choices, widget=RADIOS)
    age = forms.IntegerField(
        label=pgettext_lazy("buddy application", "How old are you?"),
        min_value=0,
        max_value=120,
        help_text=_("Your age in years. We do not store it."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


# The help finder's answers (its own codes) that answer the eligibility questions.
FINDER_SEXUAL = {"sexual_violence", "child_sexual_abuse", "online_abuse"}
FINDER_TIMING = {
    "ongoing": Timing.ONGOING,
    "under_7_days": Timing.UNDER_7_DAYS,
    "7_days_3_months": Timing.OVER_7_DAYS,
    "3_12_months": Timing.OVER_7_DAYS,
    "over_1_year": Timing.OVER_7_DAYS,
}


def eligibility_from_help_finder(data: Any) -> dict[str, str]:
    """The eligibility answers the help finder already has (only what is clear; the rest is
    asked). Only when the person answered about themselves."""
    if data.get("role") != "victim":
        return {}
    known: dict[str, str] = {}
    if FINDER_SEXUAL & set(data.getlist("violence")):
        known["sexual_violence"] = Eligibility.YES
    if data.get("since") in FINDER_TIMING:
        known["timing"] = FINDER_TIMING[data["since"]]
    age = data.get("age", "")
    if age.isdigit() and int(age) <= 120:
        known["age"] = age
    return known


class ContactFields(forms.Form):
    name = forms.CharField(
        label=_("What may we call you?"),
        required=False,
        max_length=80,
        help_text=_("A first name or a nickname is fine."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=200)
    safe_times = forms.CharField(
        label=_("When is it safe to contact you?"),
        required=False,
        max_length=300,
        help_text=_("For example: weekdays after 6 pm, or only by e-mail."),
    )
    contact_language = forms.ChoiceField(label=_("Language for the intake"), choices=LANGUAGE_CHOICES, initial="nl")
    note = forms.CharField(
        label=_("Is there anything you want us to know before the intake?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone") or "").strip() and not (data.get("email") or "").strip():
            raise ValidationError(
                _("Give a phone number or an e-mail address, so the coordinator can plan the intake.")
            )
        return data

    def contact(self) -> dict[str, str]:
        return {k: (self.cleaned_data.get(k) or "").strip() for k in ("name", "phone", "email", "safe_times")}


class ApplicationForm(ContactFields):
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        min_length=access.MIN_PASSPHRASE,
        max_length=access.MAX_PASSPHRASE,
        help_text=_(
            "At least 8 characters. With your code and this passphrase you can see how your application is going."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    passphrase_again = forms.CharField(
        label=_("Type the passphrase again"),
        max_length=access.MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the buddy programme keeps these details to find a buddy for me."),
        help_text=_("You can stop at any time. Then we remove what you told us."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class ReferralForm(EligibilityForm, ContactFields):
    consent = forms.BooleanField(
        label=_("The person agrees to this referral and to the buddy programme keeping these details."),
    )

    field_order = ["consent", "sexual_violence", "timing", "age"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age"].label = _("Age of the person")
        self.fields["age"].help_text = _("Not stored; only used to check the programme fits.")
        self.fields["name"].label = _("What may the coordinator call the person?")
        self.fields["safe_times"].label = _("When is it safe to contact the person?")
        self.fields["note"].label = _("What should the coordinator know? (only what the person agreed to share)")
        self.fields["sexual_violence"].label = _("Is it about sexual violence?")
        self.fields["contact_language"].label = _("Language the person wants to speak")


class AccessForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("For example 7KQ4-M2XH-9RTD."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    passphrase = forms.CharField(
        label=_("Your passphrase"),
        max_length=access.MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ActivateForm(forms.Form):
    code = AccessForm.base_fields["code"]
    passphrase = ApplicationForm.base_fields["passphrase"]
    passphrase_again = ApplicationForm.base_fields["passphrase_again"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class IntakeScheduleForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    channel = forms.ChoiceField(label=_("How"), choices=Channel.choices, widget=RADIOS)

    def moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


# Set-valued buddy preferences: (form field prefix, label, choices).
PREFERENCE_FIELDS: list[tuple[str, Any, Any]] = [
    ("gender", _("Gender of the buddy"), BuddyGender.choices),
    ("background", _("Background of the buddy"), Background.choices),
    ("reporting_experience", _("Did the buddy report it themselves?"), ReportingExperience.choices),
    ("region", _("Region"), Region.choices),
    ("meeting_mode", _("How to meet"), Channel.choices),
    ("availability", _("When"), Availability.choices),
]


class IntakeForm(forms.Form):
    """Support needed and buddy preferences, each marked required or nice to have."""

    languages = forms.MultipleChoiceField(
        label=_("Languages the person can speak with a buddy"),
        choices=LANGUAGE_CHOICES,
        widget=CHECKBOXES,
        help_text=_("The buddy must speak one of these. This is always required."),
    )
    support = forms.MultipleChoiceField(
        label=_("Support needed"), choices=Support.choices, widget=CHECKBOXES, required=False
    )
    support_other = forms.CharField(label=_("Other support, in a few words"), required=False, max_length=500)
    age_min = forms.IntegerField(label=_("Buddy's age from"), required=False, min_value=18, max_value=100)
    age_max = forms.IntegerField(label=_("Buddy's age up to"), required=False, min_value=18, max_value=100)
    age_importance = forms.ChoiceField(
        label=_("How important is the age?"), choices=Importance.choices, initial=Importance.NICE, widget=RADIOS
    )
    notes = forms.CharField(
        label=_("Notes from the intake"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, choices in PREFERENCE_FIELDS:
            self.fields[name] = forms.MultipleChoiceField(
                label=label, choices=choices, widget=CHECKBOXES, required=False
            )
            # The group's own name in the legend: seven legends "How important?" would be ambiguous.
            self.fields[f"{name}_importance"] = forms.ChoiceField(
                label=format_lazy("{}: {}", label, _("how important?")),
                choices=Importance.choices,
                initial=Importance.NICE,
                widget=RADIOS,
            )

    def preference_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[name], self[f"{name}_importance"]) for name, _label, _choices in PREFERENCE_FIELDS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("The upper age must be at least the lower age."))
        return data

    def to_intake(self) -> dict[str, Any]:
        data = self.cleaned_data
        preferences: dict[str, Any] = {
            name: {
                "values": list(data.get(name) or []),
                "required": data.get(f"{name}_importance") == Importance.REQUIRED,
            }
            for name, _label, _choices in PREFERENCE_FIELDS
        }
        preferences["age"] = {
            "min": data.get("age_min"),
            "max": data.get("age_max"),
            "required": data.get("age_importance") == Importance.REQUIRED,
        }
        return {
            "languages": list(data["languages"]),
            "support": list(data.get("support") or []),
            "support_other": (data.get("support_other") or "").strip(),
            "preferences": preferences,
            "notes": (data.get("notes") or "").strip(),
        }

    @staticmethod
    def initial_from(intake: dict[str, Any], contact_language: str) -> dict[str, Any]:
        if not intake:
            return {"languages": [contact_language]}
        preferences = intake.get("preferences") or {}
        initial: dict[str, Any] = {
            "languages": intake.get("languages") or [],
            "support": intake.get("support") or [],
            "support_other": intake.get("support_other", ""),
            "notes": intake.get("notes", ""),
        }
        for name, _label, _choices in PREFERENCE_FIELDS:
            wish = preferences.get(name) or {}
            initial[name] = wish.get("values") or []
            initial[f"{name}_importance"] = Importance.REQUIRED if wish.get("required") else Importance.NICE
        age = preferences.get("age") or {}
        initial.update(
            age_min=age.get("min"),
            age_max=age.get("max"),
            age_importance=Importance.REQUIRED if age.get("required") else Importance.NICE,
        )
        return initial


class BuddyProfileForm(forms.Form):
    username = forms.CharField(
        label=_("Username of the staff account"),
        max_length=150,
        help_text=_("The account must exist already; a platform admin creates accounts."),
    )
    display_name = forms.CharField(label=_("First name shown to the person"), max_length=80)
    training_completed_on = forms.DateField(
        label=_("Multi-day training completed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while the training is not finished: no matches until then."),
    )
    workshops = forms.MultipleChoiceField(
        label=_("Workshops followed"), choices=Workshop.choices, widget=CHECKBOXES, required=False
    )
    languages = forms.MultipleChoiceField(label=_("Languages"), choices=LANGUAGE_CHOICES, widget=CHECKBOXES)
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    meeting_modes = forms.MultipleChoiceField(label=_("How to meet"), choices=Channel.choices, widget=CHECKBOXES)
    availability = forms.MultipleChoiceField(label=_("When"), choices=Availability.choices, widget=CHECKBOXES)
    capacity = forms.IntegerField(label=_("How many people at once"), min_value=1, max_value=MAX_CAPACITY, initial=1)
    active = forms.BooleanField(label=_("Available for new matches (not paused)"), required=False, initial=True)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *BuddyGender.choices], required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1900, max_value=date.today().year
    )
    backgrounds = forms.MultipleChoiceField(
        label=_("Background"), choices=Background.choices, widget=CHECKBOXES, required=False
    )
    reporting_experience = forms.ChoiceField(
        label=_("Did the buddy report it themselves?"),
        choices=[("", "—"), *ReportingExperience.choices],
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes for coordinators"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["username"]

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"]
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise ValidationError(_("There is no active account with this username."))
        return user

    @staticmethod
    def initial_from(profile: Any) -> dict[str, Any]:
        personal = profile.personal_data
        return {
            "display_name": profile.display_name,
            "training_completed_on": profile.training_completed_on,
            "workshops": profile.workshops,
            "languages": profile.languages,
            "region": profile.region,
            "meeting_modes": profile.meeting_modes,
            "availability": profile.availability,
            "capacity": profile.capacity,
            "active": profile.active,
            "gender": personal.get("gender", ""),
            "birth_year": personal.get("birth_year"),
            "backgrounds": personal.get("backgrounds", []),
            "reporting_experience": personal.get("reporting_experience", ""),
            "notes": profile.notes,
        }


class PlanForm(forms.Form):
    support = forms.CharField(
        label=_("What support is needed?"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actions = forms.CharField(
        label=_("What will you do, and who does what?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_frequency = forms.CharField(
        label=_("How often do you have contact?"),
        max_length=300,
        required=False,
        help_text=_("For example: once a week."),
    )
    contact_channel = forms.CharField(
        label=_("How do you have contact?"),
        max_length=300,
        required=False,
        help_text=_("For example: phone and meeting in person."),
    )
    location = forms.CharField(label=_("Where do you meet?"), max_length=300, required=False)
    reachability = forms.CharField(
        label=_("When can you reach each other?"), max_length=300, required=False, help_text=_("And when not.")
    )


class PlanReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the plan")), ("return", _("Send it back with comments"))],
        widget=RADIOS,
    )
    comment = forms.CharField(
        label=_("Comments"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CheckInForm(forms.Form):
    notes = forms.CharField(
        label=_("How is it going?"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    concern = forms.BooleanField(label=_("There is a concern"), required=False)
    rematch = forms.BooleanField(
        label=_("End this match and look for another buddy"),
        required=False,
        help_text=_("Only for a running buddy support."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=RADIOS)
    note = forms.CharField(label=_("Note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say where the person can go instead."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
