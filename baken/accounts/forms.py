from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Six digits. The code changes every 30 seconds."),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MemberForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        help_text=_("Letters, digits and . @ + - _ only."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Only for the message that something new is waiting. Never for content."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("organisation staff", _("Staff member")), ("organisation admin", _("Organisation admin"))],
        widget=forms.RadioSelect,
    )
