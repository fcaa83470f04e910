"""The listing editing form: the listing's own fields, each channel, one new channel, and the
source. Hidden state is never trusted: the change set is what differs from the database now."""

from __future__ import annotations

import copy
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baken.directory import hours
from baken.directory.models import Organisation
from baken.directory.vocabulary import ChannelType
from baken.listings.changes import LISTING_FIELDS
from baken.listings.models import SourceKind


# An <input type="date"> only shows ISO dates, whatever the page's language.
def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


UNKNOWN_YES_NO = [("", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]
TEXTAREAS = {
    "description_nl",
    "description_en",
    "on_contact_note_nl",
    "on_contact_note_en",
    "cost_note_nl",
    "cost_note_en",
}
BOOLEANS = {"anonymous", "cost_free"}
HOURS_HELP = _('OpenStreetMap syntax, e.g. "Mo-Fr 09:00-17:00; PH off" or "24/7". Leave empty when unknown.')
LANGUAGES_HELP = _('Two-letter codes separated by commas, e.g. "nl, en, ar". Leave empty when unknown.')


OFFERS_HELP = _(
    'A JSON list; a person fits when all conditions of one offer hold, e.g. [{"roles": ["victim"], '
    '"age_min": 12, "age_max": 23, "note": "website, 2026"}]. Codes as in the vocabulary.'
)


def _nullbool(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "")


def _bool_str(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _languages(raw: str) -> list[str]:
    codes = [c.strip().lower() for c in raw.replace(";", ",").split(",") if c.strip()]
    if not all(len(c) == 2 and c.isalpha() for c in codes):
        raise forms.ValidationError(_('Give two-letter language codes separated by commas, e.g. "nl, en".'))
    return list(dict.fromkeys(codes))


def _hours(raw: str) -> str:
    value = raw.strip()
    if value:
        try:
            hours.validate(value)
        except hours.InvalidHours as error:
            raise forms.ValidationError(
                _("These opening hours cannot be read: %(reason)s") % {"reason": error}
            ) from None
    return value


class ListingForm(forms.Form):
    source_kind = forms.ChoiceField(
        label=_("Where does this come from?"), choices=SourceKind.choices, widget=forms.RadioSelect
    )
    source_ref = forms.CharField(
        label=_("Web address or name of the document"),
        required=False,
        max_length=500,
        help_text=_("Not needed when the organisation confirms it itself."),
    )
    source_date = forms.DateField(
        label=_("Date of the source"),
        widget=date_input(),
        help_text=_("For a confirmation: the day the organisation confirmed it."),
    )
    confirms_all = forms.BooleanField(label=_("Everything else in this listing is still correct"), required=False)
    urgent = forms.BooleanField(
        label=_("Urgent: publish at once (a temporary closure, a changed number or hours)"),
        required=False,
        help_text=_("A platform editor checks it afterwards and can undo it."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.channels = list(organisation.channels.all())
        self.fields["source_date"].initial = timezone.localdate()
        for name, label in LISTING_FIELDS.items():
            current = getattr(organisation, name)
            if name in BOOLEANS:
                field: forms.Field = forms.ChoiceField(
                    choices=UNKNOWN_YES_NO, required=False, initial=_bool_str(current)
                )
            elif name == "alert_until":
                field = forms.DateField(required=False, initial=current, widget=date_input())
            elif name == "offers":
                field = forms.CharField(
                    required=False,
                    initial=json.dumps(current, ensure_ascii=False, indent=1),
                    widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
                    help_text=OFFERS_HELP,
                )
            elif name == "website":
                field = forms.URLField(required=False, initial=current, assume_scheme="https")
            else:
                widget = forms.Textarea(attrs={"rows": 3}) if name in TEXTAREAS else forms.TextInput()
                field = forms.CharField(required=False, initial=current, widget=widget, strip=True)
            field.label = label
            self.fields[name] = field
        for channel in self.channels:
            prefix = f"ch{channel.pk}"
            self.fields[f"{prefix}-value"] = forms.CharField(
                label=_("Number or address"), required=False, initial=channel.value, max_length=300
            )
            self.fields[f"{prefix}-opening_hours"] = forms.CharField(
                label=_("Opening hours"),
                required=False,
                initial=channel.opening_hours,
                max_length=500,
                help_text=HOURS_HELP,
            )
            self.fields[f"{prefix}-languages"] = forms.CharField(
                label=_("Languages"), required=False, initial=", ".join(channel.languages), help_text=LANGUAGES_HELP
            )
            self.fields[f"{prefix}-remove"] = forms.BooleanField(label=_("Remove this channel"), required=False)
        self.fields["new-type"] = forms.ChoiceField(
            label=_("Kind"), required=False, choices=[("", "—"), *ChannelType.choices]
        )
        self.fields["new-value"] = forms.CharField(label=_("Number or address"), required=False, max_length=300)
        self.fields["new-opening_hours"] = forms.CharField(
            label=_("Opening hours"), required=False, help_text=HOURS_HELP
        )
        self.fields["new-languages"] = forms.CharField(label=_("Languages"), required=False, help_text=LANGUAGES_HELP)
        self.fields["new-staffed"] = forms.BooleanField(label=_("A person answers"), required=False)

    def listing_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LISTING_FIELDS]

    def channel_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "channel": c,
                "fields": [self[f"ch{c.pk}-value"], self[f"ch{c.pk}-opening_hours"], self[f"ch{c.pk}-languages"]],
                "hours": self[f"ch{c.pk}-opening_hours"],
                "remove": self[f"ch{c.pk}-remove"],
            }
            for c in self.channels
        ]

    def new_channel_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("new-type", "new-value", "new-opening_hours", "new-languages", "new-staffed")]

    def clean_offers(self) -> list[dict[str, Any]]:
        raw = (self.cleaned_data.get("offers") or "").strip()
        try:
            value = json.loads(raw) if raw else []
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("This is not valid JSON: %(reason)s") % {"reason": error.msg}) from None
        probe = copy.copy(self.organisation)
        probe.offers = value
        try:
            probe.clean()
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict.get("offers") or error.messages) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in list(data):
            if name.endswith("opening_hours"):
                try:
                    data[name] = _hours(data[name] or "")
                except forms.ValidationError as error:
                    self.add_error(name, error)
            elif name.endswith("languages"):
                try:
                    data[name] = _languages(data[name] or "")
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if data.get("new-type") == "" and (data.get("new-value") or data.get("new-opening_hours")):
            self.add_error("new-type", _("Choose the kind of channel."))
        if data.get("source_kind") in {SourceKind.URL, SourceKind.DOCUMENT} and not data.get("source_ref"):
            self.add_error("source_ref", _("Give the web address or the name of the document."))
        return data

    def change_set(self) -> dict[str, Any]:
        """Only what differs from the listing as it is now."""
        data = self.cleaned_data
        org = self.organisation
        fields: dict[str, Any] = {}
        for name in LISTING_FIELDS:
            value = data.get(name)
            if name in BOOLEANS:
                value = _nullbool(value)
            elif name == "alert_until":
                value = value.isoformat() if value else None
                current = org.alert_until.isoformat() if org.alert_until else None
                if value != current:
                    fields[name] = value
                continue
            elif name == "offers":
                value = value if value is not None else org.offers
            else:
                value = value or ""
            if value != getattr(org, name):
                fields[name] = value
        channels: list[dict[str, Any]] = []
        for c in self.channels:
            prefix = f"ch{c.pk}"
            if data.get(f"{prefix}-remove"):
                channels.append({"op": "remove", "id": c.pk})
                continue
            changed = {}
            for name in ("value", "opening_hours", "languages"):
                value = data.get(f"{prefix}-{name}")
                if value is None:
                    continue
                if value != getattr(c, name):
                    changed[name] = value
            if changed:
                channels.append({"op": "update", "id": c.pk, "set": changed})
        if data.get("new-type"):
            channels.append(
                {
                    "op": "add",
                    "set": {
                        "type": data["new-type"],
                        "value": data.get("new-value") or "",
                        "opening_hours": data.get("new-opening_hours") or "",
                        "languages": data.get("new-languages") or [],
                        "staffed": bool(data.get("new-staffed")),
                    },
                }
            )
        result: dict[str, Any] = {}
        if fields:
            result["fields"] = fields
        if channels:
            result["channels"] = channels
        return result


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Why are you sending it back?"), widget=forms.Textarea(attrs={"rows": 3}))
