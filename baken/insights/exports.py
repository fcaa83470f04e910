"""CSV files of every insights table. Suppressed usage cells are written as they are shown
("< 10", "hidden"), never as numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> HttpResponse:
    # A byte-order mark lets spreadsheet programs read the accents right.
    response = HttpResponse("\ufeff" + csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
