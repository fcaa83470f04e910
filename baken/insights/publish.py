"""The landscape report as files: the gap report and the usage summary in HTML and CSV,
for people who do not log in. The same builders as the staff pages, so the same numbers
and the same suppression."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from baken.directory.selectors import directory_snapshot
from baken.insights import reports, selectors
from baken.insights.exports import csv_text


def write_landscape_report(out: Path, *, week_of: date, threshold: int, language: str) -> list[Path]:
    """Write every file into `out`; return their paths."""
    gap_view = reports.gap_report_view(directory_snapshot(), week_of)
    summary = selectors.usage_summary(threshold=threshold)
    files: dict[str, str] = {}
    for table in reports.GAP_TABLES:
        header, rows = reports.gap_csv_rows(gap_view, table)
        files["gaps.csv" if table == "gaps" else f"gaps-{table}.csv"] = csv_text(header, rows)
    for usage_table in summary.tables:
        header, rows = reports.usage_csv_rows(usage_table)
        files[f"usage-{usage_table.ident}.csv"] = csv_text(header, rows)
    names = ["gaps.html", "usage.html", *files]
    made = formats.date_format(timezone.localtime(), "j F Y H:i")
    files["gaps.html"] = render_to_string(
        "insights/report/gaps.html",
        {"report": gap_view, "title": _("Gap report"), "made": made, "files": names, "language": language},
    )
    files["usage.html"] = render_to_string(
        "insights/report/usage.html",
        {
            "summary": summary,
            "threshold": threshold,
            "title": _("Usage counts"),
            "made": made,
            "files": names,
            "language": language,
        },
    )
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(("\ufeff" + text) if name.endswith(".csv") else text, encoding="utf-8")
        written.append(path)
    return written
