from django import forms
from django.utils.translation import gettext_lazy as _

from baken.directory.vocabulary import ChannelType, HelpType, TargetGroup, Violence

LANGUAGE_CHOICES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("tr", _("Turkish")),
    ("pl", _("Polish")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("fr", _("French")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("zh", _("Chinese")),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


class DirectoryFilterForm(forms.Form):
    """Sent by POST: what a person filters on can say what happened to them, so it stays
    out of the URL and the browser history."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    violence = forms.MultipleChoiceField(
        label=_("What is it about?"), choices=Violence.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    help_type = forms.MultipleChoiceField(
        label=_("What kind of help?"), choices=HelpType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    target_group = forms.MultipleChoiceField(
        label=_("For whom?"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.MultipleChoiceField(
        label=_("Language"), choices=LANGUAGE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.MultipleChoiceField(
        label=_("How to reach them"), choices=ChannelType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    open_now = forms.BooleanField(label=_("Only show what is open now"), required=False)
