"""Staff pages of landscape insights: coverage heat map, a cell's services, the gap report,
"what if", and the usage counts; each table also as CSV. Read-only, staff with
`insights.view_insights` only."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from baken.accounts.permissions import staff_required
from baken.directory.selectors import directory_snapshot
from baken.insights import reports, selectors
from baken.insights.exports import csv_response
from baken.insights.forms import CellForm, CoverageForm, UsageForm, WhatIfForm

PERMISSION = "insights.view_insights"


def _query(form: CoverageForm, **extra: object) -> str:
    data = {k: v for k, v in (form.data.items() if form.is_bound else []) if k in form.fields and v}
    data.update({k: str(v) for k, v in extra.items() if v is not None})
    return urlencode(data)


@require_GET
@gzip_page
@staff_required(PERMISSION)
def coverage(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CoverageForm(request.GET or None, organisations=organisations)
    week = form.week()
    heat = reports.heat_map(organisations, form, week)
    base = _query(form)
    context = {
        "form": form,
        "heat": heat,
        "week": week,
        "previous_week": _query(form, week_of=(week - timedelta(days=7)).isoformat()),
        "next_week": _query(form, week_of=(week + timedelta(days=7)).isoformat()),
        "query": base,
        "cell_query": _query(form, week_of=week.isoformat()),
        "listing_age": reports.listing_age(organisations, timezone.localdate()),
    }
    return render(request, "insights/coverage.html", context)


@require_GET
@gzip_page
@staff_required(PERMISSION)
def coverage_csv(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CoverageForm(request.GET or None, organisations=organisations)
    header, rows = reports.coverage_csv_rows(organisations, form, form.week())
    return csv_response(f"coverage-{form.chosen_role()}-{form.week().isoformat()}.csv", header, rows)


@require_GET
@staff_required(PERMISSION)
def cell(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CellForm(request.GET or None, organisations=organisations)
    if not form.is_valid():
        return render(request, "insights/cell.html", {"form": form}, status=400)
    detail = reports.cell_detail(organisations, form)
    return render(request, "insights/cell.html", {"form": form, "cell": detail, "query": _query(form)})


@require_GET
@staff_required(PERMISSION)
def cell_csv(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CellForm(request.GET or None, organisations=organisations)
    if not form.is_valid():
        return render(request, "insights/cell.html", {"form": form}, status=400)
    header, rows = reports.cell_csv_rows(reports.cell_detail(organisations, form))
    return csv_response("coverage-cell.csv", header, rows)


@require_GET
@gzip_page
@staff_required(PERMISSION)
def gaps(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CoverageForm(request.GET or None, organisations=organisations)
    report = reports.gap_report_view(organisations, form.week())
    return render(request, "insights/gaps.html", {"form": form, "report": report, "query": _query(form)})


@require_GET
@gzip_page
@staff_required(PERMISSION)
def gaps_csv(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = CoverageForm(request.GET or None, organisations=organisations)
    week = form.week()
    table = request.GET.get("table", "gaps")
    header, rows = reports.gap_csv_rows(reports.gap_report_view(organisations, week), table)
    return csv_response(f"gaps-{table}-{week.isoformat()}.csv", header, rows)


@require_GET
@gzip_page
@staff_required(PERMISSION)
def what_if(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = WhatIfForm(request.GET or None, organisations=organisations)
    result = reports.what_if(organisations, form) if form.is_bound and form.is_valid() else None
    return render(
        request,
        "insights/what_if.html",
        {"form": form, "result": result, "query": _query(form)},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@staff_required(PERMISSION)
def what_if_csv(request: HttpRequest) -> HttpResponse:
    organisations = directory_snapshot()
    form = WhatIfForm(request.GET or None, organisations=organisations)
    if not (form.is_bound and form.is_valid()):
        return render(request, "insights/what_if.html", {"form": form}, status=400)
    header, rows = reports.what_if_csv_rows(reports.what_if(organisations, form))
    return csv_response("what-if.csv", header, rows)


@require_GET
@staff_required(PERMISSION)
def usage(request: HttpRequest) -> HttpResponse:
    summary = selectors.usage_summary(threshold=settings.BAKEN_SUPPRESSION_THRESHOLD)
    form = UsageForm(request.GET or None, months=summary.month_choices)
    month = form.cleaned_data.get("month") if form.is_bound and form.is_valid() else None
    summary = summary.with_violence_month(month) if month else summary
    return render(
        request,
        "insights/usage.html",
        {"form": form, "summary": summary, "threshold": settings.BAKEN_SUPPRESSION_THRESHOLD, "month": month or ""},
    )


@require_GET
@staff_required(PERMISSION)
def usage_csv(request: HttpRequest) -> HttpResponse:
    summary = selectors.usage_summary(threshold=settings.BAKEN_SUPPRESSION_THRESHOLD)
    form = UsageForm(request.GET or None, months=summary.month_choices)
    month = form.cleaned_data.get("month") if form.is_bound and form.is_valid() else None
    summary = summary.with_violence_month(month) if month else summary
    tables = {t.ident: t for t in summary.tables}
    ident = request.GET.get("table", "")
    if ident not in tables:
        return HttpResponse(_("Unknown table."), status=400, content_type="text/plain; charset=utf-8")
    header, rows = reports.usage_csv_rows(tables[ident])
    return csv_response(f"usage-{ident}.csv", header, rows)


@require_GET
@staff_required(PERMISSION)
def chat(request: HttpRequest) -> HttpResponse:
    """The staffed front door per hour: demand beside the Baken chat queues open then."""
    hours = selectors.chat_by_hour(threshold=settings.BAKEN_SUPPRESSION_THRESHOLD)
    return render(request, "insights/chat.html", {"hours": hours, "threshold": settings.BAKEN_SUPPRESSION_THRESHOLD})
