"""Input for the warm handover. `ReferralForm` is the one validation of a new referral, used
by the consent screen (`ConsentForm`) and the JSON API alike. No writes here."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from baken.core.access import MAX_PASSPHRASE, MIN_PASSPHRASE
from baken.referrals.answers import ShareItem
from baken.referrals.models import MAX_MESSAGE, MAX_NOTE, MAX_STORY, ContactChannel, DeclineReason, Outcome

PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,24}$")
NEEDS_VALUE = {ContactChannel.PHONE, ContactChannel.WHATSAPP, ContactChannel.EMAIL}


def clean_contact(data: dict[str, Any]) -> dict[str, Any]:
    """The contact details that make sense for the chosen channel. Raises ValidationError keyed by field."""
    channel = data.get("channel")
    value = (data.get("contact_value") or "").strip()
    if channel in NEEDS_VALUE and not value:
        raise ValidationError(
            {"contact_value": _("Fill in how they can reach you, or choose “I will contact them myself”.")}
        )
    if channel in {ContactChannel.PHONE, ContactChannel.WHATSAPP} and value:
        digits = sum(ch.isdigit() for ch in value)
        if not PHONE.match(value) or digits < 6:
            raise ValidationError({"contact_value": _("Fill in a phone number, for example 06 12345678.")})
    if channel == ContactChannel.EMAIL and value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                {"contact_value": _("Fill in an e-mail address, for example name@example.nl.")}
            ) from None
    if channel == ContactChannel.SELF:
        value = ""
    return {
        "channel": channel,
        "value": value,
        "safe_times": (data.get("safe_times") or "").strip(),
        "no_voicemail": bool(data.get("no_voicemail")),
        "no_mail": bool(data.get("no_mail")),
        "code_word": (data.get("code_word") or "").strip(),
    }


class ReferralForm(forms.Form):
    story = forms.CharField(
        label=_("In your own words"),
        help_text=_("What do you want them to know? At most 5,000 characters. You do not have to write anything."),
        required=False,
        max_length=MAX_STORY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_STORY}),
    )
    channel = forms.ChoiceField(
        label=_("How may they contact you?"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they may contact you.")},
    )
    contact_value = forms.CharField(
        label=_("Your phone number or e-mail address"),
        help_text=_("Only for phone, WhatsApp or e-mail. For chat: the name you use there (optional)."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    safe_times = forms.CharField(
        label=_("When is it safe to contact you?"),
        help_text=_("For example: weekdays between 10:00 and 12:00."),
        required=False,
        max_length=200,
    )
    no_voicemail = forms.BooleanField(label=_("Never leave a voicemail"), required=False, initial=True)
    no_mail = forms.BooleanField(label=_("Never send letters or post"), required=False, initial=True)
    code_word = forms.CharField(
        label=_("Code word"),
        help_text=_("A word they say first, so you know it is them. Do not use your passphrase."),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    passphrase = forms.CharField(
        label=_("Choose a passphrase"),
        help_text=_(
            "At least 8 characters. With your code and this passphrase you can read messages and withdraw. "
            "Write it down somewhere safe."
        ),
        min_length=MIN_PASSPHRASE,
        max_length=MAX_PASSPHRASE,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if "channel" in data:
            data["contact"] = clean_contact(data)
        return data


class ConsentForm(ReferralForm):
    """The consent screen: what goes, how to be contacted, and an explicit yes."""

    share = forms.MultipleChoiceField(
        label=_("Your answers"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    passphrase_again = forms.CharField(
        label=_("Type your passphrase again"),
        strip=False,
        max_length=MAX_PASSPHRASE,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_("Yes, send this to the organisation"),
        error_messages={"required": _("Tick this box if you want to send it.")},
    )

    field_order = [
        "share",
        "story",
        "channel",
        "contact_value",
        "safe_times",
        "no_voicemail",
        "no_mail",
        "code_word",
        "passphrase",
        "passphrase_again",
        "consent",
    ]

    def __init__(self, *args: Any, items: list[ShareItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        field = self.fields["share"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(item.key, f"{item.question}: {item.value}") for item in items]
        field.initial = [item.key for item in items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases are not the same."))
        return data


class AccessForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("For example ABCD-EFGH-JKMN."),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    passphrase = forms.CharField(
        label=_("Your passphrase"),
        max_length=MAX_PASSPHRASE,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_MESSAGE}),
    )


class OnwardDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Yes")), ("refuse", _("No"))])


class StaffMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message or question to the person"),
        help_text=_("The person reads this on their status page. Never put the code word in a message."),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_MESSAGE}),
    )


class FirstContactForm(forms.Form):
    note = forms.CharField(
        label=_("Note about the first contact"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE}),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Explanation for the person"),
        help_text=_("The person reads this. Say where they can go instead, if you know."),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE}),
    )


class ProposeForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation you propose"), choices=())
    note = forms.CharField(
        label=_("Why this organisation (the person reads this)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE}),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose an organisation")), *organisations]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note, only for your organisation"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE}),
    )


class FindByCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code the person gives you"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
