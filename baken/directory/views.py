from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from baken.directory.filters import DirectoryFilter, filter_organisations
from baken.directory.forms import LANGUAGE_NAMES, DirectoryFilterForm
from baken.directory.hours import public_holiday
from baken.directory.selectors import directory_snapshot, organisation_get
from baken.directory.vocabulary import Violence


def language_name(code: str) -> str:
    """The language's name in the page's language ("Arabisch"), or the code when unknown."""
    if code in LANGUAGE_NAMES:
        return str(LANGUAGE_NAMES[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


# No CSRF token: filtering reads and changes nothing, and a token would be a cookie in the
# browser of someone who only looked (see docs/accessibility.md).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.POST if request.method == "POST" else None)
    moment = timezone.now()
    criteria = DirectoryFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = DirectoryFilter(
            violence=tuple(data["violence"]),
            help_type=tuple(data["help_type"]),
            target_group=tuple(data["target_group"]),
            language=tuple(data["language"]),
            channel=tuple(data["channel"]),
            open_now=data["open_now"],
            query=data["q"].strip(),
        )
    organisations = filter_organisations(directory_snapshot(), criteria, moment)
    groups: list[dict[str, Any]] = [
        {"field": form[name], "chosen": len(form[name].value() or []) if form.is_bound else 0}
        for name in ("violence", "help_type", "target_group", "language", "channel")
    ]
    context = {
        "form": form,
        "groups": groups,
        "chosen": sum(g["chosen"] for g in groups) + (1 if form.is_bound and form["open_now"].value() else 0),
        "organisations": [
            {"org": org, "open": org.open_at(moment), "next_open": org.next_open(moment)} for org in organisations
        ],
        "moment": moment,
        "holiday": public_holiday(timezone.localdate(moment), get_language()),
    }
    template = "directory/_results.html" if request.headers.get("HX-Request") else "directory/list.html"
    return render(request, template, context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_get(slug=slug)
    moment = timezone.now()
    channels = [
        {
            "channel": c,
            "open": c.open_at(moment),
            "next_open": c.next_open(moment),
            "languages": [language_name(code) for code in c.languages],
        }
        for c in org.channels
    ]
    return render(
        request,
        "directory/detail.html",
        {
            "org": org,
            "channels": channels,
            "open": org.open_at(moment),
            "next_open": org.next_open(moment),
            "moment": moment,
            "holiday": public_holiday(timezone.localdate(moment), get_language()),
            # In vocabulary order, so every organisation lists its topics the same way.
            "violence_codes": [code for code in Violence.values if code in org.violence],
        },
    )
