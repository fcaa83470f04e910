from django import forms
from django.utils.translation import gettext_lazy as _


class EmbedOriginForm(forms.Form):
    origin = forms.CharField(
        label=_("Address of the partner site"), max_length=200, help_text=_('For example "https://www.partner.nl".')
    )
    note = forms.CharField(label=_("Who is the partner?"), max_length=200, required=False)
