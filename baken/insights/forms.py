"""Input of the insights pages: which role, week and (optional) language, group or context;
which cell; which change for "what if". Validation only, no writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.conf.locale import LANG_INFO
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baken.directory import hours
from baken.directory.snapshot import OrganisationData
from baken.directory.vocabulary import Context, Role, TargetGroup, Violence
from baken.insights.coverage import Combination, week_start
from baken.insights.gaps import GROUPS_THAT_ARE_ROLES

ROLE_CHOICES = [
    (Role.VICTIM.value, _("Victim")),
    (Role.PERPETRATOR.value, _("Perpetrator")),
    (Role.RELATIVE.value, _("Relative")),
    (Role.BYSTANDER.value, _("Bystander")),
    (Role.PROFESSIONAL.value, _("Professional")),
    (Role.ACCUSED.value, _("Accused")),
]
TARGET_GROUP_CHOICES = [(c.value, c.label) for c in TargetGroup if c.value not in GROUPS_THAT_ARE_ROLES]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def language_label(code: str) -> str:
    info = LANG_INFO.get(code)
    return f"{gettext(info['name'])} ({code})" if info else code


def language_choices(organisations: Sequence[OrganisationData]) -> list[tuple[str, object]]:
    """The languages some channel in the directory lists."""
    codes = sorted({code for org in organisations for ch in org.channels for code in ch.languages})
    return [("", _("Any language")), *((code, language_label(code)) for code in codes)]


class CoverageForm(forms.Form):
    role = forms.ChoiceField(label=_("Who is asking"), choices=ROLE_CHOICES, initial=Role.VICTIM, required=False)
    week_of = forms.DateField(
        label=_("Week of"),
        required=False,
        help_text=_("Any day of that week. Public holidays count."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    target_group = forms.ChoiceField(
        label=_("Group"), required=False, choices=[("", _("No particular group")), *TARGET_GROUP_CHOICES]
    )
    context = forms.ChoiceField(
        label=_("Where it happens"), required=False, choices=[("", _("Anywhere")), *Context.choices]
    )

    def __init__(self, *args: Any, organisations: Sequence[OrganisationData] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(organisations)  # type: ignore[attr-defined]

    def _clean(self, name: str) -> Any:
        """A field's clean value, even when another field is wrong (None when absent or wrong)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get(name) or None

    def week(self) -> date:
        return week_start(self._clean("week_of") or timezone.localdate())

    def chosen_role(self) -> str:
        return self._clean("role") or Role.VICTIM.value

    def combination(self, violence: str) -> Combination:
        return Combination(
            role=self.chosen_role(),
            violence=violence,
            language=self._clean("language"),
            target_group=self._clean("target_group"),
            context=self._clean("context"),
        )


class CellForm(CoverageForm):
    violence = forms.ChoiceField(label=_("Violence type"), choices=Violence.choices)
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    hour = forms.IntegerField(label=_("Hour"), min_value=0, max_value=23)


class WhatIfForm(CoverageForm):
    REMOVE = "remove"
    HOURS = "hours"
    service = forms.ChoiceField(label=_("Service"))
    change = forms.ChoiceField(
        label=_("Change"),
        choices=[(REMOVE, _("Remove this service")), (HOURS, _("Give its staffed channels other opening hours"))],
        widget=forms.RadioSelect,
        initial=REMOVE,
    )
    opening_hours = forms.CharField(
        label=_("New opening hours"),
        required=False,
        max_length=500,
        help_text=_('OpenStreetMap opening hours, e.g. "Mo-Fr 08:00-22:00; Sa,Su 10:00-18:00" or "24/7".'),
    )

    def __init__(self, *args: Any, organisations: Sequence[OrganisationData] = (), **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        services = sorted((o for o in organisations if o.staffed_channels), key=lambda o: o.name.casefold())
        self.fields["service"].choices = [(o.slug, o.name) for o in services]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change") == self.HOURS:
            expression = (data.get("opening_hours") or "").strip()
            if not expression:
                self.add_error("opening_hours", _("Give the new opening hours."))
            else:
                try:
                    hours.validate(expression)
                except hours.InvalidHours as error:
                    self.add_error(
                        "opening_hours", _("These opening hours cannot be read: %(reason)s") % {"reason": error}
                    )
                data["opening_hours"] = expression
        return data


class UsageForm(forms.Form):
    month = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args: Any, months: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = list(months)  # type: ignore[attr-defined]
